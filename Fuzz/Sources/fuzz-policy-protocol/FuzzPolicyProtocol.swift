import FuzzSupport
import TaktPolicy

/// A policy process that answers with the input's lines: the hello answer, then one line per request.
final class ScriptedProcess: PolicyChannel {
    private var answers: ArraySlice<Substring>

    init(_ text: String) { answers = text.split(separator: "\n", omittingEmptySubsequences: false)[...] }

    func send(_ line: String) throws(PolicyChannelError) {}

    func receive(timeout: Double?) throws(PolicyChannelError) -> String {
        guard let line = answers.popFirst() else { throw .closed("exited with status 0") }
        return String(line)
    }

    var errorTail: String { "" }
    func close(grace: Double) {}
}

let hello = ExternalPolicy.Hello(point: "pick", at: "fuzz", features: ["a", "b"], actions: ["x", "y", "z"], replication: 1, seed: 1)
let features: [Float] = [0.5, 2]
let mask = [true, false, true]

/// The protocol reader: hello options, then requests until the conversation fails or the lines run out.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPolicyProtocol(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let policy = ExternalPolicy(channel: ScriptedProcess(FuzzInput(data, size).text), hello: hello, timeout: 1, site: "fuzz")
    features.withUnsafeBufferPointer { f in
        mask.withUnsafeBufferPointer { m in
            while policy.failure == nil, policy.choose(features: f.baseAddress!, mask: m.baseAddress!) >= 0 {}
        }
    }
    policy.end(time: 1)
    return 0
}

@main
enum FuzzPolicyProtocol {
    static func main() { runFuzzer(fuzzPolicyProtocol) }
}
