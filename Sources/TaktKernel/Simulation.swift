/// A model that reacts to events: the only thing the kernel asks of a model.
public protocol EventHandler: AnyObject {
    /// Handles one event at the simulation's current time (`simulation.now`).
    func handle(_ event: Event, in simulation: Simulation)
}

/// Why a run loop returned.
public enum StopReason: Equatable, Sendable {
    /// The clock reached the requested end time.
    case reachedTime
    /// No event was left to happen.
    case calendarEmpty
    /// The model called `stop()`.
    case stopRequested
    /// The event limit given to `run` was reached.
    case eventLimit
}

/// The simulation clock and its event calendar, and the loop that advances them.
///
/// A small object in the spirit of SimPy's `Environment`: the clock only moves
/// forward, to the time of the next event; handlers schedule further events.
public final class Simulation {
    /// The current simulated time.
    @inlinable public var now: Tick { clock }
    /// Number of events handled so far (cancelled events are not counted).
    @inlinable public var eventsHandled: Int { handled }
    @usableFromInline var clock: Tick = 0
    @usableFromInline var handled: Int = 0
    @usableFromInline var calendar = EventCalendar()
    @usableFromInline var stopRequested = false

    /// Creates a simulation at time zero with an empty calendar.
    public init() {}

    /// Number of pending events.
    public var pendingEvents: Int { calendar.count }

    /// Schedules `event` after `delay` ticks from now.
    @inlinable
    @discardableResult
    public func schedule(_ event: Event, after delay: Tick, priority: Int16 = 0) -> EventHandle {
        precondition(delay >= 0, "events cannot be scheduled in the past")
        return calendar.schedule(event, at: now + delay, priority: priority)
    }

    /// Schedules `event` at absolute time `time` (not before now).
    @inlinable
    @discardableResult
    public func schedule(_ event: Event, at time: Tick, priority: Int16 = 0) -> EventHandle {
        precondition(time >= now, "events cannot be scheduled in the past")
        return calendar.schedule(event, at: time, priority: priority)
    }

    /// Cancels a pending event.
    public func cancel(_ handle: EventHandle) {
        calendar.cancel(handle)
    }

    /// Cancels a pending event and schedules it again at `time`.
    @discardableResult
    public func reschedule(_ handle: EventHandle, event: Event, at time: Tick, priority: Int16 = 0) -> EventHandle {
        cancel(handle)
        return schedule(event, at: time, priority: priority)
    }

    /// Asks the running loop to return after the current event.
    public func stop() { stopRequested = true }

    /// Handles events in order until `endTime`, an empty calendar, `stop()`,
    /// or `maxEvents` events.
    ///
    /// Events at exactly `endTime` are handled. When the loop stops because of
    /// the end time or an empty calendar, the clock is set to `endTime`.
    @inlinable
    public func run<Handler: EventHandler>(until endTime: Tick, handler: Handler, maxEvents: Int = .max) -> StopReason {
        stopRequested = false
        var handledHere = 0
        while true {
            if stopRequested { return .stopRequested }
            if handledHere >= maxEvents { return .eventLimit }
            guard let next = calendar.beginDelivery(through: endTime) else {
                let reason: StopReason = calendar.isEmpty ? .calendarEmpty : .reachedTime
                if endTime != .max { clock = max(clock, endTime) }
                return reason
            }
            clock = next.time
            handled &+= 1
            handledHere &+= 1
            handler.handle(next.event, in: self)
            calendar.finishDelivery()
        }
    }
}
