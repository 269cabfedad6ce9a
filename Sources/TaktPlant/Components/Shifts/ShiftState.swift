import TaktKernel

/// The shift calendar's effect on the line: whether the plant is off shift,
/// the on-shift clock, and the sources whose next job waits for the next shift.
///
/// Owned by the line model; the behaviour is in `LineModel+Shifts`.
struct ShiftState: LineComponent {
    /// Whether the plant has a shift calendar (read per job; the calendar itself only at shift changes).
    let hasCalendar: Bool
    /// True while the plant's calendar is off shift.
    var offShift = false
    /// On-shift time, cumulative, and when the current on-shift interval began.
    var operatingBefore: Tick = 0
    var onShiftSince: Tick = 0
    /// Sources whose next job came off shift and waits for the next shift start.
    let waitingForShift: Slab<Bool>

    init(plant: PlantDescription) {
        hasCalendar = plant.calendar != nil
        waitingForShift = Slab(Array(repeating: false, count: plant.sources.count))
    }

    /// Frees the slabs (the line model's deinit).
    func release() {
        waitingForShift.release()
    }
}
