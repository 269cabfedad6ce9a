import Foundation
import TaktStore
import TaktTestSupport
import Testing

/// Stores the user cannot write to: a missing folder, a read-only file system, a full disk.
@Suite("Run store faults, end to end", .serialized)
struct StoreFaultTests {
    let plant = Repository.path("Plants/validation/mm1.yaml")
    let quick = ["--duration", "2d", "--warmup", "1h"]

    /// Mounts a tmpfs of `kilobytes` on a new folder (root only); nil, with a message, when that cannot be done.
    func smallFileSystem(kilobytes: Int) throws -> URL? {
        guard getuid() == 0 else {
            print("SKIP: mounting a small file system needs root")
            return nil
        }
        let folder = try CLI.temporaryDirectory()
        guard shell("/bin/mount", "-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", folder.path) == 0 else {
            print("SKIP: tmpfs could not be mounted here")
            return nil
        }
        return folder
    }

    @discardableResult
    func shell(_ arguments: String...) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test("A store in a folder that does not exist: exit 3, the folder named, nothing simulated")
    func missingFolder() throws {
        let db = try CLI.temporaryDirectory().appendingPathComponent("no/such/folder/runs.sqlite").path
        let outcome = try CLI.run(["run", plant, "--db", db] + quick)
        #expect(outcome.status == 3)
        #expect(outcome.stderr.contains("the folder '\(URL(fileURLWithPath: db).deletingLastPathComponent().path)' does not exist"), "\(outcome.stderr)")
        #expect(!outcome.stdout.contains("Throughput"))
    }

    @Test("A store on a read-only file system: runs refuse it with exit 3 and a clear message; reading commands still read it")
    func readOnlyStore() throws {
        guard let folder = try smallFileSystem(kilobytes: 4096) else { return }
        defer { shell("/bin/umount", folder.path) }
        let db = folder.appendingPathComponent("runs.sqlite").path
        let first = try CLI.run(["run", plant, "--db", db, "--replications", "2"] + quick)
        #expect(first.status == 0, "\(first.stderr)")
        let experiment = Repository.path("Plants/experiments/faster-server.yaml")
        let comparedDB = folder.appendingPathComponent("compared.sqlite").path
        let compared = try CLI.run(["compare", experiment, "--db", comparedDB, "--json"])
        #expect(compared.status == 0, "\(compared.stderr)")
        #expect(shell("/bin/mount", "-o", "remount,ro", folder.path) == 0)
        // Comparing what is stored only reads: the same comparison.
        let again = try CLI.run(["compare", experiment, "--db", comparedDB, "--from-db", "--json"])
        #expect(again.status == 0 && again.stdout == compared.stdout, "\(again.stderr)")
        let refused = try CLI.run(["run", plant, "--db", db] + quick)
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("read-only"), "\(refused.stderr)")
        let listed = try CLI.run(["runs", "--db", db])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.components(separatedBy: "mm1").count - 1 == 2, "\(listed.stdout)")
    }

    @Test("A disk that fills during a run: exit 3, the replications finished before it stay whole, the results are printed")
    func fullDisk() throws {
        guard let folder = try smallFileSystem(kilobytes: 256) else { return }
        defer { shell("/bin/umount", folder.path) }
        let db = folder.appendingPathComponent("runs.sqlite").path
        let outcome = try CLI.run(["run", plant, "--db", db, "--replications", "40", "--json"] + quick)
        #expect(outcome.status == 3)
        #expect(outcome.stderr.contains("disk is full"), "\(outcome.stderr)")
        // The results of all 40 replications are still printed.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(json["replications"] as? Int == 40)
        // The store opens (read-only: the disk is still full) and every stored run is whole.
        let store = try RunStore(path: db, access: .readOnly)
        let runs = try store.recentRuns(limit: 100)
        #expect(!runs.isEmpty && runs.count < 40, "\(runs.count) runs stored")
        #expect(outcome.stderr.contains("\(runs.count) of 40 replications were stored before the failure"), "\(outcome.stderr)")
        let metricCounts = Set(try runs.map { try store.metrics(runID: try #require($0.id)).count })
        #expect(metricCounts.count == 1)
    }
}
