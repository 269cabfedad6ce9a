import Foundation
import TaktPolicy
import Testing

@Suite("Model cards")
struct ModelCardTests {
    static let policies = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Plants/policies")

    @Test("an int8 file's card: quantized from its fp32 source, trained by imitation, the agreements its provenance recorded")
    func shippedInt8() throws {
        let file = try PolicyFile.load(path: Self.policies.appendingPathComponent("pick-int8.json").path)
        let card = ModelCard(file)
        #expect(card.source.hasPrefix("quantized to int8 by takt quantize from " + String(file.provenance["source_checksum"]!.prefix(19))))
        #expect(card.source.hasSuffix("trained by takt train, imitating the oracle"))
        #expect(card.precision == "int8" && card.checksum == file.checksum && card.model == "32-64-64-8 MLP, 6656 multiply-adds")
        #expect(card.fp32Agreement == Double(file.provenance["held_out_agreement_with_fp32"]!))
        #expect(card.teacherAgreement == Double(file.provenance["validation_accuracy"]!))
        #expect(card.entries.map(\.label) == ["source", "model", "precision", "checksum", "agreement with the teacher", "agreement with fp32"])
    }

    @Test("an fp32 file has no fp32 agreement line; a file without provenance says so; a decision's cost is measured")
    func fp32AndBare() throws {
        var file = try PolicyFile.load(path: Self.policies.appendingPathComponent("pick-fp32.json").path)
        #expect(!ModelCard(file).entries.contains { $0.label == "agreement with fp32" })
        file.provenance = [:]
        let bare = ModelCard(file)
        #expect(bare.source == "made elsewhere (no provenance recorded)" && bare.teacherAgreement == nil)
        #expect(bare.entries.contains { $0 == ("agreement with the teacher", "not recorded") })
        let cost = ModelCard.decisionCost(of: file, decisions: 2000)
        #expect(cost > 0 && cost < 1e6)
    }
}
