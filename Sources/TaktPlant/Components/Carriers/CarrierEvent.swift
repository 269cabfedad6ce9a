/// A carrier loop's events: an empty carrier back at its load station (the target is the load station).
enum CarrierEvent: Int32, LineEventKind {
    case carrierReturned = 17
}
