/// A server's failure and the end of its repair.
enum FailureEvent: Int32, LineEventKind {
    case failure = 2
    case repair = 3
}
