import Benchmark
import Foundation
import TaktPolicy

/// Decisions answered by another process over the takt-policy protocol: the
/// round trip to a Python process (standard library only, answering the
/// first allowed action), and Takt's side alone (an in-memory channel that
/// answers at once), so the difference is the pipes and the process.
func externalDecisionBenchmarks(states flat: [Float], config: Benchmark.Configuration) {
    let hello = ExternalPolicy.Hello(point: "pick", at: "bench", features: (0..<32).map { "f\($0)" }, actions: (0..<8).map { "a\($0)" },
                                     replication: 0, seed: 1)
    let mask = [false, true, true, true, true, true, true, true]

    func run(_ name: String, _ channel: @escaping @Sendable () throws -> PolicyChannel) {
        Benchmark(name, configuration: config) { benchmark in
            let policy = ExternalPolicy(channel: try channel(), hello: hello, timeout: 10, site: "the benchmark's policy")
            var sum = 0
            flat.withUnsafeBufferPointer { x in
                mask.withUnsafeBufferPointer { m in
                    benchmark.startMeasurement()
                    for i in benchmark.scaledIterations {
                        sum &+= policy.choose(features: x.baseAddress! + (i & 255) * 32, mask: m.baseAddress!)
                    }
                    benchmark.stopMeasurement()
                }
            }
            precondition(policy.failure == nil, policy.failure ?? "")
            policy.end(time: 0)
            blackHole(sum)
        }
    }

    let responder = """
        import json, sys
        sys.stdin.readline()
        print("{}", flush=True)
        for line in sys.stdin:
            m = json.loads(line)
            if m["type"] == "end": break
            print(json.dumps({"id": m["id"], "action": m["mask"].index(True)}), flush=True)
        """
    run("Decision external, Python process (round trip)") {
        try ChildProcessChannel(command: ["python3", "-c", responder], directory: URL(fileURLWithPath: "/tmp"))
    }
    run("Decision external, Takt's side only (in-memory answers)") { ImmediateChannel() }
}

/// Answers every request at once with action 1, echoing its id: what Takt's
/// side of the protocol costs without a process.
final class ImmediateChannel: PolicyChannel, @unchecked Sendable {
    private var id = 0
    private var greeted = false

    func send(_ line: String) throws(PolicyChannelError) {}

    func receive(timeout: Double?) throws(PolicyChannelError) -> String {
        guard greeted else {
            greeted = true
            return "{}"
        }
        id += 1
        return "{\"id\":\(id),\"action\":1}"
    }

    var errorTail: String { "" }
    func close(grace: Double) {}
}
