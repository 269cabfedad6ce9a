import Foundation

/// A policy answered by another program over the takt-policy protocol,
/// version 1 (docs/policy-protocol.md): JSON lines, a hello, one request
/// per decision, an end.
///
/// A failed conversation is not thrown from `choose` (a decision site
/// cannot throw on the hot path): `choose` returns −1 and `failure` says
/// what happened, naming the site, the request and the process's
/// standard-error tail. The owner stops the run.
public final class ExternalPolicy: ProcessPolicy {
    /// What the hello tells the process.
    public struct Hello: Sendable {
        public var point: String
        public var at: String
        public var features: [String]
        public var actions: [String]
        /// The replication the process serves (nil: it serves many, in batches).
        public var replication: Int?
        public var seed: UInt64
        /// The most requests in one batch (nil: one request at a time).
        public var batch: Int?

        public init(point: String, at: String, features: [String], actions: [String], replication: Int?, seed: UInt64, batch: Int? = nil) {
            self.point = point
            self.at = at
            self.features = features
            self.actions = actions
            self.replication = replication
            self.seed = seed
            self.batch = batch
        }

        /// The hello message.
        var message: [String: Any] {
            var message: [String: Any] = [
                "type": "hello", "protocol": "takt-policy", "version": ExternalPolicy.version, "point": point, "at": at,
                "features": features, "actions": actions, "seed": seed,
            ]
            if let replication { message["replication"] = replication }
            if let batch { message["batch"] = batch }
            return message
        }
    }

    /// What the process answered the hello with.
    struct Options {
        var wantsFigures = false
        var name: String?

        /// Sends `hello` on `channel` and reads the answer: the options, or what is wrong with them.
        static func greet(_ channel: PolicyChannel, _ hello: Hello, timeout: Double?) -> Result<Options, Failure> {
            var options = Options()
            do {
                try channel.send(ExternalPolicy.json(hello.message))
                let line = try channel.receive(timeout: timeout)
                guard let reply = ExternalPolicy.object(line) else { return .failure(Failure("answered the hello with \(ExternalPolicy.quote(line)), not a JSON object")) }
                if let unknown = reply.keys.sorted().first(where: { !ExternalPolicy.helloOptions.contains($0) }) {
                    return .failure(Failure("answered the hello with the unknown option '\(unknown)'; the options are: \(ExternalPolicy.helloOptions.joined(separator: ", "))"))
                }
                if let figures = reply["figures"] {
                    guard let on = ExternalPolicy.boolean(figures) else { return .failure(Failure("answered the hello with 'figures' that is not true or false")) }
                    options.wantsFigures = on
                }
                if let name = reply["name"] {
                    guard let text = name as? String else { return .failure(Failure("answered the hello with a 'name' that is not a string")) }
                    options.name = text
                }
                return .success(options)
            } catch {
                return .failure(Failure(error.description + " instead of answering the hello"))
            }
        }
    }

    /// What a process did wrong, in words that follow its site's name.
    struct Failure: Error {
        var what: String
        init(_ what: String) { self.what = what }
    }

    public static let version = 1
    /// Options a process may answer the hello with.
    public static let helloOptions = ["figures", "name"]

    private let channel: PolicyChannel
    private let timeout: Double?
    private let site: String
    private let featureCount: Int
    private let actionCount: Int
    private var nextID = 0
    private var request = RequestWriter()
    private var ended = false
    /// Why the conversation failed (nil while it works).
    public private(set) var failure: String?
    /// Whether the process asked for the running figures with each request.
    public private(set) var wantsFigures = false
    /// The name the process gave itself in its hello answer.
    public private(set) var name: String?
    /// Simulated time of the next request, seconds; set by the site before `choose`.
    public var time: Double = 0
    /// The running figures sent with the next request when the process asked for them.
    public var figures: [(key: String, value: Double)] = []

    /// Greets the process on `channel` and reads its options; `site` names
    /// it in messages ("the policy process for pick at paint-booth").
    public init(channel: PolicyChannel, hello: Hello, timeout: Double?, site: String) {
        self.channel = channel
        self.timeout = timeout
        self.site = site
        featureCount = hello.features.count
        actionCount = hello.actions.count
        switch Options.greet(channel, hello, timeout: timeout) {
        case let .success(options):
            wantsFigures = options.wantsFigures
            name = options.name
        case let .failure(failure):
            fail(failure.what)
        }
    }

    public func choose(features: UnsafePointer<Float>, mask: UnsafePointer<Bool>) -> Int {
        guard failure == nil, !ended else { return -1 }
        nextID += 1
        let id = nextID
        writeRequest(id: id, features: features, mask: mask)
        do {
            try request.bytes.withUnsafeBufferPointer { bytes throws(PolicyChannelError) in try channel.send(bytes: bytes) }
            // The usual answer is read in place; anything else is read again in full, to say what is wrong.
            let answer = try channel.receive(timeout: timeout) { line -> (id: Int, action: Int)? in
                if let parsed = scanAnswer(line) { return parsed }
                unusualAnswer = String(decoding: line, as: UTF8.self)
                return nil
            }
            guard let parsed = answer ?? unusual(id) else { return -1 }
            guard parsed.id == id else { return fail("answered request \(id) with id \(parsed.id); it must echo \(id)") }
            let action = parsed.action
            guard action >= 0, action < actionCount else {
                return fail("answered request \(id) with action \(action), outside 0…\(actionCount - 1)")
            }
            guard mask[action] else { return fail("answered request \(id) with action \(action), which the mask forbids") }
            return action
        } catch {
            return fail(error.description + " at request \(id)")
        }
    }

    /// The request for decision `id`, written into `request`.
    private func writeRequest(id: Int, features: UnsafePointer<Float>, mask: UnsafePointer<Bool>) {
        request.reset()
        request.appendDecide(id: id, replication: nil, time: time, features: UnsafeBufferPointer(start: features, count: featureCount),
                             mask: UnsafeBufferPointer(start: mask, count: actionCount), figures: wantsFigures ? figures : nil)
        request.append("\n")
    }

    /// An answer the fast reader refused, kept to explain it (nil: none).
    private var unusualAnswer: String?

    /// Reads an answer the fast reader refused (kept in `unusualAnswer`) in full: its id and action
    /// when it is still one (`{"action": 2.0, "id": 1}`), else nil after failing with what is wrong.
    private func unusual(_ id: Int) -> (id: Int, action: Int)? {
        let answer = unusualAnswer ?? ""
        guard let reply = Self.object(answer) else {
            fail("answered request \(id) with \(Self.quote(answer)), not a JSON object")
            return nil
        }
        if let unknown = reply.keys.sorted().first(where: { $0 != "id" && $0 != "action" }) {
            fail("answered request \(id) with the unknown key '\(unknown)'; an answer is {\"id\": \(id), \"action\": k}")
            return nil
        }
        guard let echoed = Self.integer(reply["id"]) else {
            fail("answered request \(id) with id \(reply["id"].map { "\($0)" } ?? "missing"); it must echo \(id)")
            return nil
        }
        guard let action = Self.integer(reply["action"]) else {
            fail("answered request \(id) without an integer 'action'")
            return nil
        }
        return (echoed, action)
    }

    /// Tells the process the replication ended at `time` seconds, then closes the conversation.
    public func end(time: Double) {
        guard !ended else { return }
        ended = true
        if failure == nil {
            request.reset()
            request.appendEnd(replication: nil, time: time, figures: wantsFigures ? figures : nil)
            request.append("\n")
            try? request.bytes.withUnsafeBufferPointer { bytes throws(PolicyChannelError) in try channel.send(bytes: bytes) }
        }
        channel.close(grace: timeout ?? 10)
    }

    deinit { channel.close(grace: 0) }

    @discardableResult
    private func fail(_ what: String) -> Int {
        failure = Self.message(site, what, channel)
        ended = true
        channel.close(grace: 0)
        return -1
    }

    /// `site` and `what` it did, then the last 20 lines of its process's standard error.
    static func message(_ site: String, _ what: String, _ channel: PolicyChannel) -> String {
        var message = "\(site) \(what)"
        let tail = channel.errorTail.trimmingCharacters(in: .whitespacesAndNewlines)
        if !tail.isEmpty { message += "; its standard error ends:\n" + tail.split(separator: "\n", omittingEmptySubsequences: false).suffix(20).joined(separator: "\n") }
        return message
    }

    // MARK: JSON

    static func json(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func object(_ line: String) -> [String: Any]? {
        guard let data = line.data(using: .utf8), data.count <= LineReader.maxLine else { return nil }
        return (try? JSONSerialization.jsonObject(with: data, options: [])) as? [String: Any]
    }

    /// An integer from a JSON number (2 or 2.0), not from a string or a Boolean.
    static func integer(_ value: Any?) -> Int? {
        guard let number = value as? NSNumber, !isBoolean(number) else { return nil }
        let d = number.doubleValue
        guard d.isFinite, d == d.rounded(), abs(d) < 1e15 else { return nil }
        return Int(d)
    }

    /// A JSON true or false (not a number).
    static func boolean(_ value: Any) -> Bool? {
        guard let number = value as? NSNumber, isBoolean(number) else { return nil }
        return number.boolValue
    }

    /// Whether JSONSerialization made `number` from true or false (its type code is `c`, a number's is `q` or `d`).
    static func isBoolean(_ number: NSNumber) -> Bool { String(cString: number.objCType) == "c" }

    /// At most 200 characters of what the process wrote, quoted.
    static func quote(_ line: String) -> String {
        let cut = line.count > 200 ? String(line.prefix(200)) + "…" : line
        return "'\(cut)'"
    }
}
