import Foundation

/// What a policy file is, in a few lines a reviewer can check: where the
/// model came from, its checksum and precision, how often it agrees with
/// the teacher and with its fp32 source, as its provenance records them.
///
/// `takt policy inspect` prints it with the decision cost measured on this
/// machine; `takt report` shows it beside the cost and agreement measured in
/// the runs.
public struct ModelCard: Sendable, Equatable {
    /// Where the model came from: trained by Takt, imported from ONNX, quantized from another file.
    public var source: String
    public var checksum: String
    public var precision: String
    /// The model in a few words: an MLP's shape, or an ensemble's trees.
    public var model: String
    /// Held-out share of decisions where the model agrees with the teacher (training's validation accuracy), if recorded.
    public var teacherAgreement: Double?
    /// Held-out share of decisions where an int8 model agrees with its fp32 source, if recorded.
    public var fp32Agreement: Double?

    public init(_ file: PolicyFile) {
        let p = file.provenance
        checksum = file.checksum
        precision = file.network.precision.rawValue
        switch file.network {
        case let .trees(e): model = "\(e.treeCount) trees of depth \(e.depth) (\(e.nodeCount) nodes)"
        default: model = file.network.shape.map(String.init).joined(separator: "-") + " MLP, \(file.network.macs) multiply-adds"
        }
        var origin: String
        if let onnx = p["imported_from"] {
            origin = "imported from ONNX (\(onnx))"
        } else if let command = p["command"], command.hasPrefix("takt train") {
            origin = "trained by takt train, imitating the \(p["teacher"] ?? "oracle")"
        } else {
            origin = "made elsewhere (no provenance recorded)"
        }
        if let quantized = p["quantized_by"] {
            origin = "quantized to int8 by " + (quantized.split(separator: " ").prefix(2).joined(separator: " "))
                + " from \(p["source_checksum"].map { String($0.prefix(19)) + "…" } ?? "an fp32 file"), " + origin
        }
        source = origin
        teacherAgreement = p["validation_accuracy"].flatMap(Double.init)
        fp32Agreement = p["held_out_agreement_with_fp32"].flatMap(Double.init)
    }

    /// The card as labelled lines, in order.
    public var entries: [(label: String, value: String)] {
        var rows: [(String, String)] = [("source", source), ("model", model), ("precision", precision), ("checksum", checksum)]
        let whose = precision == "int8" ? " (its fp32 source's, in training)" : " (in training)"
        rows.append(("agreement with the teacher", teacherAgreement.map { Self.percent($0) + " of held-out decisions" + whose } ?? "not recorded"))
        if precision == "int8" {
            rows.append(("agreement with fp32", fp32Agreement.map { Self.percent($0) + " of held-out decisions" } ?? "not recorded"))
        }
        return rows
    }

    static func percent(_ share: Double) -> String { String(format: "%.2f%%", share * 100) }

    /// Wall-clock nanoseconds per decision of `file`'s policy on this machine:
    /// the median of five rounds of `decisions` decisions on features drawn
    /// uniformly from 0…1, every action allowed.
    public static func decisionCost(of file: PolicyFile, decisions: Int = 20_000) -> Double {
        let policy = file.network.makePolicy()
        let n = file.schema.features.count
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let features = (0..<(256 * n)).map { _ -> Float in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 24)
        }
        let mask = [Bool](repeating: true, count: file.schema.actions.count)
        var rounds: [Double] = []
        var sink = 0
        features.withUnsafeBufferPointer { x in
            mask.withUnsafeBufferPointer { m in
                for _ in 0..<5 {
                    let start = DispatchTime.now().uptimeNanoseconds
                    for i in 0..<decisions { sink &+= policy.choose(features: x.baseAddress! + (i & 255) * n, mask: m.baseAddress!) }
                    rounds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / Double(decisions))
                }
            }
        }
        withExtendedLifetime(sink) {}
        return rounds.sorted()[2]
    }
}
