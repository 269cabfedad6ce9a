/// A run's robots packed station by station, as `run_robot_figures.robots`
/// holds them (schema v27): `[[position, station, [[robot, figures…], …]], …]`.
///
/// A station's name is written once for its robots, and a robot named as
/// `robots: {count: n}` names it (`<station>/r<i>`) by its number `i` alone;
/// the view `robot_stats` spells the name out again. That halves the bytes
/// of v25's rows (a station and a full name a robot; the EV plant's 702
/// robots: 45 KB a one-day run before), and the writer's work on them.
struct PackedRobots {
    private var json = JSONBytes(capacity: 8_192)
    /// The station whose robots are being added: its position and the bytes of `<station>/r`.
    private var open: (position: Int, prefix: [UInt8])?

    init() {
        json.append("[")
    }

    /// Adds a robot of the station at `position`; robots come in plant order, a station's together.
    mutating func add(position: Int, station: String, robot: String, figures: some Sequence<StoreValue>) {
        begin(position: position, station: station, robot: robot)
        for figure in figures {
            json.append(",")
            json.value(figure)
        }
        json.append("]")
    }

    /// The packed robots, closed; nil when none were added.
    var text: String? {
        guard open != nil else { return nil }
        var closed = json
        closed.append("]")
        closed.append("]")
        closed.append("]")
        return closed.text
    }

    /// Opens the robot's array with its name (its number when it is `<station>/r<number>`), in its station's group.
    private mutating func begin(position: Int, station: String, robot: String) {
        if let open, open.position == position {
            json.append(",")
        } else {
            if open != nil {
                json.append("]")
                json.append("]")
                json.append(",")
            }
            json.append("[")
            json.integer(Int64(position))
            json.append(",")
            json.string(station)
            json.append(",")
            json.append("[")
            open = (position, Array("\(station)/r".utf8))
        }
        json.append("[")
        if let number = Self.number(of: robot, prefix: open!.prefix) {
            json.integer(number)
        } else {
            json.string(robot)
        }
    }

    /// `i` when `robot` is `prefix` followed by the decimal digits of `i ≥ 0` as Swift writes them (no sign, no leading zero).
    static func number(of robot: String, prefix: [UInt8]) -> Int64? {
        let name = robot.utf8
        guard name.count > prefix.count, name.count <= prefix.count + 18, name.starts(with: prefix) else { return nil }
        let digits = name.dropFirst(prefix.count)
        guard digits.first != UInt8(ascii: "0") || digits.count == 1 else { return nil }
        var number: Int64 = 0
        for byte in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            number = number * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return number
    }
}
