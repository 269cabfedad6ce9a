import TaktKernel

/// A token bucket: holds up to `burst` tokens, refilled continuously at
/// `perMinute`; a call takes one token or is refused.
struct TokenBucket {
    let capacity: Double
    /// Tokens added per tick.
    let rate: Double
    var tokens: Double
    var updated: Tick = 0

    init(perMinute: Double, burst: Int) {
        capacity = Double(burst)
        rate = perMinute / Double(Ticks.from(seconds: 60))
        tokens = capacity
    }

    /// Takes a token at `now` (times must not decrease) if there is one.
    mutating func admit(at now: Tick) -> Bool {
        tokens = min(capacity, tokens + Double(now - updated) * rate)
        updated = now
        // A hair of slack so that a token refilled exactly on time counts.
        guard tokens >= 1 - 1e-9 else { return false }
        tokens -= 1
        return true
    }
}

/// A service's outages: up and down periods alternate, drawn lazily from
/// their own stream as time passes (no events needed).
struct OutageProcess {
    let up: Sampler
    let down: Sampler
    var stream: RandomStream
    /// The current or next outage.
    var from: Tick
    var until: Tick

    /// `up` and `down` must stay valid while the process is used (the plant owns them).
    init(up: Sampler, down: Sampler, stream: RandomStream) {
        self.up = up
        self.down = down
        self.stream = stream
        from = up.sampleTicks(&self.stream)
        until = from + down.sampleTicks(&self.stream)
    }

    /// When the outage covering `now` ends, or nil when the service is up (times must not decrease).
    mutating func outageEnd(at now: Tick) -> Tick? {
        while now >= until {
            from = until + up.sampleTicks(&stream)
            until = from + down.sampleTicks(&stream)
        }
        return now >= from ? until : nil
    }
}

/// An inference server's batches and workers. A request joins the open
/// batch (opening one if there is none); the batch closes a window after it
/// opened and goes to the worker free first, first come first served.
struct BatchingServer {
    let window: Tick
    let perBatch: Tick
    let perCall: Tick
    /// When each worker is next free.
    var freeAt: [Tick]
    /// Requests in the open batch (empty: none open).
    var open: [Int32] = []

    init(_ spec: ServerSpec) {
        window = spec.batchWindow
        perBatch = spec.perBatch
        perCall = spec.perCall
        freeAt = Array(repeating: 0, count: spec.workers)
    }

    /// Adds a request; true when it opened a batch (whose close must then be scheduled after `window`).
    mutating func join(_ request: Int32) -> Bool {
        open.append(request)
        return open.count == 1
    }

    /// Closes the open batch at `now`: when its answers leave the server.
    /// The requests stay in `open` for the caller to read, then `clear()`.
    mutating func close(at now: Tick) -> Tick {
        var w = 0
        for i in freeAt.indices where freeAt[i] < freeAt[w] { w = i }
        let start = max(now, freeAt[w])
        let done = start + perBatch + Tick(open.count) * perCall
        freeAt[w] = done
        return done
    }

    mutating func clear() { open.removeAll(keepingCapacity: true) }
}
