import Foundation
import TaktTestSupport
import Testing

/// The shape the line model's redesign promised, kept: a small core, small files.
@Suite("Architecture")
struct ArchitectureTests {
    @Test("the core's type keeps at most 30 stored properties")
    func coreStoredProperties() throws {
        let text = try String(contentsOfFile: Repository.path("Sources/TaktPlant/Line/LineModel.swift"), encoding: .utf8)
        let body = try #require(text.components(separatedBy: "public final class LineModel").last?.components(separatedBy: "    public init(").first)
        let stored = body.split(separator: "\n").filter { $0.hasPrefix("    let ") || $0.hasPrefix("    var ") }
        #expect(stored.count >= 20, "the count must see the properties: \(stored.count)")
        #expect(stored.count <= 30, "\(stored.count) stored properties:\n\(stored.joined(separator: "\n"))")
    }

    @Test("no Swift source file passes 400 lines (generated code aside)")
    func fileLength() throws {
        let root = URL(fileURLWithPath: Repository.path("Sources"))
        let files = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
        var long: [String] = []
        for case let url as URL in files where url.pathExtension == "swift" && !url.lastPathComponent.hasSuffix(".pb.swift") {
            let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).count
            if lines > 401 { long.append("\(url.path): \(lines) lines") }
        }
        #expect(long.isEmpty, "\(long)")
    }
}
