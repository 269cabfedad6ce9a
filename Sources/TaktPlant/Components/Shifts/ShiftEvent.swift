/// A shift starting or ending: the plant's, or a station's own (the target is the station).
enum ShiftEvent: Int32, LineEventKind {
    case shiftChange = 5
    case stationShiftChange = 16
}
