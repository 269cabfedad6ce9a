import TaktKernel

/// An order: which variant to build, in which colour (indices into the plant's lists, −1 for none).
public struct Order: Sendable, Equatable, BitwiseCopyable {
    public var variant: Int16
    public var colour: Int16
}

/// Variants and colours: each job gets an order as it is released, and a
/// variant's work content replaces or scales a station's process time.
extension LineModel {
    /// A fresh order drawn from the variant and colour mix with source `i`'s stream.
    func drawOrder(source i: Int) -> Order {
        func pick(_ cdf: [Double], _ rng: inout RandomStream) -> Int16 {
            guard !cdf.isEmpty else { return -1 }
            let u = rng.nextUnit()
            var k = 0
            while k + 1 < cdf.count, u >= cdf[k] { k += 1 }
            return Int16(k)
        }
        let variant = pick(orders.variantCDF, &orders.streams[i])
        let colour = pick(orders.colourCDF, &orders.streams[i])
        return Order(variant: variant, colour: colour)
    }

    /// Gives `job`, released by source `i`, its order: from the bank at
    /// `position` (nil: by the release rule), or drawn when there is no bank.
    func assignOrder(_ job: Int32, source i: Int, at now: Tick, position: Int? = nil) {
        if orders.listed, !orders.lists[i].isEmpty {
            assignListed(job, source: i)
            return
        }
        guard orders.enabled else { return }
        let order: Order
        var target = orders.releasing.meanLoad
        if orders.banks[i].isEmpty {
            order = drawOrder(source: i)
        } else {
            target = bankLoad(source: i)
            let chosen = min(max(0, position ?? chooseRelease(source: i)), orders.banks[i].count - 1)
            order = orders.banks[i].remove(at: chosen)
            orders.banks[i].append(drawOrder(source: i))
        }
        noteRelease(order, source: i, target: target)
        jobs.variant[Int(job)] = order.variant
        jobs.colour[Int(job)] = order.colour
    }

    /// Gives `job` the next order of source `i`'s list: its variant and colour (drawn from the mix where it gives none) and its due date.
    func assignListed(_ job: Int32, source i: Int) {
        let entry = orders.lists[i][orders.listNext[i]]
        orders.listNext[i] += 1
        if orders.listRepeats[i], orders.listNext[i] == orders.lists[i].count { orders.listNext[i] = 0 }
        if orders.dueDates { jobs.due[Int(job)] = entry.due }
        guard orders.enabled else { return }
        var order = Order(variant: entry.variant, colour: entry.colour)
        if order.variant < 0 || order.colour < 0 {
            let drawn = drawOrder(source: i)  // −1 where the plant has no mix
            if order.variant < 0 { order.variant = drawn.variant }
            if order.colour < 0 { order.colour = drawn.colour }
        }
        jobs.variant[Int(job)] = order.variant
        jobs.colour[Int(job)] = order.colour
    }

    /// When source `i`'s list releases its next order (nil: the list is done, or gives no times).
    func nextListedRelease(_ i: Int) -> Tick? {
        guard orders.listed, !orders.lists[i].isEmpty, !orders.listDone(i), orders.lists[i][orders.listNext[i]].release >= 0 else { return nil }
        return orders.lists[i][orders.listNext[i]].release
    }

    /// Work for `job` at station `s`: the variant's own distribution or factor, drawn from the station's stream.
    func variantWork(station s: Int, job: Int32) -> Tick {
        let v = Int(jobs.variant[Int(job)])
        guard v >= 0 else { return processing.samplers[s].sampleTicks(&processing.streams[s]) }
        switch orders.variantWork[v * plant.stations.count + s] {
        case let .factor(f): return Ticks.from(seconds: processing.samplers[s].sample(&processing.streams[s]) * f)
        case let .sampler(sampler): return sampler.sampleTicks(&processing.streams[s])
        }
    }
}

/// A variant's work at one station, trivially copyable for the hot path.
enum WorkSlot {
    case factor(Double)
    case sampler(Sampler)
}
