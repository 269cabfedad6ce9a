import Foundation
import TaktKernel

extension Reader {
    static let calendarKeys = ["shifts", "breaks", "working_days", "maintenance", "source"]
    static let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// A station whose own calendar never meets the plant's would never work: said where its calendar is.
    mutating func checkStationCalendars(stationItems: [YAMLValue], stations: [StationSpec], plantCalendar: ShiftCalendar?) {
        guard let plantCalendar else { return }
        for (s, station) in stations.enumerated() {
            guard let own = station.calendar, ShiftCalendar.commonTimePerWeek([own, plantCalendar]) == 0,
                  let at = try? stationItems[s].mapping()["calendar"] else { continue }
            errors.append(at.error("station '\(station.name)' would never work: its calendar is never on shift while the plant's is "
                + "(a station works only when both are); give it hours within the plant's shifts"))
        }
    }

    /// Reads `calendar:`: daily shifts on working days, minus breaks and weekly maintenance windows.
    func readCalendar(_ value: YAMLValue) throws(PlantFileError) -> ShiftCalendar? {
        let map = try value.mapping(allowed: Self.calendarKeys)
        let day = 86_400 * Ticks.perSecond
        let days: [Int]
        if let list = map["working_days"] {
            var chosen: [Int] = []
            for item in try list.sequence() {
                let d = Self.dayNames.firstIndex(of: try item.choice(Self.dayNames))!
                guard !chosen.contains(d) else { throw item.error("day listed twice") }
                chosen.append(d)
            }
            guard !chosen.isEmpty else { throw list.error("needs at least one working day") }
            days = chosen
        } else {
            days = Array(0..<7)
        }
        let shiftsValue = try map.required("shifts", hint: "a list of daily shifts such as \"06:00-14:00\"")
        var shifts: [Range<Tick>] = []
        var breaks: [Range<Tick>] = []
        // Each shift's week, wrapped: shifts may not overlap (the working time is given once).
        var listed: [(text: String, week: [Range<Tick>])] = []
        for item in try shiftsValue.sequence() {
            let span = try Self.timeSpan(item)
            let week = days.map { d in (Tick(d) * day + span.lowerBound)..<(Tick(d) * day + span.upperBound) }
            let wrapped = ShiftCalendar.compile(shifts: week, removals: [])
            if let other = listed.first(where: { o in o.week.contains { r in wrapped.contains(where: r.overlaps) } }) {
                let allDay = other.week.reduce(0) { $0 + $1.count } == days.count * Int(day) ? " (from a time to the same time: 24 hours)" : ""
                throw item.error("the shift '\(try item.string())' overlaps the shift '\(other.text)'\(allDay): give each working hour once, e.g. one longer shift")
            }
            listed.append((try item.string(), wrapped))
            shifts += week
        }
        guard !shifts.isEmpty else { throw shiftsValue.error("needs at least one shift") }
        // A break or maintenance window that removes no working time is a mistake (a wrong time or day), not a no-op.
        let working = ShiftCalendar.compile(shifts: shifts, removals: [])
        func removesWorkingTime(_ cut: [Range<Tick>]) -> Bool {
            ShiftCalendar.compile(shifts: cut, removals: []).contains { r in working.contains(where: r.overlaps) }
        }
        for item in try map["breaks"]?.sequence() ?? [] {
            let span = try Self.timeSpan(item)
            let week = days.map { d in (Tick(d) * day + span.lowerBound)..<(Tick(d) * day + span.upperBound) }
            guard removesWorkingTime(week) else {
                throw item.error("the break '\(try item.string())' falls outside every shift: it would remove no working time")
            }
            breaks += week
        }
        for item in try map["maintenance"]?.sequence() ?? [] {
            let text = try item.string()
            let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2, let d = Self.dayNames.firstIndex(of: parts[0].lowercased()) else {
                throw item.error("expected a weekly window such as \"sun 06:00-10:00\", got '\(text)'")
            }
            let span = try Self.timeSpan(YAMLValue(node: .scalar(.init(parts[1])), path: item.path, file: item.file), at: item)
            let window = (Tick(d) * day + span.lowerBound)..<(Tick(d) * day + span.upperBound)
            guard removesWorkingTime([window]) else {
                throw item.error("the maintenance window '\(text)' falls outside every shift\(days.contains(d) ? "" : " (\(parts[0]) is not a working day)"): "
                    + "it would remove no working time")
            }
            breaks.append(window)
        }
        let on = ShiftCalendar.compile(shifts: shifts, removals: breaks)
        guard !on.isEmpty else { throw value.error("the calendar leaves no working time: breaks and maintenance cover every shift") }
        if on.count == 1, on[0] == 0..<ShiftCalendar.week { return nil }  // works around the clock
        return ShiftCalendar(onShift: on)
    }

    /// "HH:MM-HH:MM" as an interval from midnight; an end at or before the start is on the next day.
    static func timeSpan(_ value: YAMLValue, at location: YAMLValue? = nil) throws(PlantFileError) -> Range<Tick> {
        let where_ = location ?? value
        let text = try value.string()
        let ends = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
        guard ends.count == 2, let start = clock(ends[0]), let end = clock(ends[1]) else {
            throw where_.error("expected a time span such as \"06:00-14:00\", got '\(text)'")
        }
        guard start < 86_400 else { throw where_.error("a span must start before 24:00, got '\(text)'") }
        let endSeconds = end <= start ? end + 86_400 : end
        return (Tick(start) * Ticks.perSecond)..<(Tick(endSeconds) * Ticks.perSecond)
    }

    /// Seconds after midnight of "HH:MM" (00:00 to 24:00).
    static func clock(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
              (0...24).contains(h), (0..<60).contains(m), h < 24 || m == 0 else { return nil }
        return h * 3600 + m * 60
    }
}
