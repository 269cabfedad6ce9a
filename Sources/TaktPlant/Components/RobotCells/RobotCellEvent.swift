/// A robot failing and coming back (from repair or maintenance), and a cell's maintenance inspection.
enum RobotCellEvent: Int32, LineEventKind {
    case robotFailure = 6
    case robotRepair = 7
    case inspection = 11
}
