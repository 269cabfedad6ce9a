import Foundation
import TaktStore
import TaktTestSupport
import Testing

@Suite("takt run, end to end")
struct RunCommandTests {
    let quick = ["--duration", "2d", "--warmup", "2h"]

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("Each replication adds exactly one row to runs, with its metrics and stations")
    func storesOneRowPerRun() throws {
        let dir = try CLI.temporaryDirectory()
        let db = dir.appendingPathComponent("runs.sqlite").path
        let plant = Repository.path("Plants/validation/jackson-tandem.yaml")
        let first = try CLI.run(["run", plant, "--db", db, "--replications", "1"] + quick)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try RunStore(path: db).runCount() == 1)
        let second = try CLI.run(["run", plant, "--db", db, "--replications", "3"] + quick)
        #expect(second.status == 0, "\(second.stderr)")
        let store = try RunStore(path: db)
        #expect(try store.runCount() == 4)
        let runs = try store.recentRuns(limit: 10)
        #expect(Set(runs.prefix(3).map(\.replication)) == [0, 1, 2])
        #expect(Set(runs.prefix(3).map(\.batch)).count == 1)
        #expect(runs.allSatisfy { $0.status == "completed" && $0.plantHash.count == 64 })
        let id = try #require(runs.first?.id)
        let stations = try store.stations(runID: id)
        #expect(stations.map(\.station) == ["first", "second", "third"])
        let metrics = Dictionary(uniqueKeysWithValues: try store.metrics(runID: id).map { ($0.name, $0.value) })
        #expect((metrics["throughput_per_hour"] ?? 0) ?? 0 > 50)
        #expect(second.stdout.contains("Stored 3 runs"))
        // The JSON names the stored rows, so a pipeline can join it to the store.
        let third = try json(try CLI.run(["run", plant, "--db", db, "--replications", "2", "--json"] + quick).stdout)
        #expect(third["run_ids"] as? [Int] == [5, 6])
    }

    @Test("The store's file alone holds every run: copied without its write-ahead log, it reads the same")
    func fileAloneHoldsTheRuns() throws {
        let dir = try CLI.temporaryDirectory()
        let db = dir.appendingPathComponent("runs.sqlite").path
        let run = try CLI.run(["run", Repository.path("Plants/validation/mm1.yaml"), "--db", db, "--replications", "3"] + quick)
        #expect(run.status == 0, "\(run.stderr)")
        let copy = dir.appendingPathComponent("copy.sqlite").path
        try FileManager.default.copyItem(atPath: db, toPath: copy)  // the .sqlite file only, as an artifact upload takes it
        #expect(try RunStore(path: copy, access: .readOnly).runCount() == 3)
    }

    @Test("--no-db stores nothing; --json prints the documented object")
    func jsonOutput() throws {
        let dir = try CLI.temporaryDirectory()
        let out = try CLI.run(["run", Repository.path("Plants/validation/mm1.yaml"), "--no-db", "--json", "--replications", "3"] + quick, in: dir)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("takt.sqlite").path))
        let doc = try json(out.stdout)
        for key in ["jobs_completed", "throughput_per_hour", "lead_time_s", "interdeparture_s", "events", "wall_seconds", "stations",
                    "throughput_per_hour_hw95", "jobs_completed_hw95"] {
            #expect(doc[key] != nil, "missing \(key)")
        }
        let lead = try #require(doc["lead_time_s"] as? [String: Double])
        #expect(Set(lead.keys).isSuperset(of: ["mean", "p50", "p95", "mean_hw95"]))
        #expect(lead["p50"]! < lead["p95"]!)
        let stations = try #require(doc["stations"] as? [[String: Any]])
        let station = try #require(stations.first)
        for key in ["name", "servers", "jobs", "mean_wait_s", "mean_time_in_station_s", "prob_wait", "mean_queue_length",
                    "utilization", "working", "starved", "blocked", "failed", "utilization_hw95"] {
            #expect(station[key] != nil, "missing station key \(key)")
        }
        let shares = ["working", "starved", "blocked", "failed"].map { station[$0] as? Double ?? -1 }
        #expect(abs(shares.reduce(0, +) - 1) < 1e-9)
        #expect(doc["takt_adherence"] == nil, "mm1 has no takt")
    }

    @Test("--warmup auto: MSER-5 on pilot replications chooses a whole-minute warm-up, which the run then uses; other commands refuse it")
    func automaticWarmup() throws {
        let plant = Repository.path("Plants/xiaomi-ev.yaml")
        let auto = try CLI.run(["run", plant, "--replications", "1", "--duration", "14d", "--warmup", "auto", "--json", "--no-db"])
        #expect(auto.status == 0, "\(auto.stderr)")
        let doc = try json(auto.stdout)
        let warmup = try #require(doc["warmup_s"] as? Double)
        #expect(warmup > 0 && warmup < 7 * 86_400 && warmup.truncatingRemainder(dividingBy: 60) == 0, "\(warmup)")
        #expect((doc["warmup_rule"] as? String)?.hasPrefix("MSER-5: ") == true, "\(doc["warmup_rule"] ?? "")")
        // The same warm-up given by hand: the same run.
        let given = try CLI.run(["run", plant, "--replications", "1", "--duration", "14d", "--warmup", "\(Int(warmup))s", "--json", "--no-db"])
        let same = try json(given.stdout)
        #expect(same["jobs_completed"] as? Double == doc["jobs_completed"] as? Double)
        #expect(same["warmup_rule"] == nil)
        let refused = try CLI.run(["env", plant, "--point", "pick", "--at", "paint-basecoat", "--warmup", "auto"])
        #expect(refused.status == 2 && refused.stderr.contains("--warmup auto is for takt run"), "\(refused.stderr)")
    }

    @Test("A run whose jobs all finish in the warm-up says it measured none: a warning, – for per-job figures, a count in the JSON")
    func nothingCompleted() throws {
        let dir = try CLI.temporaryDirectory()
        try "order,release,due\nA,1h,3h\nB,2h,5h\n".write(to: dir.appendingPathComponent("orders.csv"), atomically: true, encoding: .utf8)
        let plant = dir.appendingPathComponent("done-early.yaml").path
        try """
            plant: done-early
            sources: [{name: src, order_list: orders.csv, next: s}]
            stations: [{name: s, process: {dist: exponential, mean: 1min}, next: out}]
            sinks: [{name: out}]
            """.write(toFile: plant, atomically: true, encoding: .utf8)
        let run = try CLI.run(["run", plant, "--no-db", "--duration", "3d", "--replications", "3"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("warning: No replication completed any job after the warm-up (1d of 3d)"), "\(run.stdout)")
        #expect(run.stdout.contains("Lead time                 – (no job completed)") && !run.stdout.contains("on time"), "\(run.stdout)")
        // Two orders done one in each measured window: one departure each, no cycle time to measure.
        let one = try CLI.run(["run", plant, "--no-db", "--duration", "3d", "--warmup", "90min", "--replications", "2"])
        #expect(one.stdout.contains("Cycle time at line end    – (fewer than two jobs completed)"), "\(one.stdout)")
        let partly = try CLI.run(["run", plant, "--no-db", "--duration", "3d", "--warmup", "0", "--replications", "2", "--json"])
        #expect(try json(partly.stdout)["replications_without_jobs"] == nil, "\(partly.stdout)")
        let none = try CLI.run(["run", plant, "--no-db", "--duration", "3d", "--replications", "2", "--json"])
        #expect(try json(none.stdout)["replications_without_jobs"] as? Int == 2)
        // A variant none of whose jobs completed has no lead time: –, not 0.0s.
        try "order,release,variant\nA,1h,a\nB,2h,a\n".write(to: dir.appendingPathComponent("orders.csv"), atomically: true, encoding: .utf8)
        let mixed = dir.appendingPathComponent("variants.yaml").path
        try (try String(contentsOfFile: plant, encoding: .utf8)).replacingOccurrences(of: "sources:", with: "variants: [{name: a, mix: 1}, {name: b, mix: 1}]\nsources:")
            .write(toFile: mixed, atomically: true, encoding: .utf8)
        let variants = try CLI.run(["run", mixed, "--no-db", "--duration", "3d", "--warmup", "0", "--replications", "2"])
        #expect(variants.stdout.contains("b 0.0% (lead –)") && !variants.stdout.contains("a 100.0% (lead –)"), "\(variants.stdout)")
    }

    @Test("A line that cannot keep up is warned of, naming its station; setup has a column of its own, apart from working")
    func overloadAndSetup() throws {
        let dir = try CLI.temporaryDirectory()
        let plant = dir.appendingPathComponent("overload.yaml").path
        try """
            plant: overload
            run: {duration: 10d, warmup: 1d}
            colours: [{name: red, mix: 1}, {name: blue, mix: 1}]
            sources: [{name: in, takt: 1min, next: paint}]
            stations: [{name: paint, process: 70s, changeover: {by: colour, time: 30s}, next: out}]
            sinks: [{name: out}]
            """.write(toFile: plant, atomically: true, encoding: .utf8)
        let run = try CLI.run(["run", plant, "--no-db"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("warning: the line did not settle: work in process grew by")
                && run.stdout.contains("; jobs pile up before paint (mean queue ") && run.stdout.contains("), which never waited for work (starved 0.0%)"),
                "\(run.stdout)")
        let header = try #require(run.stdout.split(separator: "\n").first { $0.contains("servers  working    setup  starved") })
        #expect(!header.isEmpty)
        // working + setup in the table is the JSON's working share (which counts setup as work).
        let row = try #require(run.stdout.split(separator: "\n").last { $0.hasPrefix("  paint ") }).split(separator: " ")
        let shown = row.compactMap { Double($0.dropLast()) }
        let json = try self.json(try CLI.run(["run", plant, "--no-db", "--json"]).stdout)
        let stations = try #require(json["stations"] as? [[String: Any]])
        let working = try #require(stations[0]["working"] as? Double), setup = try #require(stations[0]["changeover_share"] as? Double)
        #expect(abs(shown[0] - (working - setup) * 100) < 0.06 && abs(shown[1] - setup * 100) < 0.06, "\(row) \(working) \(setup)")
        #expect(json["unsettled_station"] as? String == "paint")
    }

    @Test("Same seed ⇒ identical JSON apart from wall clock; another seed ⇒ different figures")
    func determinism() throws {
        let plant = Repository.path("Plants/xiaomi-ev.yaml")
        func figures(_ seed: String) throws -> [String: Any] {
            let out = try CLI.run(["run", plant, "--no-db", "--json", "--seed", seed, "--replications", "2"] + quick)
            #expect(out.status == 0, "\(out.stderr)")
            var doc = try json(out.stdout)
            doc["wall_seconds"] = nil
            return doc
        }
        let a = try figures("9"), b = try figures("9"), c = try figures("10")
        #expect(NSDictionary(dictionary: a).isEqual(to: b))
        #expect(a["throughput_per_hour"] as? Double != c["throughput_per_hour"] as? Double)
        #expect((a["takt_adherence"] as? Double ?? -1) >= 0)
    }

    @Test("The default plant reports a plausible 38–47 jobs per shift hour")
    func defaultPlant() throws {
        let out = try CLI.run(["run", Repository.path("Plants/xiaomi-ev.yaml"), "--no-db", "--json", "--duration", "10d", "--warmup", "2d", "--replications", "2"])
        #expect(out.status == 0, "\(out.stderr)")
        let doc = try json(out.stdout)
        let rate = try #require(doc["throughput_per_operating_hour"] as? Double)
        #expect((38...47).contains(rate), "throughput \(rate)")
        // Two 8-hour shifts less breaks: the calendar-hour rate is well below the shift-hour rate.
        let calendarRate = try #require(doc["throughput_per_hour"] as? Double)
        #expect(calendarRate < 0.7 * rate)
    }

    @Test("Store errors exit 3 with the path, and never hide a finished simulation")
    func storeErrors() throws {
        let dir = try CLI.temporaryDirectory()
        let plant = Repository.path("Plants/validation/mm1.yaml")
        let missingDir = try CLI.run(["run", plant, "--db", dir.appendingPathComponent("no/such/dir/x.sqlite").path] + quick)
        #expect(missingDir.status == 3)
        #expect(missingDir.stderr.contains("x.sqlite"))
        let corrupt = dir.appendingPathComponent("corrupt.sqlite")
        try Data(String(repeating: "not a database ", count: 100).utf8).write(to: corrupt)
        let bad = try CLI.run(["run", plant, "--db", corrupt.path] + quick)
        #expect(bad.status == 3)
        #expect(bad.stderr.contains("corrupt.sqlite"))
        #expect(!bad.stderr.contains("Fatal error"))
    }

    @Test("takt runs lists stored runs; a missing store is bad input")
    func runsCommand() throws {
        let dir = try CLI.temporaryDirectory()
        let db = dir.appendingPathComponent("r.sqlite").path
        #expect(try CLI.run(["runs", "--db", db]).status == 2)
        #expect(try CLI.run(["run", Repository.path("Plants/validation/md1.yaml"), "--db", db, "--replications", "2"] + quick).status == 0)
        let list = try CLI.run(["runs", "--db", db, "--json"])
        #expect(list.status == 0)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0["plant_name"] as? String == "md1" })
        let table = try CLI.run(["runs", "--db", db])
        #expect(table.stdout.contains("md1"))
    }
}
