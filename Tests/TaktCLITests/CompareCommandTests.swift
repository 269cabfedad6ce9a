import Foundation
import GRDB
import TaktStore
import TaktTestSupport
import Testing

/// `takt compare`, end to end.
@Suite("takt compare, end to end")
struct CompareCommandTests {
    /// A two-variant experiment on the M/M/1 validation plant, written to `dir`.
    func experiment(in dir: URL, replications: Int = 4, duration: String = "5d", warmup: String = "1d") throws -> String {
        let path = dir.appendingPathComponent("faster.yaml").path
        try """
            experiment: faster-server
            plant: \(Repository.path("Plants/validation/mm1.yaml"))
            run: {replications: \(replications), duration: \(duration), warmup: \(warmup)}
            figures: [lead_time_mean, throughput_per_hour]
            variants:
              - name: base
              - name: faster
                set: {stations.server.process: {dist: exponential, mean: 30s}}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("--resume after a value changed says the stored runs are of other content, and runs every replication afresh")
    func resumeAfterChange() throws {
        let dir = try CLI.temporaryDirectory()
        let db = dir.appendingPathComponent("runs.sqlite").path
        #expect(try CLI.run(["compare", try experiment(in: dir, replications: 2, duration: "2d"), "--db", db]).status == 0)
        let resumed = try CLI.run(["compare", try experiment(in: dir, replications: 3, duration: "2d"), "--db", db, "--resume"])
        #expect(resumed.status == 0 && resumed.stderr.contains("holds runs of experiment 'faster-server' made from other content"), "\(resumed.stderr)")
        #expect(try RunStore(path: db).runCount() == 4 + 6)
    }

    @Test("stores every replication under the experiment and its variant; --json gives the paired differences")
    func storesAndCompares() throws {
        let dir = try CLI.temporaryDirectory()
        let db = dir.appendingPathComponent("runs.sqlite").path
        let out = try CLI.run(["compare", try experiment(in: dir), "--db", db, "--json"])
        #expect(out.status == 0, "\(out.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        #expect(doc["baseline"] as? String == "base" && doc["replications"] as? Int == 4)
        let diffs = try #require(doc["differences"] as? [[String: Any]])
        let lead = try #require(diffs.first { $0["figure"] as? String == "lead_time_mean" })
        #expect(lead["significant"] as? Bool == true && lead["verdict"] as? String == "better")
        #expect(doc["ranking"] as? [String] == ["faster", "base"] || doc["ranking"] as? [String] == ["base", "faster"])
        // Traceable to its inputs: the experiment's hash as the store keeps it, the plants', the seed and the run length.
        let provenance = try #require(doc["provenance"] as? [String: Any])
        let stored = try #require(try RunStore(path: db).experiments(named: "faster-server").first)
        #expect(provenance["hash"] as? String == stored.hash && (provenance["plant_hashes"] as? [String: String])?.count == 2)
        #expect(provenance["duration_s"] as? Double == 5 * 86_400 && provenance["seed"] != nil && provenance["takt_version"] as? String != nil)
        let queue = try DatabaseQueue(path: db)
        let rows = try queue.read { try Row.fetchAll($0, sql: """
            SELECT e.name, r.variant, count(*) AS n FROM runs r JOIN experiments e ON e.id = r.experiment_id GROUP BY e.name, r.variant ORDER BY r.variant
            """) }
        #expect(rows.map { "\($0["name"] as String):\($0["variant"] as String):\($0["n"] as Int)" } == ["faster-server:base:4", "faster-server:faster:4"])
    }

    @Test("the table marks significant differences; a broken experiment is bad input (exit 2) at its line")
    func tableAndErrors() throws {
        let dir = try CLI.temporaryDirectory()
        let path = try experiment(in: dir)
        let table = try CLI.run(["compare", path, "--no-db"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("2 variants × 4 replications, common random numbers; baseline 'base'"))
        #expect(table.stdout.contains("* better"))
        try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "stations.server.process", with: "stations.sever.process")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let broken = try CLI.run(["compare", path, "--no-db"])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("faster.yaml:8:") && broken.stderr.contains("did you mean 'server'?"))
    }

    /// The comparison's JSON as an object.
    func object(_ text: String) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary)
    }

    @Test("four shards, merged, give exactly the single-machine comparison; merging a shard again adds nothing")
    func shardAndMerge() throws {
        let dir = try CLI.temporaryDirectory()
        let path = try experiment(in: dir, replications: 6)
        let single = try CLI.run(["compare", path, "--db", dir.appendingPathComponent("single.sqlite").path, "--json"])
        #expect(single.status == 0, "\(single.stderr)")
        var shards: [String] = []
        for i in 0..<4 {
            let db = dir.appendingPathComponent("shard-\(i).sqlite").path
            let out = try CLI.run(["compare", path, "--db", db, "--shard", "\(i)/4"])
            #expect(out.status == 0, "\(out.stderr)")
            #expect(try RunStore(path: db).runCount() == 2 * (i < 2 ? 2 : 1))  // replications 0…5 mod 4, two variants
            shards.append(db)
        }
        let merged = dir.appendingPathComponent("merged.sqlite").path
        let merge = try CLI.run(["merge", merged] + shards)
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(try RunStore(path: merged).runCount() == 12)
        let again = try CLI.run(["merge", merged, shards[0]])
        #expect(again.stdout.contains("0 run(s) added, 4 already in"))
        #expect(try RunStore(path: merged).runCount() == 12)
        // The output among the inputs (a glob run again), by another path to the same file: skipped at once, not waited on.
        let started = Date()
        let globbed = try CLI.run(["merge", merged, "./" + URL(fileURLWithPath: merged).lastPathComponent] + shards, in: dir)
        #expect(globbed.status == 0 && globbed.stderr.contains("is the store merged into") && Date().timeIntervalSince(started) < 30, "\(globbed.stderr)")
        #expect(try RunStore(path: merged).runCount() == 12)
        let fromDB = try CLI.run(["compare", path, "--from-db", "--db", merged, "--json"])
        #expect(fromDB.status == 0, "\(fromDB.stderr)")
        #expect(try object(fromDB.stdout) == (try object(single.stdout)))
        // One shard alone has too few replications of every variant to compare.
        let partial = try CLI.run(["compare", path, "--from-db", "--db", shards[3]])
        #expect(partial.status == 2 && partial.stderr.contains("a comparison needs at least 2"))
        // Three of four shards merged: compared with a note, the JSON saying it is not complete; --require-all refuses it.
        let three = dir.appendingPathComponent("three.sqlite").path
        #expect(try CLI.run(["merge", three] + shards.prefix(3)).status == 0)
        let short = try CLI.run(["compare", path, "--from-db", "--db", three, "--json"])
        let shortJSON = try object(short.stdout)
        #expect(short.status == 0 && short.stderr.contains("holds 5 of the 6 replications"), "\(short.stderr)")
        #expect(shortJSON["replications_planned"] as? Int == 6 && shortJSON["complete"] as? Bool == false)
        #expect((try object(fromDB.stdout))["complete"] as? Bool == true)
        let required = try CLI.run(["compare", path, "--from-db", "--require-all", "--db", three])
        #expect(required.status == 2 && required.stderr.contains("--require-all:") && required.stdout.isEmpty, "\(required.stderr)")
        #expect(try CLI.run(["compare", path, "--from-db", "--require-all", "--db", merged]).status == 0)
        // takt runs --json names each run's experiment beside its id.
        let listed = try JSONSerialization.jsonObject(with: Data(try CLI.run(["runs", "--db", merged, "--json", "--limit", "3"]).stdout.utf8)) as? [[String: Any]]
        #expect(listed?.count == 3 && listed?.allSatisfy { $0["experiment"] as? String == "faster-server" && $0["experiment_id"] != nil } == true)
        #expect(try CLI.run(["compare", path, "--resume", "--from-db", "--db", merged]).status == 2)
    }

    @Test("the shard comes from a Slurm job array or a Kubernetes Indexed Job; bad shards are bad input")
    func shardFromEnvironment() throws {
        let dir = try CLI.temporaryDirectory()
        let path = try experiment(in: dir, replications: 6)
        let db = dir.appendingPathComponent("slurm.sqlite").path
        let slurm = try CLI.run(["compare", path, "--db", db], environment: ["SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "4"])
        #expect(slurm.status == 0, "\(slurm.stderr)")
        #expect(slurm.stdout.contains("Shard 3/4"))
        #expect(try RunStore(path: db).runCount() == 2)  // replication 3 of both variants
        let k8s = try CLI.run(["compare", path, "--db", db], environment: ["JOB_COMPLETION_INDEX": "1"])
        #expect(k8s.status == 2 && k8s.stderr.contains("TAKT_SHARD_COUNT"))
        // One variant has nothing to compare with.
        let single = try CLI.temporaryDirectory().appendingPathComponent("one.yaml")
        try "plant: \(Repository.path("Plants/validation/mm1.yaml"))\nvariants: [{name: only}]\n".write(to: single, atomically: true, encoding: .utf8)
        let one = try CLI.run(["compare", single.path, "--no-db"])
        #expect(one.status == 2 && one.stderr.contains("a comparison needs two or more variants, and this experiment has one ('only')"), "\(one.stderr)")
        for bad in ["4/4", "-1/4", "1", "a/b"] {
            let out = try CLI.run(["compare", path, "--no-db", "--shard", bad])
            #expect(out.status == 2)
        }
    }

    @Test("a killed or interrupted comparison keeps every finished replication, and --resume runs only the missing ones",
          arguments: [SIGKILL, SIGINT])
    func killAndResume(signal: Int32) throws {
        let dir = try CLI.temporaryDirectory()
        let path = try experiment(in: dir, replications: 4, duration: "200d")
        let db = dir.appendingPathComponent("killed.sqlite").path
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["compare", path, "--db", db, "--threads", "1"]
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        var stored = 0
        let deadline = Date().addingTimeInterval(120)
        while stored < 2, Date() < deadline, process.isRunning {
            Thread.sleep(forTimeInterval: 0.05)
            stored = (try? RunStore(path: db).runCount()) ?? 0
        }
        #expect(process.isRunning, "the comparison finished before it could be killed")
        kill(process.processIdentifier, signal)
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if signal == SIGINT {
            // Ctrl-C: the shell's status for it, and what was kept and how to go on.
            #expect(process.terminationStatus == 130 && said.contains("interrupted: the replications finished so far are stored in \(db)")
                    && said.contains("--resume` runs the rest"), "\(process.terminationStatus) \(said)")
        }
        let store = try RunStore(path: db)
        let kept = try store.runCount()
        #expect(kept >= 2 && kept < 8)
        // Every kept run is whole: its metrics were written with it.
        for run in try store.recentRuns(limit: 100) { #expect(try store.metrics(runID: run.id!).count >= 10) }
        let resumed = try CLI.run(["compare", path, "--db", db, "--resume", "--json"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try store.runCount() == 8)
        let fresh = try CLI.run(["compare", path, "--no-db", "--json"])
        #expect(try object(resumed.stdout) == (try object(fresh.stdout)))
    }

    @Test("warmup: auto chooses the warm-up by MSER-5 and says so")
    func automaticWarmup() throws {
        let dir = try CLI.temporaryDirectory()
        let path = try experiment(in: dir, duration: "10d", warmup: "auto")
        let out = try CLI.run(["compare", path, "--no-db", "--json"])
        #expect(out.status == 0, "\(out.stderr)")
        let doc = try object(out.stdout)
        #expect((doc["warmup_rule"] as? String)?.hasPrefix("MSER-5: ") == true)
        let warmup = try #require(doc["warmup_s"] as? Double)
        #expect(warmup >= 0 && warmup < 5 * 86_400)
        let table = try CLI.run(["compare", path, "--no-db"])
        #expect(table.stdout.contains("(MSER-5: "))
    }
}
