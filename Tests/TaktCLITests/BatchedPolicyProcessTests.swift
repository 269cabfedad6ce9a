import Foundation
import TaktTestSupport
import Testing

/// Decision sites served by one process for many replications, in batches (docs/policy-protocol.md, "Batches").
@Suite("Policies in another process, in batches")
struct BatchedPolicyProcessTests {
    let endToEnd = PolicyProcessTests()

    func figures(_ json: String) throws -> NSDictionary { NSDictionary(dictionary: try endToEnd.figures(json)) }

    func plant(serving script: String, batch: Int?, extra: String = "") throws -> URL {
        try endToEnd.plant(serving: script, batch: batch, extra: extra)
    }

    /// A policy with a memory per replication: it takes the last allowed slot at every third decision of
    /// its replication, else the first. Answers single requests and batches alike.
    let stateful = """
        import json, sys
        hello = json.loads(sys.stdin.readline())
        print("{}", flush=True)
        counts = {}
        def choose(request, replication):
            counts[replication] = counts.get(replication, 0) + 1
            allowed = [k for k, ok in enumerate(request["mask"]) if ok]
            return allowed[-1] if counts[replication] % 3 == 0 else allowed[0]
        for line in sys.stdin:
            m = json.loads(line)
            if m["type"] == "batch":
                print(json.dumps({"actions": [choose(r, r["replication"]) for r in m["requests"]]}), flush=True)
            elif m["type"] == "decide":
                print(json.dumps({"id": m["id"], "action": choose(m, hello["replication"])}), flush=True)
        """

    @Test("one process answering batches gives the figures of one process per replication, whatever the thread count, for a policy with a memory per replication")
    func sameFiguresAsOneProcessPerReplication() throws {
        let common = ["--no-db", "--json", "--replications", "5", "--duration", "1d", "--warmup", "2h"]
        let single = try CLI.run(["run", try plant(serving: stateful, batch: nil).path, "--threads", "2"] + common)
        #expect(single.status == 0, "\(single.stderr)")
        let batched = try plant(serving: stateful, batch: 4)
        for threads in ["1", "3"] {
            let outcome = try CLI.run(["run", batched.path, "--threads", threads] + common)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(try figures(outcome.stdout) == figures(single.stdout))
            let summary = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
            let site = (summary?["decisions"] as? [[String: Any]])?.first
            #expect(site?["rule"] as? String == "process python3 policy.py, in batches of up to 4")
        }
    }

    @Test("takt compare: each variant has its own process; two batched variants give the figures of one process per replication")
    func variantsKeepTheirOwnProcesses() throws {
        let plant = try plant(serving: stateful, batch: nil)
        let experiment = plant.deletingLastPathComponent().appendingPathComponent("experiment.yaml")
        let policy = "stations.paint-booth.pick.policy"
        try """
            experiment: batches
            plant: plant.yaml
            baseline: single
            run: {replications: 3, duration: 1d, warmup: 2h}
            figures: [throughput_per_hour, changeovers, lead_time_mean]
            variants:
              - name: single
              - name: batch-2
                set: {\(policy): {command: [python3, policy.py], batch: 2}}
              - name: batch-3
                set: {\(policy): {command: [python3, policy.py], batch: 3}}
            """.write(to: experiment, atomically: true, encoding: .utf8)
        let outcome = try CLI.run(["compare", experiment.path, "--no-db", "--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let differences = try #require(doc["differences"] as? [[String: Any]])
        // A process shared between the variants would mix their replications' memories: changeovers would differ.
        #expect(differences.count == 6)
        for difference in differences {
            #expect((difference["mean"] as? NSNumber)?.doubleValue == 0 && (difference["hw95"] as? NSNumber)?.doubleValue == 0, "\(difference)")
        }
    }

    /// A batch server answering the first allowed actions, after `then` (Python, indented for the loop) has seen
    /// `batches` (the count so far) and `actions`.
    func firstAllowed(then: String) -> String {
        """
        import json, sys
        sys.stdin.readline()
        print("{}", flush=True)
        batches = 0
        for line in sys.stdin:
            m = json.loads(line)
            if m["type"] != "batch": continue
            batches += 1
            actions = [r["mask"].index(True) for r in m["requests"]]
        \(then)
            print(json.dumps({"actions": actions}), flush=True)
        """
    }

    @Test("an answer with too few actions ends the run with exit 4, naming the site, the batch, its requests and the standard error")
    func tooFewActions() throws {
        let script = firstAllowed(then: """
                if batches == 3:
                    print("dropping one", file=sys.stderr, flush=True)
                    actions = actions[:-1]
            """)
        let outcome = try CLI.run(["run", try plant(serving: script, batch: 2).path, "--no-db", "--replications", "2", "--duration", "1d", "--warmup", "1h"])
        #expect(outcome.status == 4)
        #expect(outcome.stderr.contains("the policy process for pick at paint-booth (python3 policy.py) answered batch 3 ("))
        // Which replications' requests share batch 3 depends on thread timing: either may be named.
        #expect(outcome.stderr.range(of: #"replication [01]'s request \d+"#, options: .regularExpression) != nil
            && outcome.stderr.contains("it must give one per request"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("its standard error ends:\ndropping one"))
    }

    @Test("with a fallback, a process that dies mid-run hands every replication's site to it; the run completes, each fallback counted")
    func diesWithFallback() throws {
        let script = firstAllowed(then: """
                if batches == 40: sys.exit("out of memory, say")
            """)
        let outcome = try CLI.run(["run", try plant(serving: script, batch: 3, extra: ", fallback: oracle").path, "--no-db", "--json",
                                   "--replications", "3", "--duration", "1d", "--warmup", "0s"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let site = try #require((summary["decisions"] as? [[String: Any]])?.first)
        let fallbacks = try #require(site["process_fallbacks"] as? Double)
        let decisions = try #require(site["decisions"] as? Double)
        // At most 3 requests a batch: the process dies within each replication's first 40 decisions of about 1,400.
        #expect(fallbacks > decisions - 40 && fallbacks < decisions)
        #expect((site["process_failure"] as? String)?.contains("out of memory, say") == true)
    }

    @Test("a batch outside 1…1024 is bad input at its place in the plant file")
    func batchOutOfRange() throws {
        let outcome = try CLI.run(["run", try plant(serving: stateful, batch: 0).path, "--no-db"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("stations[0].pick.policy.batch: must be in 1…1024, got 0"))
    }
}
