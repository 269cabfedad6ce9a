import Foundation

/// The policy processes of one run that answer in batches, and when a batch goes.
///
/// A replication that uses them takes a seat when it starts and gives it up
/// when it ends. A request waits until every seated replication is waiting
/// for an answer too; then every waiting request goes, one batch per process
/// (docs/policy-protocol.md, "Batches"). Which requests share a batch depends
/// on how the threads ran; the answer to each does not, for a process that
/// answers a replication from that replication's requests alone, so results
/// do not depend on the thread count.
public final class PolicyServerPool: @unchecked Sendable {
    private let lock = NSLock()
    private var servers: [(key: String, server: PolicyServer)] = []
    private var seated = 0
    private var waiting = 0

    public init() {}

    /// One replication's place in the pool, from its start to its end (`leave`, or when the seat is released).
    public final class Seat {
        private let pool: PolicyServerPool
        private var left = false

        init(_ pool: PolicyServerPool) {
            self.pool = pool
            pool.withLock { pool.seated += 1 }
        }

        /// The replication ended: no batch waits for it any more.
        public func leave() {
            guard !left else { return }
            left = true
            pool.leave()
        }

        deinit { leave() }
    }

    /// The process for `key` (one site of one plant), started and greeted by `make` the first time it is asked for.
    func server(_ key: String, make: () -> PolicyServer) -> PolicyServer {
        withLock {
            if let found = servers.first(where: { $0.key == key }) { return found.server }
            let server = make()
            servers.append((key, server))
            return server
        }
    }

    /// Queues `client`'s request (already written) at `server` and returns when it is answered.
    func ask(_ client: BatchedPolicy, at server: PolicyServer) {
        lock.lock()
        server.queue(client)
        waiting += 1
        if waiting >= seated { sendWaiting() }
        lock.unlock()
        // Each waiter is woken alone, when its own answer is in: no thundering herd on the lock.
        client.answered.wait()
    }

    /// Writes `line` (a replication's end) to `server`, between batches.
    func send(_ line: RequestWriter, to server: PolicyServer) {
        withLock { server.send(line) }
    }

    /// Ends every process of the pool: closes its input and gives it its time-out to exit.
    public func close() {
        let all = withLock {
            let all = servers.map(\.server)
            servers.removeAll()
            return all
        }
        for server in all { server.close() }
    }

    deinit { close() }

    private func leave() {
        withLock {
            seated -= 1
            if waiting > 0, waiting >= seated { sendWaiting() }
        }
    }

    /// Every waiting request goes to its process; the answers wake their replications. Called with the lock held.
    private func sendWaiting() {
        for entry in servers { entry.server.answerQueued() }
        waiting = 0
    }

    private func withLock<R>(_ body: () -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}

/// How one replication reaches its run's batching policy processes: the
/// pool, the part of it that is this replication's plant (an experiment's
/// variant), and the replication's seat, taken when a site first needs it.
public final class PolicyServing {
    public let pool: PolicyServerPool
    /// Names this plant's processes within the pool.
    public let scope: String
    /// Whether the pool is this replication's alone, ended with it.
    let ownsPool: Bool
    private var taken: PolicyServerPool.Seat?

    /// A replication's way into a run's `pool`; `scope` names its plant there.
    public init(pool: PolicyServerPool, scope: String) {
        self.pool = pool
        self.scope = scope
        ownsPool = false
    }

    /// A pool of one replication's own (its batches hold its requests alone), closed when it ends.
    public init() {
        pool = PolicyServerPool()
        scope = "own"
        ownsPool = true
    }

    /// Takes the replication's seat in the pool, unless it has one: from now on, batches wait for its requests.
    func takeSeat() {
        if taken == nil { taken = PolicyServerPool.Seat(pool) }
    }

    /// The replication ended: its requests no longer hold a batch back (and a pool of its own is closed).
    public func leave() {
        taken?.leave()
        if ownsPool { pool.close() }
    }
}
