import Foundation
@testable import TaktPlant
import TaktTestSupport
import Testing

/// Hostile YAML is refused before it is composed: alias bombs, deep nesting, huge files.
@Suite("YAML limits")
struct YAMLBudgetTests {
    /// Nine levels of ten aliases each: 10⁹ values once expanded, from a dozen lines.
    static func laughs(levels: Int = 9, under key: String = "stations") -> String {
        var lines = ["plant: bomb", "lol0: &lol0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1..<levels {
            lines.append("lol\(level): &lol\(level) [" + Array(repeating: "*lol\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        lines.append("\(key): *lol\(levels - 1)")
        return lines.joined(separator: "\n") + "\n"
    }

    func errors(_ yaml: String) -> [PlantFileError] { PlantErrors.errors(in: yaml, file: "bomb.yaml") }

    @Test("a billion laughs is refused at the alias that goes over, with its line, column and key path")
    func billionLaughs() throws {
        let started = Date()
        let found = errors(Self.laughs())
        #expect(Date().timeIntervalSince(started) < 10)
        let error = try #require(found.first)
        #expect(found.count == 1)
        #expect(error.message.contains("grows past 1000000 values when its aliases are expanded"), "\(error)")
        // 123,466 values come before lol5's list, each *lol4 adds 111,111: the eighth, on line 7, goes over.
        #expect(error.line == 7 && error.column == 14 + 7 * 7 && error.keyPath == "lol5[7]", "\(error)")
    }

    @Test("a key a mapping repeats is refused at the repeat, with its key path and the first's place; the same key in two mappings is not")
    func duplicateKey() throws {
        let found = errors("""
            plant: b
            sources: [{name: src, interarrival: 2min, next: s}]
            stations:
              - {name: s, process: 1min, next: out}
              - {name: t, process: 1min, process: {dist: exponential, mean: 1min}, next: out}
            sinks: [{name: out}]
            """)
        let error = try #require(found.first)
        #expect(found.count == 1)
        #expect(error.line == 5 && error.column == 30 && error.keyPath == "stations[1].process", "\(error)")
        #expect(error.message == "duplicate key 'process': the mapping has it already at line 5, column 15", "\(error)")
        let block = try #require(errors("plant: b\nrun:\n  seed: 1\n  duration: 2d\n  seed: 2\n").first)
        #expect(block.line == 5 && block.column == 3 && block.keyPath == "run.seed", "\(block)")
    }

    @Test("an alias bomb used as a mapping key is refused before Yams hashes the key")
    func bombAsKey() throws {
        let yaml = Self.laughs(levels: 12, under: "bomb").replacingOccurrences(of: "bomb: *lol11", with: "? *lol11\n: 1\n? *lol11\n: 2")
        let started = Date()
        let error = try #require(errors(yaml).first)
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(error.message.contains("aliases are expanded"), "\(error)")
    }

    @Test("a few aliases of a small anchor are fine: the budget counts values, not aliases")
    func smallAliases() {
        var budget = YAMLBudget()
        budget.maxValues = 30
        #expect(throws: Never.self) { try budget.check("a: &a [1, 2, 3]\nb: [*a, *a, *a]\nc: *a\n") }  // 25 values
        // 37 values: b's list is 1 + 6 × 4.
        #expect(throws: YAMLBudget.Exceeded.self) { try budget.check("a: &a [1, 2, 3]\nb: [*a, *a, *a, *a, *a, *a]\nc: *a\n") }
    }

    @Test("lists nested 100,000 deep are refused, not a stack overflow; at level 101 where libyaml does not refuse first")
    func deepNesting() throws {
        // libyaml looks ahead up to 1024 characters for a key: a thousand open brackets trip its own nesting limit first.
        let brackets = try #require(errors(String(repeating: "[", count: 100_000)).first)
        #expect(brackets.message == "YAML syntax error: lists and mappings are nested too deeply (while parsing at 1:1)", "\(brackets)")
        let mappings = try #require(errors(String(repeating: "{a: ", count: 100_000)).first)
        #expect(mappings.message == "lists and mappings are nested more than 100 levels deep", "\(mappings)")
        #expect(mappings.line == 1 && mappings.column == 401 && mappings.keyPath == Array(repeating: "a", count: 100).joined(separator: "."))
        let block = "stations:\n" + (0..<150).map { String(repeating: "  ", count: $0 + 1) + "-\n" }.joined()
        let error = try #require(errors(block).first)
        #expect(error.message.contains("nested more than 100 levels deep") && error.line == 101, "\(error)")
    }

    @Test("an empty file gets past the budget (libyaml asserts its input is not NULL) to its own error")
    func empty() {
        #expect(errors("").map(\.message) == ["the plant file is empty"])
        #expect(throws: Never.self) { try YAMLBudget().check("") }
    }

    @Test("a plant file over 16 MiB is refused by size before it is parsed")
    func hugeFile() throws {
        let yaml = "plant: big\ndescription: " + String(repeating: "x", count: PlantLoader.maxFileBytes) + "\n"
        let error = try #require(errors(yaml).first)
        #expect(error.message.contains("Takt reads plant files of at most \(PlantLoader.maxFileBytes)"), "\(error.message.prefix(200))")
    }

    @Test("a long key is cut in key paths, so deep paths of long keys stay small")
    func longKeys() throws {
        let key = String(repeating: "k", count: 1000)  // libyaml takes keys up to 1024 characters
        let yaml = String(repeating: "{\(key): ", count: 101)
        var budget = YAMLBudget()
        budget.maxDepth = 100
        do {
            try budget.check(yaml)
            Issue.record("nesting 101 deep passed")
        } catch {
            #expect(error.keyPath.count == 100 * 80 + 99)
        }
    }
}
