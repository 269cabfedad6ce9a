import TaktPolicy

/// The release decision point: which order of a source's bank is released
/// next — mixed-model sequencing.
///
/// The bank's orders form classes by colour and variant, in the order of
/// their oldest order; the first eight classes are the candidates, and
/// choosing a class releases its oldest order.
///
/// Each variant has a *load*: how much more (or less) work it brings than
/// the base product, in seconds summed over the stations where its work
/// differs ((factor − 1) × the station's mean, or its own mean − the
/// station's mean), scaled so the heaviest variant's magnitude is 1.
/// Features (32): for each class slot 1…8, `same` (1 when its colour is the
/// last released one), `load`, and `count` (its orders ÷ 8, at most 1); then
/// `has_last`, `run` (orders in a row in the last colour ÷ 8, at most 1),
/// `drift` (the released load minus the mix's average, summed over all
/// releases, ÷ 4 and clipped to ±1), `last_load`, `same_count` (orders in
/// the last colour ÷ 8, at most 1), `classes` (÷ 8), `fill` (orders in the
/// bank ÷ its size) and a constant `bias`. Empty slots are zeros and masked
/// out. Actions: the eight class slots.
public enum ReleasePoint {
    public static let candidates = 8

    public static let schema = DecisionSchema(
        point: "release", version: 1,
        features: (1...candidates).flatMap { ["k\($0).same", "k\($0).load", "k\($0).count"] }
            + ["has_last", "run", "drift", "last_load", "same_count", "classes", "fill", "bias"],
        actions: (1...candidates).map { "k\($0)" })
}
