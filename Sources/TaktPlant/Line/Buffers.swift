/// The stations' buffers: the jobs waiting in front of each station, how many
/// may wait, and the servers and sources blocked on the station (holding a
/// job for it), in the order they blocked.
struct Buffers {
    /// Jobs waiting in front of each station, in arrival order.
    let queues: Slab<RingBuffer>
    /// How many jobs may wait in front of each station (`Int.max`: unlimited).
    let capacity: Slab<Int>
    /// Servers (k ≥ 0) and sources (−i − 1) holding a finished job for each station.
    let blockedOn: Slab<RingBuffer>

    init(plant: PlantDescription) {
        queues = Slab(plant.stations.map { _ in RingBuffer() })
        capacity = Slab(plant.stations.map(\.buffer.limit))
        blockedOn = Slab(plant.stations.map { _ in RingBuffer() })
    }

    /// Frees the slabs (the line model's deinit).
    func release() {
        queues.release()
        capacity.release()
        blockedOn.release()
    }
}
