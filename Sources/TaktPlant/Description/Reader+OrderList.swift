import SwiftCSV
import TaktKernel

/// Order lists: a source's `order_list`, a CSV file of orders (`Description/OrderList.swift`).
extension Reader {
    static let orderListKeys = ["file", "repeat", "source"]
    /// The columns an order list may have; every one is optional.
    static let orderListColumns = ["order", "release", "variant", "colour", "quantity", "due"]
    /// Most jobs an order list may give (its orders' quantities summed).
    static let maxListedJobs = 10_000_000

    /// Reads every source's `order_list` once the plant's variants and colours are known; sets `sources[i].orderList`.
    mutating func readOrderLists(sourceItems: [YAMLValue], sources: inout [SourceSpec], variants: [String], colours: [String]) {
        for (i, item) in sourceItems.enumerated() where i < sources.count {
            guard let map = try? item.mapping(), let value = map["order_list"] else { continue }
            guard let list = attempt({ r throws(PlantFileError) in try r.readOrderList(value, variants: variants, colours: colours) }) else { continue }
            switch (sources[i].arrivals, list.timed) {
            case (.listed, false):
                errors.append(value.error("the order list has no 'release' column: give the source a 'takt' or an 'interarrival' "
                    + "to release its orders, or the orders their release times"))
                continue
            case (.listed, true):
                if let v = map["first_arrival"] {
                    errors.append(v.error("the order list's release times say when jobs come: leave 'first_arrival' out"))
                    continue
                }
                sources[i].firstArrival = list.entries[0].release
            case (_, true):
                let key = ["takt", "interarrival", "unlimited"].first { map.has($0) } ?? "takt"
                errors.append((map[key] ?? value).error("the order list gives release times: leave '\(key)' out, or the 'release' column"))
                continue
            case (_, false):
                break
            }
            sources[i].orderList = list
        }
    }

    /// One `order_list`: a CSV file's name, or `{file, repeat}`.
    mutating func readOrderList(_ value: YAMLValue, variants: [String], colours: [String]) throws(PlantFileError) -> OrderList {
        let map = value.isScalar ? nil : try value.mapping(allowed: Self.orderListKeys)
        let fileValue = try map?.required("file", hint: "a CSV file of orders, relative to the plant file") ?? value
        let repeats = try map?["repeat"]?.bool() ?? false
        let path = try fileValue.string()
        let text = try readCSVText(path, at: fileValue)
        let csv = try parseCSV(text, path: path, at: fileValue)
        let header = csv.header.map { $0.trimmingCharacters(in: .whitespaces) }
        for column in header where !Self.orderListColumns.contains(column) {
            throw fileValue.error("'\(path)' has a column '\(column)' an order list does not know\(Suggestion.hint(for: column, in: Self.orderListColumns)); "
                + "its columns may be: \(Self.orderListColumns.joined(separator: ", "))")
        }
        if let twice = header.first(where: { c in header.filter { $0 == c }.count > 1 }) {
            throw fileValue.error("'\(path)' has the column '\(twice)' twice: which one is meant?")
        }
        // Each row's fields as written: a row with more or fewer fields than the header is a mistake, not blanks.
        var rows: [[String]] = []
        do {
            try csv.enumerateAsArray(startAt: 1, rowLimit: nil) { rows.append($0) }
        } catch {
            throw fileValue.error("'\(path)' is not valid CSV: \(error)")
        }
        let timed = header.contains("release")
        let positions = CSVPositions(text)
        let shown = csvDisplayPath(path)
        var entries: [OrderList.Entry] = []
        // Every bad row is reported (up to `maxRowProblems`), each at its place in the CSV file.
        var problems: [PlantFileError] = []
        for (r, row) in rows.enumerated() where !row.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            guard problems.count < Self.maxRowProblems else {
                problems.append(fileValue.error("'\(path)' has more rows with problems: the first \(Self.maxRowProblems) are listed"))
                break
            }
            func problem(_ column: String?, _ message: String) -> PlantFileError {
                let field = column.flatMap { header.firstIndex(of: $0) } ?? 0
                let at = positions.position(record: r + 1, field: field)
                return PlantFileError(file: shown, line: at?.line ?? 0, column: at?.column ?? 0, keyPath: fileValue.path,
                                      message: "row \(r + 2)" + (column.map { ", column '\($0)'" } ?? "") + ": " + message)
            }
            do throws(PlantFileError) {
                guard row.count == header.count else {
                    throw problem(nil, "\(row.count) field\(row.count == 1 ? "" : "s"), the header \(header.count) "
                        + "(\(header.joined(separator: ", "))): a comma too many or too few?")
                }
                entries.append(contentsOf: try orderEntries(row, header: header, timed: timed, listed: entries.count,
                                                            variants: variants, colours: colours, problem: problem))
            } catch {
                problems.append(error)
            }
        }
        if let last = problems.popLast() {
            errors.append(contentsOf: problems)
            throw last
        }
        guard !entries.isEmpty else { throw fileValue.error("'\(path)' lists no orders") }
        // Orders released at the same time keep the list's order.
        if timed { entries = entries.enumerated().sorted { ($0.element.release, $0.offset) < ($1.element.release, $1.offset) }.map(\.element) }
        let list = OrderList(entries: entries, timed: timed, repeats: repeats)
        if repeats, let v = map?["repeat"] {
            if timed { throw v.error("a list with release times runs once: leave 'repeat' out, or the 'release' column") }
            if list.hasDueDates { throw v.error("due dates are times from the run's start and do not repeat: leave 'repeat' out, or the 'due' column") }
        }
        return list
    }

    /// Most rows with problems one order list reports.
    static let maxRowProblems = 20

    /// The jobs one order-list row gives; `problem(column, message)` makes an error at the row's cell.
    func orderEntries(_ row: [String], header: [String], timed: Bool, listed: Int, variants: [String], colours: [String],
                      problem: (String?, String) -> PlantFileError) throws(PlantFileError) -> [OrderList.Entry] {
        func cell(_ column: String) -> String {
            guard let c = header.firstIndex(of: column) else { return "" }
            return row[c].trimmingCharacters(in: .whitespaces)
        }
        func time(_ column: String) throws(PlantFileError) -> Tick {
            let text = cell(column)
            if text.isEmpty { return -1 }
            do {
                return Ticks.from(seconds: try DurationText.seconds(text))
            } catch {
                throw problem(column, "\(error.message) (a time from the run's start, e.g. 6h or 2d)")
            }
        }
        func named(_ column: String, in names: [String], plural: String) throws(PlantFileError) -> Int16 {
            let name = cell(column)
            if name.isEmpty { return -1 }
            guard let k = names.firstIndex(of: name) else {
                throw problem(column, names.isEmpty ? "the plant has no \(plural): add them at the top of the plant file"
                    : "no \(column) is named '\(name)'\(Suggestion.hint(for: name, in: names))")
            }
            return Int16(k)
        }
        let release = try time("release")
        if timed, release < 0 { throw problem("release", "every order of a list with release times needs one") }
        let quantityText = cell("quantity")
        let quantity = quantityText.isEmpty ? 1 : Int(quantityText) ?? 0
        guard (1...Self.maxListedJobs).contains(quantity) else {
            throw problem("quantity", "'\(quantityText)' is not a whole number of jobs in 1…\(Self.maxListedJobs)")
        }
        guard listed + quantity <= Self.maxListedJobs else { throw problem("quantity", "the list gives more than \(Self.maxListedJobs) jobs") }
        let entry = OrderList.Entry(release: release, variant: try named("variant", in: variants, plural: "variants"),
                                    colour: try named("colour", in: colours, plural: "colours"), due: try time("due"))
        return Array(repeatElement(entry, count: quantity))
    }
}
