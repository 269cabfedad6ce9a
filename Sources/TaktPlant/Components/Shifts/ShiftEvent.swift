/// A shift starting or ending.
enum ShiftEvent: Int32, LineEventKind {
    case shiftChange = 5
}
