import Foundation
import TaktPlant
import TaktPolicy

/// Runs replications on worker threads: each worker takes the next item
/// until none is left or one has failed; no item starts after a failure.
/// Completions are handed to `onComplete` one at a time.
///
/// More workers than cores (to keep a batching policy process's batches
/// full, `PlantDescription.policyBatch`) run on threads of their own: most
/// of them wait for their process's answers at any time.
enum WorkerPool {
    /// The results in item order (nil where an item did not run), and the
    /// failure of the lowest-numbered replication, if any.
    static func run<Item: Sendable>(_ items: [Item], threads: Int,
                                    body: @escaping @Sendable (Item) throws(ModelError) -> ReplicationResult,
                                    onComplete: @escaping @Sendable (Item, ReplicationResult) -> Void) -> (results: [ReplicationResult?], failure: (Item, ModelError)?) {
        let state = State<Item>(count: items.count)
        let work: @Sendable () -> Void = {
            while let i = state.take() {
                switch Result(catching: { () throws(ModelError) in try body(items[i]) }) {
                case let .success(result): state.add(i, result) { onComplete(items[i], result) }
                case let .failure(error): state.fail(i, error)
                }
            }
        }
        let workers = max(1, min(threads, items.count))
        if workers <= ProcessInfo.processInfo.activeProcessorCount {
            DispatchQueue.concurrentPerform(iterations: workers) { _ in work() }
        } else {
            let done = DispatchGroup()
            for _ in 0..<workers {
                done.enter()
                let thread = Thread {
                    work()
                    done.leave()
                }
                thread.stackSize = 8 << 20
                thread.start()
            }
            done.wait()
        }
        return (state.results, state.failure.map { (items[$0.0], $0.1) })
    }

    private final class State<Item>: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private let count: Int
        private var slots: [ReplicationResult?]
        private var failures: [(Int, ModelError)] = []

        init(count: Int) {
            self.count = count
            slots = Array(repeating: nil, count: count)
        }

        func take() -> Int? {
            lock.withLock {
                guard failures.isEmpty, next < count else { return nil }
                next += 1
                return next - 1
            }
        }

        func add(_ i: Int, _ result: ReplicationResult, then report: () -> Void) {
            lock.withLock {
                slots[i] = result
                report()
            }
        }

        func fail(_ i: Int, _ error: ModelError) { lock.withLock { failures.append((i, error)) } }

        var results: [ReplicationResult?] { lock.withLock { slots } }
        var failure: (Int, ModelError)? { lock.withLock { failures.min { $0.1.replication < $1.1.replication } } }
    }
}

extension WorkerPool {
    /// One replication to run: replication `replication` of plant number `plant`.
    typealias PlantReplication = (plant: Int, replication: Int)

    /// Runs `items` on one pool, plant `plant(i)` for item plant i, so the cores stay busy across plants; policy
    /// processes that answer in batches serve each plant's replications (scope `"\(scope) i"`), as many at once as they take.
    static func replications(_ items: [PlantReplication], settings: RunSettings, threads: Int, scope: String,
                             plant: @escaping @Sendable (Int) -> PlantDescription,
                             onComplete: @escaping @Sendable (PlantReplication, ReplicationResult) -> Void)
        -> (results: [ReplicationResult?], failure: (PlantReplication, ModelError)?) {
        let processes = PolicyServerPool()
        defer { processes.close() }
        let batch = Set(items.map(\.plant)).map { plant($0).policyBatch }.max() ?? 0
        return run(items, threads: max(threads, batch), body: { item throws(ModelError) in
            let p = plant(item.plant)
            return try Replication.run(p, settings: settings, replication: item.replication,
                                       serving: p.policyBatch > 0 ? PolicyServing(pool: processes, scope: "\(scope) \(item.plant)") : nil)
        }, onComplete: onComplete)
    }
}
