import Foundation

/// A policy answered by another program over the takt-policy protocol,
/// version 1 (docs/policy-protocol.md): JSON lines, a hello, one request
/// per decision, an end.
///
/// A failed conversation is not thrown from `choose` (a decision site
/// cannot throw on the hot path): `choose` returns −1 and `failure` says
/// what happened, naming the site, the request and the process's
/// standard-error tail. The owner stops the run.
public final class ExternalPolicy: DecisionPolicy {
    /// What the hello tells the process.
    public struct Hello: Sendable {
        public var point: String
        public var at: String
        public var features: [String]
        public var actions: [String]
        public var replication: Int
        public var seed: UInt64

        public init(point: String, at: String, features: [String], actions: [String], replication: Int, seed: UInt64) {
            self.point = point
            self.at = at
            self.features = features
            self.actions = actions
            self.replication = replication
            self.seed = seed
        }
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
        let message: [String: Any] = [
            "type": "hello", "protocol": "takt-policy", "version": Self.version, "point": hello.point, "at": hello.at,
            "features": hello.features, "actions": hello.actions, "replication": hello.replication, "seed": hello.seed,
        ]
        do {
            try channel.send(Self.json(message))
            let line = try channel.receive(timeout: timeout)
            guard let reply = Self.object(line) else { fail("answered the hello with \(Self.quote(line)), not a JSON object"); return }
            if let unknown = reply.keys.sorted().first(where: { !Self.helloOptions.contains($0) }) {
                fail("answered the hello with the unknown option '\(unknown)'; the options are: \(Self.helloOptions.joined(separator: ", "))")
                return
            }
            if let figures = reply["figures"] {
                guard let on = Self.boolean(figures) else { fail("answered the hello with 'figures' that is not true or false"); return }
                wantsFigures = on
            }
            if let name = reply["name"] {
                guard let text = name as? String else { fail("answered the hello with a 'name' that is not a string"); return }
                self.name = text
            }
        } catch {
            fail(error.description + " instead of answering the hello")
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
        request.append("{\"type\":\"decide\",\"id\":")
        request.append(id)
        request.append(",\"time_s\":")
        request.append(time)
        request.append(",\"features\":[")
        for i in 0..<featureCount {
            if i > 0 { request.append(",") }
            request.append(features[i])
        }
        request.append("],\"mask\":[")
        for i in 0..<actionCount {
            if i > 0 { request.append(",") }
            if mask[i] { request.append("true") } else { request.append("false") }
        }
        request.append("]")
        writeFigures()
        request.append("}\n")
    }

    /// `,"figures":{...}` when the process asked for them.
    private func writeFigures() {
        guard wantsFigures else { return }
        request.append(",\"figures\":{")
        for (k, pair) in figures.enumerated() {
            if k > 0 { request.append(",") }
            request.append("\"")
            request.append(utf8: pair.key)
            request.append("\":")
            request.append(pair.value)
        }
        request.append("}")
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
            request.append("{\"type\":\"end\",\"time_s\":")
            request.append(time)
            writeFigures()
            request.append("}\n")
            try? request.bytes.withUnsafeBufferPointer { bytes throws(PolicyChannelError) in try channel.send(bytes: bytes) }
        }
        channel.close(grace: timeout ?? 10)
    }

    deinit { channel.close(grace: 0) }

    @discardableResult
    private func fail(_ what: String) -> Int {
        var message = "\(site) \(what)"
        let tail = channel.errorTail.trimmingCharacters(in: .whitespacesAndNewlines)
        if !tail.isEmpty { message += "; its standard error ends:\n" + tail.split(separator: "\n", omittingEmptySubsequences: false).suffix(20).joined(separator: "\n") }
        failure = message
        ended = true
        channel.close(grace: 0)
        return -1
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
