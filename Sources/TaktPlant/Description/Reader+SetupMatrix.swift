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
                // Each entry's problem is its own error: all of them are reported at once.
                matrix[from][to] = attempt { r throws(PlantFileError) in try r.readDistribution(entry) }
            }
        }
        if time == nil {
            // Pairs not listed (a listed pair that failed to read was reported where it is written).
            var missing: [String] = []
            for from in names.indices {
                let listed = (try? rows[names[from]]?.mapping()) ?? nil
                for to in names.indices where to != from && listed?[names[to]] == nil { missing.append("'\(names[from])' to '\(names[to])'") }
            }
            if !missing.isEmpty {
                let listed = missing.count > 12 ? missing.prefix(12).joined(separator: ", ") + " and \(missing.count - 12) more" : missing.joined(separator: ", ")
                throw value.error("no time for a change from \(listed): list \(missing.count == 1 ? "it" : "them"), "
                    + "or give a 'time' for the changes the matrix does not list")
            }
        }
        return matrix
    }
}
