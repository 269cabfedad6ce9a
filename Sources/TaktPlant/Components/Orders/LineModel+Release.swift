import TaktKernel
import TaktPolicy

/// The release decision point: the rules, the bank's classes and their
/// features, the teacher (an exact sequencing of the classes) and the policy.
extension LineModel {
    /// How a source chooses, without the rule's payload (read per release).
    enum ReleaseKind {
        case fifo, colour, spread, decided
    }

    /// The bank position source `i` releases next, by its rule or `kind`.
    func chooseRelease(source i: Int, kind: ReleaseKind? = nil) -> Int {
        switch kind ?? orders.releasing.kinds[i] {
        case .fifo:
            return 0
        case .colour:
            let last = orders.releasing.lastColour[i]
            guard last >= 0 else { return 0 }
            return orders.banks[i].firstIndex { $0.colour == last } ?? 0
        case .spread:
            var best = 0, bestGap = Double.infinity
            let target = bankLoad(source: i)
            for (k, order) in orders.banks[i].enumerated() {
                let gap = abs(orders.releasing.drift[i] + load(of: order) - target)
                if gap < bestGap - 1e-12 { best = k; bestGap = gap }
            }
            return best
        case .decided:
            return decideRelease(source: i)
        }
    }

    /// Keeps the release history the rules and features read: the drift
    /// counts each release's load against `target`, the average load of the
    /// orders it was chosen from (so it measures how the sequence departs
    /// from the orders at hand, not the randomness of the orders).
    func noteRelease(_ order: Order, source i: Int, target: Double) {
        orders.releasing.run[i] = order.colour == orders.releasing.lastColour[i] ? orders.releasing.run[i] + 1 : 1
        orders.releasing.lastColour[i] = order.colour
        orders.releasing.drift[i] += load(of: order) - target
        orders.releasing.lastLoad[i] = load(of: order)
    }

    /// The average load of the orders in source `i`'s bank.
    func bankLoad(source i: Int) -> Double {
        guard !orders.banks[i].isEmpty else { return orders.releasing.meanLoad }
        return orders.banks[i].reduce(0) { $0 + load(of: $1) } / Double(orders.banks[i].count)
    }

    @inline(__always)
    func load(of order: Order) -> Double { order.variant >= 0 ? orders.releasing.variantLoad[Int(order.variant)] : 0 }

    /// Asks the source's policy (or the oracle) which class goes; returns its oldest order's position.
    func decideRelease(source i: Int) -> Int {
        let n = formReleaseClasses(source: i)
        guard n > 1 else { return 0 }
        writeReleaseFeatures(source: i, classes: n)
        let choice = decide(site: sites.atSource[i], candidates: n) { oracleRelease(source: i, classes: n) }
        return sites.scratch.releaseClasses.base[choice].first
    }

    /// Asks source `i`'s deployed release policy: the bank position to release
    /// when the answer (or the fallback) decides at once, else nil, the source waiting.
    func requestRelease(source i: Int, _ sim: Simulation) -> Int? {
        let n = formReleaseClasses(source: i)
        guard n > 1 else { return 0 }
        writeReleaseFeatures(source: i, classes: n)
        let audited = sites.auditTrail.count
        let site = sites.atSource[i]
        let choice = decide(site: site, candidates: n) { oracleRelease(source: i, classes: n) }
        let position = sites.scratch.releaseClasses.base[choice].first
        switch send(site: site, subject: i, choice: position, audit: sites.auditTrail.count > audited ? audited : -1, sim) {
        case .answered: return position
        case .fellBack: return fallbackRelease(source: i)
        case .pending: return nil
        }
    }

    /// The answer for source `i` arrived (with `position` nil, the fallback
    /// decides): it releases, unless the shift ended meanwhile; then it asks again at the next start.
    func releaseAnswered(source i: Int, position: Int?, _ sim: Simulation) {
        if shiftClock.offShift || (shiftClock.hasCalendar && plant.calendar?.state(at: now).on == false) {
            shiftClock.waitingForShift[i] = true
            return
        }
        release(source: i, position: position ?? fallbackRelease(source: i), sim)
    }

    /// The bank position by source `i`'s fallback rule, in process and at once.
    func fallbackRelease(source i: Int) -> Int {
        switch plant.sources[i].releaseDeployment?.fallback {
        case .colour?: return chooseRelease(source: i, kind: .colour)
        case .spread?: return chooseRelease(source: i, kind: .spread)
        case .oracle?, .policy?:
            let n = formReleaseClasses(source: i)
            guard n > 1 else { return 0 }
            let choice: Int
            if let policy = deployments.siteFallbackPolicies[sites.atSource[i]] {
                writeReleaseFeatures(source: i, classes: n)
                choice = policy.choose(features: sites.scratch.features.base, mask: sites.scratch.mask.base)
            } else {
                choice = oracleRelease(source: i, classes: n)
            }
            return sites.scratch.releaseClasses.base[choice >= 0 && choice < n ? choice : 0].first
        case .fifo?, nil: return 0
        }
    }

    /// Groups source `i`'s bank by colour and variant (the first eight classes, in
    /// order of their oldest order) into the scratch table; returns how many.
    func formReleaseClasses(source i: Int) -> Int {
        let c = sites.scratch.releaseClasses.base
        var count = 0
        for (k, order) in orders.banks[i].enumerated() {
            var slot = 0
            while slot < count, c[slot].order != order { slot += 1 }
            if slot == count {
                guard count < ReleasePoint.candidates else { continue }
                c[slot] = ReleaseClass(order: order, first: k, count: 0)
                count += 1
            }
            c[slot].count += 1
        }
        return count
    }

    /// Fills the decision scratch with the release point's features and mask.
    func writeReleaseFeatures(source i: Int, classes n: Int) {
        let x = sites.scratch.features.base, mask = sites.scratch.mask.base, c = sites.scratch.releaseClasses.base
        let last = orders.releasing.lastColour[i]
        var sameCount = 0
        for k in 0..<ReleasePoint.candidates {
            mask[k] = k < n
            guard k < n else {
                x[3 * k] = 0; x[3 * k + 1] = 0; x[3 * k + 2] = 0
                continue
            }
            let same = last >= 0 && c[k].order.colour == last
            if same { sameCount += c[k].count }
            x[3 * k] = same ? 1 : 0
            x[3 * k + 1] = Float(load(of: c[k].order))
            x[3 * k + 2] = Float(min(Double(c[k].count) / 8, 1))
        }
        let g = 3 * ReleasePoint.candidates
        x[g] = last >= 0 ? 1 : 0
        x[g + 1] = Float(min(Double(orders.releasing.run[i]) / 8, 1))
        x[g + 2] = Float(min(max(orders.releasing.drift[i] / 4, -1), 1))
        x[g + 3] = Float(orders.releasing.lastLoad[i])
        x[g + 4] = Float(min(Double(sameCount) / 8, 1))
        x[g + 5] = Float(n) / 8
        x[g + 6] = Float(Double(orders.banks[i].count) / Double(max(1, plant.sources[i].orderBank)))
        x[g + 7] = 1
    }

    /// How many releases ahead the release teacher plans.
    static let releaseHorizon = 8

    /// The teacher: plans the next eight releases from the bank's classes
    /// (each class at most as often as it has orders) to minimize, in
    /// seconds, the colour changes (each costs the mean time of the plant's
    /// first colour changeover, or of that change in its setup matrix) plus,
    /// after each release, the squared excess of the released work over the
    /// mix's average divided by the takt (goal chasing: a backlog of heavy
    /// work grows like excess² ÷ takt; a deficit costs nothing), plus what
    /// every other colour the plan leaves in the bank will cost at least
    /// later (`ReleaseState.strandedCost`); returns the plan's first class
    /// (ties: the class with the older order). Exact, by dynamic programming
    /// over how many of each class the plan has used (at most C(8 + 8, 8)
    /// states a step). Its tables are kept between decisions.
    func oracleRelease(source i: Int, classes n: Int) -> Int {
        let c = sites.scratch.releaseClasses.base
        let horizon = min(Self.releaseHorizon, orders.banks[i].count)
        // A state: classes used so far (a mixed-radix number) and the last colour; the value: the best plan there.
        let radix = sites.scratch.releaseRadix.base
        radix[0] = 1
        for k in 0..<n { radix[k + 1] = radix[k] * (min(c[k].count, horizon) + 1) }
        let driftCost = orders.releasing.loadSeconds * orders.releasing.loadSeconds / orders.releasing.taktSeconds
        let target = bankLoad(source: i)
        func state(_ used: Int, _ colour: Int16) -> Int { used * 1024 + Int(colour) + 1 }
        // The two layers are kept between decisions (emptied, not freed); moved out while in use, so they stay unshared.
        var layer: [Int: ReleasePlan] = [:], next: [Int: ReleasePlan] = [:]
        swap(&layer, &sites.scratch.releasePlans.0)
        swap(&next, &sites.scratch.releasePlans.1)
        layer.removeAll(keepingCapacity: true)
        layer[state(0, orders.releasing.lastColour[i])] = ReleasePlan(cost: 0, first: -1, last: orders.releasing.lastColour[i], drift: orders.releasing.drift[i])
        for _ in 0..<horizon {
            next.removeAll(keepingCapacity: true)
            for (key, plan) in layer {
                let usedKey = key / 1024
                for k in 0..<n {
                    let used = usedKey / radix[k] % (radix[k + 1] / radix[k])
                    guard used < min(c[k].count, horizon) else { continue }
                    let colour = c[k].order.colour
                    let change = plan.last >= 0 && plan.last != colour ? orders.releasing.colourChange(from: plan.last, to: colour) : 0
                    let drift = plan.drift + load(of: c[k].order) - target
                    let candidate = ReleasePlan(cost: plan.cost + change + driftCost * drift * drift, first: plan.first < 0 ? k : plan.first,
                                                last: colour, drift: drift)
                    let successor = state(usedKey + radix[k], colour)
                    // The best plan by (cost, first, drift): a total order, so the dictionary's order cannot matter.
                    if let known = next[successor], !candidate.precedes(known) { continue }
                    next[successor] = candidate
                }
            }
            swap(&layer, &next)
        }
        defer { sites.scratch.releasePlans = (layer, next) }
        // Beyond the plan, every other colour still in the bank costs at least one change.
        var best = 0, bestCost = Double.infinity
        for (key, plan) in layer {
            let usedKey = key / 1024
            var stranded: UInt64 = 0
            for k in 0..<n where c[k].order.colour != plan.last && usedKey / radix[k] % (radix[k + 1] / radix[k]) < c[k].count {
                stranded |= 1 << UInt64(min(63, max(0, Int(c[k].order.colour))))
            }
            let total = plan.cost + orders.releasing.strandedCost(stranded)
            if total < bestCost || (total == bestCost && plan.first < best) {
                best = plan.first
                bestCost = total
            }
        }
        return max(0, best)
    }
}

/// Orders of one colour and variant in a bank at a release decision.
struct ReleaseClass {
    var order: Order
    /// Bank position of its oldest order, and how many there are.
    var first: Int
    var count: Int
}

/// A partial plan of the release teacher: its cost so far, its first class,
/// the last colour released and the drift of the released load.
struct ReleasePlan {
    var cost: Double
    var first: Int
    var last: Int16
    var drift: Double

    /// Whether this plan is better than `other` reaching the same state: lower
    /// cost, then the earlier first class, then the lower drift.
    func precedes(_ other: ReleasePlan) -> Bool {
        if cost != other.cost { return cost < other.cost }
        if first != other.first { return first < other.first }
        return drift < other.drift
    }
}
