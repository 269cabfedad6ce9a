/// The stations' buffers: the jobs waiting in front of each station, how many
/// may wait, the servers and sources blocked on the station (holding a job
/// for it) in the order they blocked, and the stations that just gained room.
struct Buffers {
    /// Jobs waiting in front of each station, in arrival order.
    let queues: Slab<RingBuffer>
    /// How many jobs may wait in front of each station (`Int.max`: unlimited); a
    /// conveyor's is its places, or its jobs while its start is closed (`enteredConveyor`).
    let capacity: Slab<Int>
    /// Servers (k ≥ 0) and sources (−i − 1) holding a finished job for each station.
    let blockedOn: Slab<RingBuffer>
    /// Stations whose buffer just gained room; drained (last first) after each event.
    var roomMade = RingBuffer()

    init(plant: PlantDescription) {
        queues = Slab(plant.stations.map { _ in RingBuffer() })
        capacity = Slab(plant.stations.map(\.buffer.limit))
        blockedOn = Slab(plant.stations.map { _ in RingBuffer() })
    }

    /// Notes that station `s` has gained room, when a server or source holds a job for it (drained after the event).
    @inline(__always)
    mutating func noteRoom(at s: Int) {
        if !blockedOn[s].isEmpty { roomMade.append(Int32(s)) }
    }

    /// Frees the slabs and their ring buffers (the line model's deinit).
    func release() {
        for s in queues.indices {
            queues[s].release()
            blockedOn[s].release()
        }
        roomMade.release()
        queues.release()
        capacity.release()
        blockedOn.release()
    }
}
