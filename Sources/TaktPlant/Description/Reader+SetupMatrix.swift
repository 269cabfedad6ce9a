import TaktKernel

/// Reading a changeover's setup matrix.
extension Reader {
    /// Reads `matrix: {from: {to: time, …}, …}` over the plant's colours or
    /// variants (`kind`, their `names`), as `[from][to]` by their index; a
    /// change it does not list takes `default`, and without one it must list
    /// every change.
    mutating func readSetupMatrix(_ value: YAMLValue, kind: String, names: [String], default time: Distribution?) throws(PlantFileError) -> [[Distribution?]] {
        var matrix = [[Distribution?]](repeating: [Distribution?](repeating: nil, count: names.count), count: names.count)
        let rows = try value.mapping(allowed: names)
        for from in names.indices {
            guard let row = rows[names[from]] else { continue }
            let entries = try row.mapping(allowed: names)
            for to in names.indices {
                guard let entry = entries[names[to]] else { continue }
                guard to != from else {
                    throw entry.error("'\(names[from])' to '\(names[to])' is no change: a changeover happens between different \(kind)s only")
                }
                matrix[from][to] = try readDistribution(entry)
            }
        }
        if time == nil {
            for from in names.indices {
                for to in names.indices where to != from && matrix[from][to] == nil {
                    throw value.error("no time for a change from '\(names[from])' to '\(names[to])': list it, or give a 'time' for the changes the matrix does not list")
                }
            }
        }
        return matrix
    }
}
