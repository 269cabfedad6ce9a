import Foundation

/// A replication's side of a decision site served by a process that answers
/// many replications in batches (`batch:` in the plant file): each request
/// waits in the run's `PolicyServerPool` until its batch goes.
public final class BatchedPolicy: ProcessPolicy {
    /// What the process answered this replication's request.
    enum Answer {
        case action(Int)
        case failed(String)
    }

    private let pool: PolicyServerPool
    private let server: PolicyServer
    /// The pool this policy made for itself when it has no run to share one with; closed at its end (or with it).
    private let ownServing: PolicyServing?
    let replication: Int
    private let featureCount: Int
    private let actionCount: Int
    private(set) var requestID = 0
    private var ended = false
    /// The request waiting for its batch (read by the server under the pool's lock).
    private(set) var request = RequestWriter()
    /// Its answer (set by the server under the pool's lock), and the signal that it is in.
    var answer: Answer?
    let answered = Signal()
    public private(set) var failure: String?
    public var wantsFigures: Bool { server.options.wantsFigures }
    public var time: Double = 0
    public var figures: [(key: String, value: Double)] = []

    /// Serves `hello`'s site for replication `replication` through the process named `key` in
    /// `serving`'s pool, which `start` starts the first time (nil `serving`: a pool of its own).
    public init(key: String, serving: PolicyServing?, replication: Int, hello: ExternalPolicy.Hello, timeout: Double?, site: String,
                start: () -> PolicyChannel) {
        let serving = serving ?? PolicyServing()
        ownServing = serving.ownsPool ? serving : nil
        serving.takeSeat()
        pool = serving.pool
        server = pool.server("\(serving.scope)/\(key)") { PolicyServer(channel: start(), hello: hello, timeout: timeout, site: site) }
        self.replication = replication
        featureCount = hello.features.count
        actionCount = hello.actions.count
    }

    public func choose(features: UnsafePointer<Float>, mask: UnsafePointer<Bool>) -> Int {
        guard failure == nil, !ended else { return -1 }
        requestID += 1
        request.reset()
        request.appendDecide(id: requestID, replication: replication, time: time, features: UnsafeBufferPointer(start: features, count: featureCount),
                             mask: UnsafeBufferPointer(start: mask, count: actionCount), figures: wantsFigures ? figures : nil)
        answer = nil
        pool.ask(self, at: server)
        switch answer {
        case let .action(action)?:
            guard action >= 0, action < actionCount else {
                return fail("answered replication \(replication)'s request \(requestID) with action \(action), outside 0…\(actionCount - 1)")
            }
            guard mask[action] else {
                return fail("answered replication \(replication)'s request \(requestID) with action \(action), which the mask forbids")
            }
            return action
        case let .failed(why)?:
            failure = why
            return -1
        case nil:
            return -1
        }
    }

    public func end(time: Double) {
        guard !ended else { return }
        ended = true
        if failure == nil {
            var line = RequestWriter()
            line.appendEnd(replication: replication, time: time, figures: wantsFigures ? figures : nil)
            pool.send(line, to: server)
        }
        ownServing?.leave()
    }

    private func fail(_ what: String) -> Int {
        failure = server.message(what)
        return -1
    }
}

/// A one-shot wake-up between the thread that sends a batch and a thread waiting for its answer.
final class Signal: @unchecked Sendable {
    private let condition = NSCondition()
    private var raised = false

    func signal() {
        condition.lock()
        raised = true
        condition.signal()
        condition.unlock()
    }

    func wait() {
        condition.lock()
        while !raised { condition.wait() }
        raised = false
        condition.unlock()
    }
}
