import Foundation
@testable import TaktPolicy
import Testing

/// The takt-policy protocol from Takt's side, against a scripted other side.
@Suite("Policies in another process: the protocol")
struct ExternalPolicyTests {
    /// Answers with the lines given, and keeps what Takt sent.
    final class ScriptedChannel: PolicyChannel {
        var answers: [String]
        var sent: [String] = []
        var closed = false
        init(_ answers: [String]) { self.answers = answers }
        func send(_ line: String) throws(PolicyChannelError) {
            guard !closed else { throw .closed("closed") }
            sent.append(line)
        }
        func receive(timeout: Double?) throws(PolicyChannelError) -> String {
            guard !answers.isEmpty else { throw .closed("exited with status 1") }
            return answers.removeFirst()
        }
        var errorTail: String { "Traceback: something broke\n" }
        func close(grace: Double) { closed = true }
    }

    let hello = ExternalPolicy.Hello(point: "pick", at: "booth", features: ["a", "b"], actions: ["x", "y", "z"], replication: 3, seed: 7)

    func decide(_ policy: ExternalPolicy, mask: [Bool] = [false, true, true]) -> Int {
        let features: [Float] = [0.5, 2]
        return features.withUnsafeBufferPointer { f in mask.withUnsafeBufferPointer { policy.choose(features: f.baseAddress!, mask: $0.baseAddress!) } }
    }

    func json(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test("the hello names the protocol, version, point, place, features, actions, replication and seed; a request carries id, time, features and mask")
    func messages() throws {
        let channel = ScriptedChannel(["{}", #"{"id": 1, "action": 2}"#, #"{"action": 1, "id": 2}"#])
        let policy = ExternalPolicy(channel: channel, hello: hello, timeout: 1, site: "the policy process for pick at booth")
        #expect(policy.failure == nil && !policy.wantsFigures)
        let h = try json(channel.sent[0])
        #expect(h["type"] as? String == "hello" && h["protocol"] as? String == "takt-policy" && h["version"] as? Int == 1)
        #expect(h["point"] as? String == "pick" && h["at"] as? String == "booth" && h["replication"] as? Int == 3 && h["seed"] as? Int == 7)
        #expect(h["features"] as? [String] == ["a", "b"] && h["actions"] as? [String] == ["x", "y", "z"])
        policy.time = 12.25
        #expect(decide(policy) == 2)
        #expect(decide(policy) == 1)
        let r = try json(channel.sent[1])
        #expect(r["type"] as? String == "decide" && r["id"] as? Int == 1 && r["time_s"] as? Double == 12.25)
        #expect(r["features"] as? [Double] == [0.5, 2] && r["mask"] as? [Bool] == [false, true, true])
        #expect(r["figures"] == nil)
        policy.end(time: 99)
        #expect(try json(channel.sent.last!)["type"] as? String == "end" && channel.closed)
    }

    @Test("asked for, the running figures go with every request and the end")
    func figures() throws {
        let channel = ScriptedChannel([#"{"figures": true, "name": "mine"}"#, #"{"id": 1, "action": 1}"#])
        let policy = ExternalPolicy(channel: channel, hello: hello, timeout: 1, site: "site")
        #expect(policy.wantsFigures && policy.name == "mine")
        policy.figures = [("jobs_completed", 4), ("lead_time_s", 10.5)]
        #expect(decide(policy) == 1)
        let figures = try #require(try json(channel.sent[1])["figures"] as? [String: Double])
        #expect(figures == ["jobs_completed": 4, "lead_time_s": 10.5])
        policy.end(time: 5)
        #expect(try json(channel.sent.last!)["figures"] != nil)
    }

    @Test("every broken answer ends the conversation with a message naming the site, the request and the standard-error tail",
          arguments: [
            (#"oops"#, "answered request 1 with 'oops', not a JSON object"),
            (#"{"id": 2, "action": 1}"#, "answered request 1 with id 2; it must echo 1"),
            (#"{"id": 1, "action": 0}"#, "answered request 1 with action 0, which the mask forbids"),
            (#"{"id": 1, "action": 3}"#, "answered request 1 with action 3, outside 0…2"),
            (#"{"id": 1, "action": "1"}"#, "answered request 1 without an integer 'action'"),
            (#"{"id": 1, "action": true}"#, "answered request 1 without an integer 'action'"),
            (#"{"id": 1, "action": 1.5}"#, "answered request 1 without an integer 'action'"),
            (#"{"id": 1, "action": 1, "why": "x"}"#, "answered request 1 with the unknown key 'why'"),
          ])
    func brokenAnswers(answer: String, expected: String) {
        let policy = ExternalPolicy(channel: ScriptedChannel(["{}", answer]), hello: hello, timeout: 1, site: "the policy process for pick at booth")
        #expect(decide(policy) == -1)
        let failure = policy.failure ?? ""
        #expect(failure.hasPrefix("the policy process for pick at booth " + expected))
        #expect(failure.hasSuffix("its standard error ends:\nTraceback: something broke"))
        #expect(decide(policy) == -1)  // stays failed
    }

    @Test("a bad hello answer, and a process that exits, are failures too")
    func brokenHello() {
        let unknown = ExternalPolicy(channel: ScriptedChannel([#"{"batch": 8}"#]), hello: hello, timeout: 1, site: "s")
        #expect(unknown.failure?.contains("unknown option 'batch'; the options are: figures, name") == true)
        let exited = ExternalPolicy(channel: ScriptedChannel([]), hello: hello, timeout: 1, site: "s")
        #expect(exited.failure?.hasPrefix("s exited with status 1 instead of answering the hello") == true)
        let gone = ExternalPolicy(channel: ScriptedChannel(["{}"]), hello: hello, timeout: 1, site: "s")
        #expect(decide(gone) == -1 && gone.failure?.hasPrefix("s exited with status 1 at request 1") == true)
    }

    @Test("a real child process: lines both ways, a time-out, and an executable that is not there")
    func childProcess() throws {
        let directory = FileManager.default.temporaryDirectory
        let echo = try ChildProcessChannel(command: ["/bin/sh", "-c", "read line; echo \"got $line\"; echo oops >&2; sleep 5"], directory: directory)
        try echo.send("hello")
        #expect(try echo.receive(timeout: 5) == "got hello")
        let started = Date()
        #expect(throws: PolicyChannelError.timedOut(0.2)) { try echo.receive(timeout: 0.2) }
        #expect(Date().timeIntervalSince(started) < 2)
        echo.close(grace: 0.1)
        #expect(echo.errorTail.contains("oops"))
        #expect(throws: PolicyChannelError.cannotStart("'./no-such-program' is not an executable file")) {
            try ChildProcessChannel(command: ["./no-such-program"], directory: directory)
        }
    }
}

@Suite("Policies in another process: the answer reader")
struct AnswerScannerTests {
    func scan(_ text: String) -> [Int]? {
        var line = text
        return line.withUTF8 { scanAnswer($0) }.map { [$0.id, $0.action] }
    }

    @Test("reads {\"id\": N, \"action\": K} in either order with JSON's spaces, and nothing else")
    func scanner() {
        #expect(scan(#"{"id":12,"action":3}"#) == [12, 3])
        #expect(scan(" { \"action\" : 0 ,\t\"id\": 7 } ") == [7, 0])
        #expect(scan(#"{"id": -1, "action": 2}"#) == [-1, 2])
        for other in [#"{"id": 1}"#, #"{"id": 1, "action": 2, "x": 3}"#, #"{"id": 1, "action": 2.0}"#, #"{"id": 1, "action": 2e0}"#,
                      #"{"id": 1, "id": 2}"#, #"{"id": 1, "action": "2"}"#, #"{"id": 1, "action": 2}x"#, #"{"ID": 1, "action": 2}"#,
                      #"{"id": 1, "action": 1234567890123456789}"#, "", "{", #"{"id": 1, "action": }"#] {
            #expect(scan(other) == nil, "\(other)")
        }
    }

    func scanBatch(_ text: String) -> [Int]? {
        var line = text
        var actions = [99]
        return line.withUTF8 { scanActions($0, into: &actions) } ? actions : nil
    }

    @Test("reads a batch's {\"actions\": [K, ...]} with JSON's spaces, and nothing else")
    func batchScanner() {
        #expect(scanBatch(#"{"actions":[3,0,7]}"#) == [3, 0, 7])
        #expect(scanBatch(" { \"actions\" : [ 1 ,\t2 ] } ") == [1, 2])
        #expect(scanBatch(#"{"actions": []}"#) == [])
        for other in [#"{"actions": [1, -2]}"#, #"{"actions": [1.0]}"#, #"{"actions": [1,]}"#, #"{"actions": [1] , "x": 2}"#,
                      #"{"action": [1]}"#, #"{"actions": 1}"#, #"{"actions": [1]}x"#, #"{"actions": [12345678901234567]}"#, "", "{"] {
            #expect(scanBatch(other) == nil, "\(other)")
        }
    }

    @Test("an answer the fast reader refuses but that is still an answer is taken: {\"action\": 2.0, \"id\": 1}")
    func unusualButValid() {
        let channel = ExternalPolicyTests.ScriptedChannel(["{}", #"{"action": 2.0, "id": 1}"#])
        let policy = ExternalPolicy(channel: channel, hello: ExternalPolicyTests().hello, timeout: 1, site: "s")
        #expect(ExternalPolicyTests().decide(policy) == 2 && policy.failure == nil)
    }
}
