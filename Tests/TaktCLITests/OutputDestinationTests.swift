import Foundation
import TaktTestSupport
import Testing

/// Outputs go where they are pointed, as pointed: standard output that cannot be written is an error, a
/// symbolic link keeps pointing at what is written, a named pipe or a device is written into, not replaced.
@Suite("Output destinations")
struct OutputDestinationTests {
    static let plant = ["Plants/validation/mm1.yaml", "--no-db", "--duration", "1d", "--warmup", "1h", "--replications", "2"]

    /// `takt arguments` with standard output on `/dev/full`: its exit status and standard error.
    func runIntoFullDevice(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = CLI.process(arguments)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
        let err = Pipe()
        process.standardError = err
        try process.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("Standard output on a full disk: exit 2 with the reason, never a crash or a success with nothing written",
          .enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func fullStandardOutput() throws {
        for arguments in [["run"] + Self.plant + ["--json"], ["run"] + Self.plant,
                          ["check", "Plants/validation/mm1.yaml", "--baseline", "Reports/baselines/mm1.json"], ["outputs"]] {
            let (status, stderr) = try runIntoFullDevice(arguments)
            #expect(status == 2 && stderr.hasPrefix("error: cannot write standard output: "), "\(arguments): \(status) \(stderr)")
        }
    }

    @Test("A symbolic link's target is written and the link kept; a named pipe is written into; a trace that cannot be finished fails after the results")
    func linksPipesAndDevices() throws {
        let dir = try CLI.temporaryDirectory()
        let link = dir.appendingPathComponent("check.xml"), target = dir.appendingPathComponent("reports/real.xml")
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "reports/real.xml")
        let check = try CLI.run(["check", "Plants/validation/mm1.yaml", "--baseline", "Reports/baselines/mm1.json", "--junit", link.path])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == "reports/real.xml")
        #expect(try String(contentsOf: target, encoding: .utf8).contains("<testsuites"))
        // A named pipe: a reader gets the file, and the pipe stays a pipe.
        let fifo = dir.appendingPathComponent("trace.fifo").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/cat")
        reader.arguments = [fifo]
        let received = Pipe()
        reader.standardOutput = received
        try reader.run()
        let traced = try CLI.run(["run"] + Self.plant + ["--trace", fifo])
        let bytes = received.fileHandleForReading.readDataToEndOfFile()
        reader.waitUntilExit()
        #expect(traced.status == 0 && bytes.starts(with: Data("takt-trace 3 ".utf8)), "\(traced.stderr)")
        #expect(try FileManager.default.attributesOfItem(atPath: fifo)[.type] as? FileAttributeType == .typeUnknown
                || (try FileManager.default.attributesOfItem(atPath: fifo)[.type] as? FileAttributeType) != .typeRegular)
        // A trace onto a full device: the results are printed, then the failure, exit 2; the device is still one.
        if FileManager.default.fileExists(atPath: "/dev/full") {
            let full = try CLI.run(["run"] + Self.plant + ["--trace", "/dev/full"])
            #expect(full.status == 2 && full.stdout.contains("Throughput") && full.stderr.contains("--trace: cannot finish /dev/full: No space left on device"),
                    "\(full.stdout)\n\(full.stderr)")
            #expect((try FileManager.default.attributesOfItem(atPath: "/dev/full")[.type] as? FileAttributeType) == .typeCharacterSpecial)
        }
    }
}
