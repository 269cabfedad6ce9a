import Foundation
import TaktPolicy
import Testing

@Suite("Policy model files")
struct PolicyFileTests {
    static let schema = DecisionSchema(point: "pick", version: 1, features: ["a", "b", "c", "d", "e"], actions: ["x", "y", "z"])

    func files() throws -> (PolicyFile, PolicyFile) {
        var rng = TestRandom(state: 5)
        let mlp = rng.mlp([5, 9, 3])
        let q = try Quantizer.quantize(mlp, calibration: rng.inputs(5, count: 30))
        return (PolicyFile(schema: Self.schema, network: .fp32(mlp), provenance: ["made_by": "test"]),
                PolicyFile(schema: Self.schema, network: .int8(q)))
    }

    func temporary() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("policy-\(UUID().uuidString).json").path
    }

    @Test("fp32 and int8 files round-trip exactly")
    func roundTrip() throws {
        let (fp32, int8) = try files()
        for file in [fp32, int8] {
            let path = temporary()
            try file.write(to: path)
            #expect(try PolicyFile.load(path: path) == file)
        }
    }

    /// The file's JSON text with one replacement applied, decoded.
    func decodeEdited(_ file: PolicyFile, _ edit: (String) -> String) throws -> String {
        let text = edit(String(decoding: try file.jsonData(), as: UTF8.self))
        do {
            _ = try PolicyFile.decode(Data(text.utf8), path: "m.json")
            return "accepted"
        } catch {
            return error.description
        }
    }

    @Test("a changed number, a wrong version, a bad int8 weight or a missing key is a clear error")
    func corrupt() throws {
        let (fp32, int8) = try files()
        // Change the first weight's text: the checksum no longer matches.
        let changed = try decodeEdited(fp32) { text in
            let range = text.range(of: "\"weights\" : [\n")!
            var rest = text[range.upperBound...]
            let end = rest.firstIndex(of: ",")!
            rest.replaceSubrange(rest.startIndex..<end, with: "      0.123")
            return String(text[..<range.upperBound]) + rest
        }
        #expect(changed.hasPrefix("m.json: checksum mismatch"))
        #expect(try decodeEdited(fp32) { $0.replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 9") }
            == "m.json: format version 9 is not supported (this Takt reads version 1)")
        let int8Weight = try decodeEdited(int8) { text in
            let range = text.range(of: "\"weights_int8\" : [\n")!
            var rest = text[range.upperBound...]
            let end = rest.firstIndex(of: ",")!
            rest.replaceSubrange(rest.startIndex..<end, with: "      -128")
            return String(text[..<range.upperBound]) + rest
        }
        #expect(int8Weight.contains("weights must lie in -127…127"))
        #expect(try decodeEdited(fp32) { $0.replacingOccurrences(of: "\"checksum\"", with: "\"checksun\"") } == "m.json: missing key 'checksum'")
        #expect(try decodeEdited(fp32) { String($0.dropLast(20)) }.hasPrefix("m.json: not valid JSON"))
        // Where the JSON breaks, as line and column (the decoder says only that it is not JSON).
        #expect(try decodeEdited(fp32) { "{\n  \"format\": \"takt-policy\",\n  \"version\": 1 x" + $0.dropFirst(1) }
                    .hasPrefix("m.json: not valid JSON: Invalid value at line 3, column"))
        #expect(JSONSyntax.problem(in: Data("\n\n  {\"a\": 1}}".utf8)) == "Invalid value at line 3, column 11")
        #expect(JSONSyntax.problem(in: Data("{\"a\": [1, 2]}".utf8)) == nil)
        #expect(throws: PolicyFileError.self) { try PolicyFile.load(path: "/nonexistent/model.json") }
    }

    @Test("a model for another decision point or feature set is refused when bound")
    func mismatch() throws {
        let (fp32, _) = try files()
        #expect(throws: Never.self) { try fp32.check(against: Self.schema, path: "m.json") }
        var other = Self.schema
        other.point = "release"
        #expect(throws: PolicyFileError(path: "m.json", message: "the model is for decision point 'pick', not 'release'")) {
            try fp32.check(against: other, path: "m.json")
        }
        other = Self.schema
        other.features.append("f")
        #expect(throws: PolicyFileError(path: "m.json", message: "the model takes 5 features, 'pick' gives 6")) {
            try fp32.check(against: other, path: "m.json")
        }
        other = Self.schema
        other.features[2] = "q"
        #expect(throws: PolicyFileError(path: "m.json", message: "feature 2 is 'c' in the model, 'q' at 'pick'")) {
            try fp32.check(against: other, path: "m.json")
        }
    }
}
