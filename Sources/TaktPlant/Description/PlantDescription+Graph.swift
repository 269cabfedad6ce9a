extension PlantDescription {
    /// For each station, whether it lies on a cycle of the routing graph
    /// (a strongly connected component with more than one station, or a
    /// station routing to itself). Only such stations can deadlock.
    ///
    /// Tarjan's algorithm, iterative so a long line cannot overflow the stack. O(stations + routes).
    public var stationsOnCycles: [Bool] {
        let n = stations.count
        let successors: [[Int]] = stations.map { $0.allSuccessors.compactMap { if case let .station(t) = $0 { t } else { nil } } }
        var index = Array(repeating: -1, count: n)
        var low = Array(repeating: 0, count: n)
        var onStack = Array(repeating: false, count: n)
        var stack: [Int] = []
        var onCycle = Array(repeating: false, count: n)
        var counter = 0
        for root in 0..<n where index[root] < 0 {
            var work: [(node: Int, edge: Int)] = [(root, 0)]
            index[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack[root] = true
            while let (v, e) = work.last {
                if e < successors[v].count {
                    work[work.count - 1].edge += 1
                    let w = successors[v][e]
                    if index[w] < 0 {
                        index[w] = counter; low[w] = counter; counter += 1
                        stack.append(w); onStack[w] = true
                        work.append((w, 0))
                    } else if onStack[w] {
                        low[v] = min(low[v], index[w])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last?.node { low[parent] = min(low[parent], low[v]) }
                if low[v] == index[v] {
                    var component: [Int] = []
                    while let w = stack.popLast() {
                        onStack[w] = false
                        component.append(w)
                        if w == v { break }
                    }
                    let cyclic = component.count > 1 || successors[v].contains(v)
                    for w in component { onCycle[w] = cyclic }
                }
            }
        }
        return onCycle
    }
}
