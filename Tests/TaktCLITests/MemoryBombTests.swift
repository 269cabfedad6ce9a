import Foundation
import TaktTestSupport
import Testing

/// Inputs built to exhaust memory or time are refused with a clear error (exit 2),
/// within 512 MiB of address space and 60 s, never a crash or a hang.
@Suite("Memory bombs")
struct MemoryBombTests {
    static let memoryMiB = 512
    static let seconds = 60

    /// Twelve levels of ten aliases: 10¹² values once expanded.
    static let laughs = (1..<12).map { "lol\($0): &lol\($0) [" + Array(repeating: "*lol\($0 - 1)", count: 10).joined(separator: ", ") + "]" }
        .joined(separator: "\n")

    /// Writes `text` to `name` in a fresh folder and runs `takt` on it (the file's path replaces `FILE`), bounded.
    func refuse(_ text: String, name: String, _ arguments: [String] = ["validate", "FILE"],
                sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return try refuse(arguments.map { $0 == "FILE" ? file.path : $0 }, in: dir, sourceLocation: sourceLocation)
    }

    func refuse(_ arguments: [String], in dir: URL = Repository.root, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let out = try CLI.runBounded(arguments, memoryMiB: Self.memoryMiB, seconds: Self.seconds, in: dir)
        #expect(out.status == 2, "exit \(out.status): \(out.stderr.prefix(2000))", sourceLocation: sourceLocation)
        #expect(!out.stderr.contains("Fatal error"), sourceLocation: sourceLocation)
        return out.stderr
    }

    @Test("a billion laughs in a plant: the alias that goes over is named, with line, column and key path")
    func billionLaughs() throws {
        // As a mapping key the bomb is hashed by Yams while composing (a duplicate-key check), before any reader sees it.
        let yaml = "plant: bomb\nlol0: &lol0 [x, x, x, x, x, x, x, x, x, x]\n\(Self.laughs)\n? *lol11\n: 1\n"
        let stderr = try refuse(yaml, name: "bomb.yaml")
        #expect(stderr.contains("bomb.yaml:7:63: lol5[7]: the document grows past 1000000 values when its aliases are expanded"), "\(stderr)")
    }

    @Test("an alias bomb in an experiment's overrides is refused before any variant is built")
    func experimentBomb() throws {
        let plant = Repository.root.appendingPathComponent("Plants/xiaomi-ev.yaml").path
        // Anchored in the variants' descriptions, which the reader never reads; the last variant's override
        // would be serialized (for the content hash) with every alias expanded.
        let anchors = (1..<12).map { "  - {name: a\($0), description: &lol\($0) [" + Array(repeating: "*lol\($0 - 1)", count: 10).joined(separator: ", ") + "]}" }
        let yaml = "experiment: bomb\nplant: \(plant)\nvariants:\n  - {name: a0, description: &lol0 [x, x, x, x, x, x, x, x, x, x]}\n"
            + anchors.joined(separator: "\n") + "\n  - {name: bomb, set: {stations.body-cell-01.buffer: *lol11}}\n"
        let stderr = try refuse(yaml, name: "experiment.yaml")
        #expect(stderr.contains("experiment.yaml:9:85: variants[5].description[7]: the document grows past"), "\(stderr)")
    }

    @Test("YAML nested 100,000 levels deep, or 150 in block style, is refused")
    func deepYAML() throws {
        let flow = try refuse("stations: " + String(repeating: "[", count: 100_000), name: "deep.yaml")
        #expect(flow.contains("deep.yaml:1:12: YAML syntax error: lists and mappings are nested too deeply"), "\(flow.prefix(1000))")
        let block = try refuse("stations:\n" + (0..<150).map { String(repeating: " ", count: $0 + 1) + "-\n" }.joined(), name: "block.yaml")
        #expect(block.contains("block.yaml:101:101: stations" + String(repeating: "[0]", count: 99) + ": lists and mappings are nested more than 100 levels deep"),
                "\(block.prefix(1000))")
    }

    @Test("JSON nested 100,000 levels deep in a policy file is refused")
    func deepJSON() throws {
        let stderr = try refuse(String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000), name: "deep.json",
                                ["policy", "inspect", "FILE"])
        #expect(stderr.contains("deep.json"), "\(stderr.prefix(1000))")
    }

    @Test("huge declared sizes are refused where they are written")
    func hugeSizes() throws {
        let plant = "plant: big\nsources:\n  - {name: in, takt: 60s, next: work}\nstations:\n  - name: work\n    process: {dist: exponential, mean: 40s}\n"
        let servers = try refuse(plant + "    servers: 1000000000\n    next: out\nsinks:\n  - name: out\n", name: "servers.yaml")
        #expect(servers.contains("servers.yaml:7:14: stations[0].servers: must be in 1…10000, got 1000000000"), "\(servers)")
        let buffer = try refuse(plant + "    buffer: 1e18\n    next: out\nsinks:\n  - name: out\n", name: "buffer.yaml")
        #expect(buffer.contains("buffer.yaml:7:13: stations[0].buffer:"), "\(buffer)")
    }

    @Test("a plant or policy file over its size limit, or a device with no end, is refused by size without reading it all")
    func hugeFiles() throws {
        let long = try refuse("plant: long\ndescription: " + String(repeating: "x", count: 17 << 20) + "\n", name: "long.yaml")
        #expect(long.contains("long.yaml: cannot read the plant file: larger than 16 MiB"), "\(long.prefix(500))")
        let zero = try refuse(["validate", "/dev/zero"])
        #expect(zero.contains("/dev/zero: cannot read the plant file: larger than 16 MiB"), "\(zero)")
        // Sparse: 8 GiB long, no disk used.
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["huge.yaml", "huge.json"] {
            let fd = open(dir.appendingPathComponent(name).path, O_CREAT | O_WRONLY, 0o644)
            #expect(fd >= 0 && ftruncate(fd, 8 << 30) == 0)
            close(fd)
        }
        let plant = try refuse(["validate", "huge.yaml"], in: dir)
        #expect(plant.contains("huge.yaml: cannot read the plant file: larger than 16 MiB"), "\(plant)")
        let policy = try refuse(["policy", "inspect", "huge.json"], in: dir)
        #expect(policy.contains("huge.json: cannot read the policy file (larger than 64 MiB"), "\(policy)")
    }

    @Test("a plant read from a pipe whose writer is slow is read to its end, not refused as empty")
    func slowPipe() throws {
        let dir = try CLI.temporaryDirectory()
        let fifo = dir.appendingPathComponent("plant.yaml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // The writer opens the pipe, then takes a second to write the plant (like `takt run <(make-plant)`).
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/bin/sh")
        writer.arguments = ["-c", "exec 3>'\(fifo)'; sleep 1; cat '\(Repository.path("Plants/validation/mm1.yaml"))' >&3"]
        try writer.run()
        let out = try CLI.run(["run", fifo, "--duration", "2h", "--warmup", "1h", "--replications", "1", "--no-db"])
        writer.waitUntilExit()
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("mm1"), "\(out.stdout)")
    }

    @Test("a policy file, an ONNX model or an empirical CSV that is /dev/zero is refused by size")
    func devices() throws {
        let policy = try refuse(["policy", "inspect", "/dev/zero"])
        #expect(policy.contains("larger than 64 MiB"), "\(policy)")
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let onnx = try refuse(["policy", "import", "/dev/zero", "--point", "pick", "--out", dir.appendingPathComponent("p.json").path])
        #expect(onnx.contains("larger than 256 MiB"), "\(onnx)")
        let csv = try refuse("""
            plant: csv
            sources:
              - {name: in, takt: 60s, next: work}
            stations:
              - name: work
                process: {dist: empirical, file: /dev/zero, column: t}
                next: out
            sinks:
              - name: out
            """, name: "csv.yaml")
        #expect(csv.contains("csv.yaml:6:38: stations[0].process.file: cannot read '/dev/zero': larger than 64 MiB"), "\(csv)")
    }
}
