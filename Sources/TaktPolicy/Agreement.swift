/// How often two networks choose the same allowed action.
public struct Agreement: Sendable {
    public var decisions: Int
    public var agreed: Int
    public var share: Double { decisions > 0 ? Double(agreed) / Double(decisions) : 1 }

    /// Compares an fp32 network with its int8 version (reference arithmetic) on recorded decisions.
    public static func measure(fp32: MLP, int8: QuantizedMLP, on data: TrainingData) -> Agreement {
        var agreed = 0
        for i in 0..<data.count {
            let x = data.row(i)
            let mask = Array(data.masks[(i * data.actionCount)..<((i + 1) * data.actionCount)])
            let a = fp32.referenceForward(x), b = int8.referenceForward(x)
            if maskedArgmax(a, mask, count: mask.count) == maskedArgmax(b, mask, count: mask.count) { agreed += 1 }
        }
        return Agreement(decisions: data.count, agreed: agreed)
    }
}
