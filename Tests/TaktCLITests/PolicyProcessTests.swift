import Foundation
import TaktStore
import TaktTestSupport
import Testing

/// Decision sites served by another process, end to end (docs/policy-protocol.md).
@Suite("Policies in another process, end to end")
struct PolicyProcessTests {
    /// The run's figures, wall-clock timings and names of the plant and rule aside.
    func figures(_ json: String) throws -> [String: Any] {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        for key in ["wall_seconds", "plant", "plant_file", "plant_hash", "decisions"] { object[key] = nil }
        return object
    }

    func same(_ a: [String: Any], _ b: [String: Any]) -> Bool {
        NSDictionary(dictionary: a).isEqual(to: b)
    }

    @Test("a Python policy makes the choices of the rule it implements, with the same figures, whatever the thread count")
    func deterministic() throws {
        let common = ["--no-db", "--json", "--replications", "3", "--duration", "2d", "--warmup", "6h"]
        let external = try CLI.run(["run", "Plants/examples/external-policy.yaml", "--threads", "1"] + common)
        #expect(external.status == 0, "\(external.stderr)")
        let threaded = try CLI.run(["run", "Plants/examples/external-policy.yaml", "--threads", "3"] + common)
        let rule = try CLI.run(["run", "Plants/examples/colour-batching.yaml", "--threads", "2"] + common)
        #expect(same(try figures(external.stdout), try figures(threaded.stdout)))
        #expect(same(try figures(external.stdout), try figures(rule.stdout)))
        let site = try #require((try JSONSerialization.jsonObject(with: Data(external.stdout.utf8)) as? [String: Any])?["decisions"] as? [[String: Any]])
        #expect(site.first?["rule"] as? String == "process python3 policies/same_colour.py")
    }

    /// A plant in a temporary folder whose paint booth is served by `script`: with a `timeout`, `batch`
    /// replications at a time, and `extra` keys after the policy (", fallback: oracle"), if given.
    func plant(serving script: String, timeout: String? = nil, batch: Int? = nil, extra: String = "") throws -> URL {
        let folder = try CLI.temporaryDirectory()
        try script.write(to: folder.appendingPathComponent("policy.py"), atomically: true, encoding: .utf8)
        var text = try String(contentsOfFile: Repository.path("Plants/examples/colour-batching.yaml"), encoding: .utf8)
        let policy = "{policy: {command: [python3, policy.py]" + (timeout.map { ", timeout: \($0)" } ?? "") + (batch.map { ", batch: \($0)" } ?? "")
            + "}\(extra)}"
        text = text.replacingOccurrences(of: "pick: batch", with: "pick: \(policy)")
        let url = folder.appendingPathComponent("plant.yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// Answers the first allowed action; in replication 1, answers garbage at request 5.
    let failsInReplicationOne = """
        import json, sys
        hello = json.loads(sys.stdin.readline())
        print("{}", flush=True)
        for line in sys.stdin:
            m = json.loads(line)
            if m["type"] == "end": break
            if hello["replication"] == 1 and m["id"] == 5:
                print("my model says: banana", file=sys.stderr, flush=True)
                print("banana", flush=True)
                continue
            print(json.dumps({"id": m["id"], "action": m["mask"].index(True)}), flush=True)
        """

    @Test("a process that answers garbage ends the run with exit 4, naming the site, the request and its standard error; finished replications stay stored")
    func garbageEndsTheRun() throws {
        let plant = try plant(serving: failsInReplicationOne)
        let store = plant.deletingLastPathComponent().appendingPathComponent("runs.sqlite").path
        let outcome = try CLI.run(["run", plant.path, "--db", store, "--replications", "2", "--threads", "1", "--duration", "1d", "--warmup", "1h"])
        #expect(outcome.status == 4)
        #expect(outcome.stderr.contains("the policy process for pick at paint-booth (python3 policy.py) answered request 5 with 'banana', not a JSON object"))
        #expect(outcome.stderr.contains("its standard error ends:\nmy model says: banana"))
        #expect(try RunStore(path: store).runCount() == 1)
    }

    @Test("with a fallback, a failed process hands the site to it for the rest of the replication, counted and explained; the run goes on")
    func fallback() throws {
        let plant = try plant(serving: failsInReplicationOne)
        try String(contentsOf: plant, encoding: .utf8).replacingOccurrences(of: "policy.py]}}", with: "policy.py]}, fallback: oracle}")
            .write(to: plant, atomically: true, encoding: .utf8)
        let store = plant.deletingLastPathComponent().appendingPathComponent("runs.sqlite").path
        let outcome = try CLI.run(["run", plant.path, "--db", store, "--json", "--replications", "2", "--duration", "1d", "--warmup", "1h", "--audit-rate", "1"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let site = try #require((summary["decisions"] as? [[String: Any]])?.first)
        let fallbacks = try #require(site["process_fallbacks"] as? Double)
        let decisions = try #require(site["decisions"] as? Double)
        // Means over two replications: replication 1 fails at its 5th request and the oracle takes
        // every later decision, about half of the run's; replication 0 never falls back.
        #expect(fallbacks > decisions * 0.4 && fallbacks < decisions * 0.6)
        #expect((site["process_failure"] as? String)?.contains("answered request 5 with 'banana'") == true)
        let stored = try RunStore(path: store)
        #expect(try stored.runCount() == 2)
        let rows = try stored.recentRuns().compactMap(\.id).flatMap { try stored.decisions(runID: $0) }
        #expect(rows.count == 2 && rows.filter { $0.processFallbacks > 0 }.count == 1 && rows.filter { $0.processFailure != nil }.count == 1)
        // The audit trail names the fallback for the decisions it made, and only for those.
        let audited = try #require(try JSONSerialization.jsonObject(with: Data(try CLI.run(["decisions", "--db", store, "--limit", "100000", "--json"]).stdout.utf8)) as? [[String: Any]])
        let byFallback = audited.filter { $0["fallback"] as? Bool == true }
        #expect(!byFallback.isEmpty && byFallback.allSatisfy { $0["policy"] as? String == "fallback: oracle" })
        #expect(audited.filter { $0["policy"] as? String != "fallback: oracle" }.allSatisfy { $0["fallback"] as? Bool == false })
        #expect(Double(byFallback.count) == fallbacks * 2, "every decision audited: the fallback's are its decisions in both replications")
        // The report says so first: the figures are partly the fallback's.
        let markdown = plant.deletingLastPathComponent().appendingPathComponent("report.md").path
        let html = plant.deletingLastPathComponent().appendingPathComponent("report.html").path
        #expect(try CLI.run(["report", "--db", store, "--last", "2", "--out", html, "--markdown", markdown]).status == 0)
        let findings = try String(contentsOfFile: markdown, encoding: .utf8)
        #expect(findings.contains("The policy process at pick at paint-booth failed in 1 of 2 replications; its fallback made")
                && findings.contains("First failure: the policy process for pick at paint-booth"), "\(findings)")
        // A comparison warns beside its table, when it runs and when it is read back from the store.
        let experiment = plant.deletingLastPathComponent().appendingPathComponent("experiment.yaml")
        try """
            experiment: served
            plant: \(plant.lastPathComponent)
            run: {replications: 2, duration: 1d, warmup: 1h}
            variants: [{name: process}, {name: slower-booth, set: {stations.paint-booth.buffer: 2}}]
            """.write(to: experiment, atomically: true, encoding: .utf8)
        let comparisonStore = plant.deletingLastPathComponent().appendingPathComponent("comparison.sqlite").path
        let warning = "warning: variant 'process': the policy process at pick at paint-booth failed in 1 of 2 replications"
        let compared = try CLI.run(["compare", experiment.path, "--db", comparisonStore])
        #expect(compared.status == 0 && compared.stderr.contains(warning), "\(compared.stderr)")
        let read = try CLI.run(["compare", experiment.path, "--db", comparisonStore, "--from-db"])
        #expect(read.status == 0 && read.stderr.contains(warning), "\(read.stderr)")
        // A fallback is a policy or the teacher: a rule is refused where it is written.
        try String(contentsOf: plant, encoding: .utf8).replacingOccurrences(of: "fallback: oracle", with: "fallback: fifo")
            .write(to: plant, atomically: true, encoding: .utf8)
        let refused = try CLI.run(["run", plant.path, "--no-db"])
        #expect(refused.status == 2 && refused.stderr.contains("pick.fallback"))
    }

    @Test("a silent process is stopped at its time-out; a program that does not exist is bad input at its place in the plant file")
    func silentAndMissing() throws {
        // Two seconds: a busy machine may take a while to start Python, and the hello's answer has the same time-out.
        let silent = try plant(serving: "import sys, time\nsys.stdin.readline()\nprint('{}', flush=True)\ntime.sleep(30)\n", timeout: "2s")
        let started = Date()
        let outcome = try CLI.run(["run", silent.path, "--no-db", "--replications", "1", "--duration", "1d", "--warmup", "1h"])
        #expect(outcome.status == 4 && outcome.stderr.contains("gave no answer within 2 s of wall-clock time at request 1"))
        #expect(Date().timeIntervalSince(started) < 15)
        let missing = silent.deletingLastPathComponent().appendingPathComponent("missing.yaml")
        try String(contentsOf: silent, encoding: .utf8).replacingOccurrences(of: "[python3, policy.py]", with: "[./nowhere.py]")
            .write(to: missing, atomically: true, encoding: .utf8)
        let bad = try CLI.run(["run", missing.path, "--no-db"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("missing.yaml:") && bad.stderr.contains("stations[0].pick.policy.command[0]: './nowhere.py' is not an executable file"))
    }

    @Test("Ctrl-C or a scheduler's SIGTERM ends the policy processes too: a hung one does not outlive takt", arguments: [SIGINT, SIGTERM])
    func interruptEndsPolicyProcesses(signal: Int32) throws {
        // It answers the hello, notes its process id, then hangs without reading: end of input would not end it.
        let hung = try plant(serving: "import os, sys, time\nsys.stdin.readline()\nopen('pid', 'w').write(str(os.getpid()))\n"
            + "print('{}', flush=True)\ntime.sleep(120)\n", timeout: "100s")
        let folder = hung.deletingLastPathComponent()
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["run", hung.path, "--no-db", "--replications", "1", "--duration", "1d", "--warmup", "1h"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let pidFile = folder.appendingPathComponent("pid").path
        var child: pid_t?
        let deadline = Date().addingTimeInterval(60)
        while child == nil, Date() < deadline, process.isRunning {
            Thread.sleep(forTimeInterval: 0.05)
            child = (try? String(contentsOfFile: pidFile, encoding: .utf8)).flatMap { pid_t($0) }
        }
        let pid = try #require(child, "the policy process did not start")
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 128 + signal)
        // Gone, or a zombie waiting for init to reap it: not running.
        func running() -> Bool {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
            return !(stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") ?? true)
        }
        let gone = Date().addingTimeInterval(5)
        while running(), Date() < gone { Thread.sleep(forTimeInterval: 0.05) }
        #expect(!running(), "policy process \(pid) outlived takt")
        if running() { kill(pid, SIGKILL) }
    }

    @Test("a process that closes its output is seen to at once, not after its time-out: it holds no other copy of the pipe")
    func closedOutput() throws {
        let closing = try plant(serving: "import os, sys, time\nsys.stdin.readline()\nprint('{}', flush=True)\nsys.stdin.readline()\n"
            + "print('closing', file=sys.stderr, flush=True)\nos.close(1)\ntime.sleep(30)\n", timeout: "20s")
        let started = Date()
        let outcome = try CLI.run(["run", closing.path, "--no-db", "--replications", "1", "--duration", "1d", "--warmup", "1h"])
        #expect(outcome.status == 4 && outcome.stderr.contains("closed its output") && outcome.stderr.contains("closing"), "\(outcome.stderr)")
        #expect(Date().timeIntervalSince(started) < 15)
    }

    @Test("takt env: the caller answers over standard input and output; the same answers give the same run as the rule they implement")
    func env() throws {
        let process = CLI.process(["env", "Plants/examples/colour-batching.yaml", "--point", "pick", "--at", "paint-booth",
                                   "--seed", "5", "--duration", "1d", "--warmup", "2h"])
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        var pending = Data()
        func readMessage() throws -> [String: Any] {
            while !pending.contains(10) {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
            }
            let end = try #require(pending.firstIndex(of: 10))
            let line = pending[pending.startIndex..<end]
            pending = Data(pending[(end + 1)...])
            return try #require(try JSONSerialization.jsonObject(with: line) as? [String: Any])
        }
        func write(_ text: String) { input.fileHandleForWriting.write(Data((text + "\n").utf8)) }
        let hello = try readMessage()
        #expect(hello["point"] as? String == "pick" && (hello["features"] as? [String])?.count == 32)
        write(#"{"figures": true}"#)
        var decisions = 0
        var last: [String: Any] = [:]
        while true {
            last = try readMessage()
            guard last["type"] as? String == "decide" else { break }
            decisions += 1
            let mask = try #require(last["mask"] as? [Bool])
            // Slot 1 holds the oldest job: first in, first out.
            write("{\"id\": \(last["id"] as? Int ?? 0), \"action\": \(try #require(mask.firstIndex(of: true)))}")
        }
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(last["type"] as? String == "end" && decisions > 100)
        let figures = try #require(last["figures"] as? [String: Double])
        // The same seed under the built-in first-in-first-out rule completes as many jobs.
        let fifo = try plant(serving: "")
        try String(contentsOf: fifo, encoding: .utf8).replacingOccurrences(of: "{policy: {command: [python3, policy.py]}}", with: "fifo")
            .write(to: fifo, atomically: true, encoding: .utf8)
        let rule = try CLI.run(["run", fifo.path, "--no-db", "--json", "--seed", "5", "--duration", "1d", "--warmup", "2h", "--replications", "1"])
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(rule.stdout.utf8)) as? [String: Any])
        let after = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(after.contains("\(Int(summary["jobs_completed"] as? Double ?? -1)) jobs completed"))
        #expect(figures["jobs_completed"].map { $0 >= summary["jobs_completed"] as? Double ?? .infinity } == true)
    }
}
