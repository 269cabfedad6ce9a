/// A vehicle delivering a kit, and a vehicle done charging.
enum FleetEvent: Int32, LineEventKind {
    case kitDelivered = 9
    case vehicleCharged = 10
}
