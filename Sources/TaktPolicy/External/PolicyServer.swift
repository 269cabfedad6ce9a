import Foundation

/// One process answering a site's requests for many replications, a batch
/// at a time: `{"type": "batch", "requests": [...]}` answered with
/// `{"actions": [...]}`, one action per request in their order.
///
/// Used only under its pool's lock.
final class PolicyServer {
    private let channel: PolicyChannel
    private let timeout: Double?
    private let site: String
    /// The most requests in one batch message.
    private let limit: Int
    /// Why the process failed (nil while it works); every later request fails with it.
    private(set) var failure: String?
    /// What the process answered the hello with.
    private(set) var options = ExternalPolicy.Options()
    private var queued: [BatchedPolicy] = []
    private var message = RequestWriter()
    private var actions: [Int] = []
    private var unusualAnswer: String?
    private var batches = 0

    /// Greets the process on `channel` with `hello` (whose `batch` is the most requests per message).
    init(channel: PolicyChannel, hello: ExternalPolicy.Hello, timeout: Double?, site: String) {
        self.channel = channel
        self.timeout = timeout
        self.site = site
        limit = max(1, hello.batch ?? 1)
        switch ExternalPolicy.Options.greet(channel, hello, timeout: timeout) {
        case let .success(options): self.options = options
        case let .failure(failure): fail(failure.what)
        }
    }

    func queue(_ client: BatchedPolicy) { queued.append(client) }

    /// Sends the queued requests, `limit` at a time, and hands each its answer.
    func answerQueued() {
        var start = 0
        while start < queued.count {
            let end = min(start + limit, queued.count)
            answer(queued[start..<end])
            start = end
        }
        for client in queued { client.answered.signal() }
        queued.removeAll(keepingCapacity: true)
    }

    /// Writes `line` and a newline, unless the process has failed (a failed write shows at the next batch).
    func send(_ line: RequestWriter) {
        guard failure == nil else { return }
        message.reset()
        message.append(bytes: line.bytes)
        message.append("\n")
        try? message.bytes.withUnsafeBufferPointer { bytes throws(PolicyChannelError) in try channel.send(bytes: bytes) }
    }

    /// Closes the process's input and gives it its time-out to exit.
    func close() {
        if failure == nil { channel.close(grace: timeout ?? 10) }
    }

    /// What `client`'s failure says, with the process's standard-error tail.
    func message(_ what: String) -> String { ExternalPolicy.message(site, what, channel) }

    private func answer(_ part: ArraySlice<BatchedPolicy>) {
        if let failure {
            for client in part { client.answer = .failed(failure) }
            return
        }
        batches += 1
        message.reset()
        message.append("{\"type\":\"batch\",\"requests\":[")
        for (k, client) in part.enumerated() {
            if k > 0 { message.append(",") }
            message.append(bytes: client.request.bytes)
        }
        message.append("]}\n")
        do {
            try message.bytes.withUnsafeBufferPointer { bytes throws(PolicyChannelError) in try channel.send(bytes: bytes) }
            // The usual answer is read in place; anything else is read again in full, to say what is wrong.
            let usual = try channel.receive(timeout: timeout) { line -> Bool in
                if scanActions(line, into: &actions) { return true }
                unusualAnswer = String(decoding: line, as: UTF8.self)
                return false
            }
            if !usual, let what = readUnusual(part) { return fail(what, part) }
            guard actions.count == part.count else {
                return fail("answered \(describe(part)) with \(actions.count) action\(actions.count == 1 ? "" : "s"); it must give one per request", part)
            }
            for (client, action) in zip(part, actions) { client.answer = .action(action) }
        } catch {
            fail(error.description + " at \(describe(part))", part)
        }
    }

    /// Reads an answer the fast reader refused into `actions`; nil when it is still one (`{"actions": [2.0]}`), else what is wrong.
    private func readUnusual(_ part: ArraySlice<BatchedPolicy>) -> String? {
        let answer = unusualAnswer ?? ""
        guard let reply = ExternalPolicy.object(answer) else {
            return "answered \(describe(part)) with \(ExternalPolicy.quote(answer)), not a JSON object"
        }
        if let unknown = reply.keys.sorted().first(where: { $0 != "actions" }) {
            return "answered \(describe(part)) with the unknown key '\(unknown)'; an answer is {\"actions\": [k, ...]}"
        }
        guard let list = reply["actions"] as? [Any] else { return "answered \(describe(part)) without a list of 'actions'" }
        actions.removeAll(keepingCapacity: true)
        for item in list {
            guard let action = ExternalPolicy.integer(item) else {
                return "answered \(describe(part)) with the action \(ExternalPolicy.quote("\(item)")), not a whole number"
            }
            actions.append(action)
        }
        return nil
    }

    /// "batch 3 (4 requests: replication 0's request 7, replication 1's request 5, ...)"
    private func describe(_ part: ArraySlice<BatchedPolicy>) -> String {
        let named = part.prefix(3).map { "replication \($0.replication)'s request \($0.requestID)" }.joined(separator: ", ")
        return "batch \(batches) (\(part.count) request\(part.count == 1 ? "" : "s"): \(named)\(part.count > 3 ? ", ..." : ""))"
    }

    private func fail(_ what: String, _ part: ArraySlice<BatchedPolicy> = []) {
        let message = message(what)
        failure = message
        channel.close(grace: 0)
        for client in part { client.answer = .failed(message) }
    }
}
