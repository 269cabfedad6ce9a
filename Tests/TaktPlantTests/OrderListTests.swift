import Foundation
import TaktKernel
import TaktPlant
import TaktTestSupport
import Testing

/// Order lists: a source releases the orders of a CSV file, at their times or at its takt, and jobs are measured against their due dates.
@Suite("Order lists")
struct OrderListTests {
    /// A folder with `orders.csv` holding `csv`, and the plant `yaml` read from it.
    func plant(_ yaml: String, csv: String) throws -> PlantDescription {
        let folder = try CLI.temporaryDirectory()
        try csv.write(to: folder.appendingPathComponent("orders.csv"), atomically: true, encoding: .utf8)
        return try PlantLoader.parse(yaml: yaml, file: folder.appendingPathComponent("plant.yaml").path, directory: folder)
    }

    /// Every error for `yaml` with `csv` as its order list.
    func errors(_ yaml: String, csv: String) throws -> [String] {
        do {
            _ = try plant(yaml, csv: csv)
            return []
        } catch let error as PlantFileErrors {
            return error.errors.map(\.description)
        }
    }

    static let press = """
        plant: press
        run: {duration: 1h, warmup: 0s}
        sources: [{name: orders, order_list: orders.csv, next: press}]
        stations: [{name: press, process: 100s, next: done}]
        sinks: [{name: done}]
        """

    @Test("Released at their times, one job per piece: on time, tardiness and lead times as worked out by hand")
    func timed() throws {
        // Three pieces at 0 s (done at 100, 200, 300 s; due at 250 s), one at 1000 s (done at 1100 s; due at 1050 s).
        let p = try plant(Self.press, csv: "order,release,quantity,due\nB,1000s,1,1050s\nA,0s,3,250s\n")
        let r = try Replication.run(p, settings: p.run, replication: 0)
        #expect(r.jobsCompleted == 4 && r.jobsStarted == 4)
        #expect(r.onTimeShare == 0.5)
        #expect(r.tardinessMean == 25)
        #expect(r.tardinessMax == 50)
        #expect(abs(r.leadTimeMean - (100 + 200 + 300 + 100) / 4) < 1e-9)
        #expect(p.sources[0].firstArrival == 0)
    }

    @Test("A full first station holds the list back: every order is released, late, in the list's order")
    func backlog() throws {
        let yaml = Self.press.replacingOccurrences(of: "process: 100s, next", with: "process: 100s, buffer: 0, next")
        let p = try plant(yaml, csv: "release,quantity,due\n0s,5,1000s\n10s,1,10s\n")
        let r = try Replication.run(p, settings: p.run, replication: 0)
        #expect(r.jobsCompleted == 6)
        // The sixth job waits at the source until 500 s and is done at 600 s, 590 s after its due date.
        #expect(r.tardinessMax == 590)
        #expect(abs(r.onTimeShare! - 5.0 / 6) < 1e-12)
    }

    static let paint = """
        plant: paint
        colours: [{name: white, mix: 1}, {name: black, mix: 1}]
        variants: [{name: standard, mix: 1}, {name: max, mix: 1, work: {booth: 2}}]
        run: {duration: 1d, warmup: 0s}
        sources: [{name: orders, takt: 2min, order_list: orders.csv, next: booth}]
        stations: [{name: booth, process: 60s, changeover: {by: colour, time: 30s}, next: done}]
        sinks: [{name: done}]
        """

    @Test("Without release times the takt releases the list in its order, and the source stops at its end")
    func sequence() throws {
        let csv = "variant,colour,quantity\nstandard,white,2\nmax,black,2\nstandard,white,2\nmax,black,2\nstandard,white,2\n"
        let p = try plant(Self.paint, csv: csv)
        let r = try Replication.run(p, settings: p.run, replication: 0)
        #expect(r.jobsStarted == 10 && r.jobsCompleted == 10)
        #expect(r.variants.map(\.jobs) == [6, 4] && r.colours.map(\.jobs) == [6, 4])
        #expect(r.stations[0].changeovers == 4)  // white → black → white → black → white
        #expect(r.variants[1].leadTimeMean == 120 + 30 || r.variants[1].leadTimeMean == 120 + 15)  // a max car: 120 s, plus a purge for the first of each pair
        #expect(r.onTimeShare == nil)
    }

    @Test("A repeating list starts again at its end; orders without a variant or colour draw them from the mix")
    func repeats() throws {
        let yaml = Self.paint.replacingOccurrences(of: "order_list: orders.csv", with: "order_list: {file: orders.csv, repeat: true}")
        let p = try plant(yaml, csv: "variant,colour,quantity\nstandard,,3\nmax,black,1\n")
        let r = try Replication.run(p, settings: p.run, replication: 0)
        #expect(r.jobsStarted == 721)  // one every 2 min for a day, both ends included
        #expect(r.variants[0].jobs + r.variants[1].jobs == r.jobsCompleted)
        #expect(abs(Double(r.variants[1].jobs) - Double(r.jobsCompleted) / 4) <= 1)
        #expect(r.colours[1].jobs > r.jobsCompleted / 4 + 50)  // a quarter black by the list, plus half the drawn colours
    }

    @Test("An unlimited source with a list stops at its end")
    func unlimited() throws {
        let yaml = Self.paint.replacingOccurrences(of: "takt: 2min, order_list", with: "unlimited: true, order_list")
            .replacingOccurrences(of: "process: 60s,", with: "process: 60s, buffer: 2,")
        let p = try plant(yaml, csv: "variant,colour,quantity\nstandard,white,7\n")
        let r = try Replication.run(p, settings: p.run, replication: 0)
        #expect(r.jobsStarted == 7 && r.jobsCompleted == 7)
    }

    @Test("A broken order list is refused with the row, the column and what is wrong")
    func errors() throws {
        let columns = try errors(Self.paint, csv: "variant,color\nstandard,white\n")
        #expect(columns.count == 1 && columns[0].contains("has a column 'color' an order list does not know (did you mean 'colour'?)"), "\(columns)")
        let variant = try errors(Self.paint, csv: "variant,colour\nstandard,white\nmaxx,black\n")
        // Placed in the CSV file (line and column of the cell), with the plant file's key that names the list.
        #expect(variant.count == 1 && variant[0].contains("orders.csv:3:1: sources[0].order_list: row 3, column 'variant': no variant is named 'maxx' (did you mean 'max'?)"), "\(variant)")
        // Every bad row is reported, in row order.
        let several = try errors(Self.press, csv: "quantity,release\n1,1h\n0,2h\n2,soon\n1,\n")
        #expect(several.count == 3 && several[0].contains("orders.csv:3:1: sources[0].order_list: row 3, column 'quantity'")
                && several[1].contains("orders.csv:4:3: sources[0].order_list: row 4, column 'release'")
                && several[2].contains("orders.csv:5:3: sources[0].order_list: row 5, column 'release': every order"), "\(several)")
        let timedWithTakt = try errors(Self.paint, csv: "release,variant\n1h,max\n")
        #expect(timedWithTakt.first?.contains("the order list gives release times: leave 'takt' out") == true, "\(timedWithTakt)")
        let untimed = try errors(Self.press, csv: "quantity\n2\n")
        #expect(untimed.first?.contains("has no 'release' column: give the source a 'takt' or an 'interarrival'") == true, "\(untimed)")
        let missingRelease = try errors(Self.press, csv: "release,quantity\n1h,2\n,1\n")
        #expect(missingRelease.first?.contains("row 3, column 'release': every order of a list with release times needs one") == true, "\(missingRelease)")
        let quantity = try errors(Self.press, csv: "release,quantity\n1h,0\n")
        #expect(quantity.first?.contains("row 2, column 'quantity': '0' is not a whole number of jobs") == true, "\(quantity)")
        let due = try errors(Self.press, csv: "release,due\n1h,tomorrow\n")
        #expect(due.first?.contains("row 2, column 'due': expected a duration") == true, "\(due)")
        let repeated = try errors(Self.press.replacingOccurrences(of: "order_list: orders.csv", with: "order_list: {file: orders.csv, repeat: true}"),
                                  csv: "release\n1h\n")
        #expect(repeated.first?.contains("a list with release times runs once") == true, "\(repeated)")
        let bank = try errors(Self.paint.replacingOccurrences(of: "order_list: orders.csv", with: "order_list: orders.csv, order_bank: 5"),
                              csv: "variant\nmax\n")
        #expect(bank.first?.contains("an order list gives the order of release; an order bank and its release rule choose it") == true, "\(bank)")
        // Rows with a field too many or too few, and a column named twice, are mistakes, not blanks; blank lines are skipped.
        let long = try errors(Self.press, csv: "release,quantity\n1h,2\n2h,1,,extra\n")
        #expect(long.count == 1 && long[0].contains("orders.csv:3:1: sources[0].order_list: row 3: 4 fields, the header 2 (release, quantity)"), "\(long)")
        let short = try errors(Self.paint, csv: "variant,colour,quantity\nmax,white,2\nmax\n")
        #expect(short.count == 1 && short[0].contains("orders.csv:3:1: sources[0].order_list: row 3: 1 field, the header 3"), "\(short)")
        let twice = try errors(Self.paint, csv: "variant,variant,quantity\nmax,standard,1\n")
        #expect(twice.count == 1 && twice[0].contains("has the column 'variant' twice"), "\(twice)")
        let blank = try plant(Self.press, csv: "release,quantity\n1h,2\n\n2h,1\n")
        #expect(blank.sources[0].orderList?.entries.count == 3)
        let empty = try errors(Self.press, csv: "release\n")
        #expect(empty.first?.contains("lists no orders") == true, "\(empty)")
        let missing = try errors(Self.press.replacingOccurrences(of: "orders.csv", with: "nowhere.csv"), csv: "release\n1h\n")
        #expect(missing.first?.contains("cannot read") == true && missing.first?.contains("nowhere.csv") == true, "\(missing)")
    }

    @Test("order-list.yaml: a week of dealer orders, all released and done, with more on time when the booth batches colours")
    func example() throws {
        let fifo = try ExamplePlant.run("order-list")
        let batch = try ExamplePlant.run("order-list", replacing: [("changeover: {by: colour, time: 3min}", "changeover: {by: colour, time: 3min}\n    pick: batch")])
        #expect(fifo.jobsStarted == 972 && batch.jobsStarted == 972)
        #expect(fifo.jobsCompleted == 972 && batch.jobsCompleted == 972)
        #expect(batch.onTimeShare! > fifo.onTimeShare!)
        #expect(batch.tardinessMean! < fifo.tardinessMean!)
    }
}
