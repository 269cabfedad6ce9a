/// A job reaching its next station at the end of a transfer.
enum TransferEvent: Int32, LineEventKind {
    case transferEnd = 8
}
