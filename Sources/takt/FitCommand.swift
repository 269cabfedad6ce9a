import ArgumentParser
import Foundation
import TaktFit
import TaktPlant
import TaktPolicy
import TaktReport

/// `takt fit FILE`: which distribution describes observed durations, in the plant file's syntax.
struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit distributions to observed durations (cycle times, times between failures, repair times) and say which a plant file should use.",
        discussion: """
            Reads a column of a CSV file with a header row (or a file of one number per \
            line), fits the exponential, normal, lognormal, gamma, Weibull, uniform and \
            triangular families, ranks them by AIC and tests each with Kolmogorov–Smirnov \
            and Anderson–Darling statistics whose p-values come from a parametric bootstrap \
            (samples drawn by Takt's own samplers, rounded as the data are, refitted each \
            time). Prints each fit as a plant file writes it and the best one the \
            Anderson–Darling test keeps; when none is kept, the empirical distribution of \
            the data. Durations still running when the log ended (--censored, or --until \
            with --between) count as censored: at least that long. With --between, \
            --downtime turns times between failures into up-times; with a column of \
            durations, --by tests whether its groups may be pooled. Exits with 0, or 2 \
            when the file or an option is invalid.
            """
    )

    @Argument(help: "A CSV file with a header row, or a file of one number per line.")
    var file: String

    @Option(help: "The column to fit (needed when the file has more than one).")
    var column: String?

    @Option(help: ArgumentHelp("Fit the times between consecutive events of this column of date-times (2026-09-07T06:12, with seconds and a zone optional) or numbers, instead of a column of durations.", valueName: "column"))
    var between: String?

    @Option(help: ArgumentHelp("The value of this column (a robot, a station) groups the values: with --between, the times between events of the same group, pooled; with a column of durations, a Kruskal–Wallis test of whether the groups may be pooled, then the pooled fit.", valueName: "column"))
    var by: String?

    @Option(help: ArgumentHelp("A column marking censored values: 1, true or yes where the duration lasted at least the value (a repair or an up-time still running when the log ended); 0, false, no or empty where it finished.", valueName: "column"))
    var censored: String?

    @Option(help: ArgumentHelp("With --between: when the log ends (a date-time, or a number in --unit). The time from each group's last event to it is a censored value: at least that long without an event.", valueName: "time"))
    var until: String?

    @Option(help: ArgumentHelp("With --between: a column of each event's downtime (a repair's length, in --unit): the times fitted run from the end of each downtime to the next event, the up-times Takt's time to failure means.", valueName: "column"))
    var downtime: String?

    @Option(help: "The unit the values are in: \(DurationText.units.map(\.suffix).joined(separator: ", ")).")
    var unit = "s"

    @Option(parsing: .upToNextOption, help: "Families to fit (default: \(Family.standard.map(\.rawValue).joined(separator: ", "))); also \(Family.shiftedFamilies.map(\.rawValue).joined(separator: ", ")).")
    var families: [String] = []

    @Flag(help: "Also fit the exponential, lognormal, gamma and Weibull families moved up by a fitted shift (a minimum time), as 'shift:' in a plant file.")
    var shifted = false

    @Option(help: "Bootstrap samples per family for the p-values (0 skips the tests; default 999, fewer above 20,000 values: 199 at 100,000; for the shifted families fewer above 2,000 values: 199 at 10,000).")
    var bootstrap: Int?

    @Option(help: "Seed of the bootstrap's random streams.")
    var seed: UInt64 = 1

    @Option(help: "Level of the tests: a family whose Anderson–Darling p-value is below it is rejected.")
    var alpha = 0.05

    @Flag(help: "Print the fits as JSON, parameters in seconds.")
    var json = false

    @Option(help: "Also write the fits as an HTML page with a histogram and a Q–Q plot (with censored values, a survival chart) to this file.")
    var html: String?

    func validate() throws {
        if column != nil && between != nil { throw ValidationError("give --column (durations) or --between (times of events), not both") }
        if by != nil && censored != nil { throw ValidationError("--by tests whether groups may be pooled, which the test cannot judge with censored values: leave out --by or --censored") }
        if until != nil && between == nil { throw ValidationError("--until ends the log of --between's events: give --between too") }
        if downtime != nil && between == nil { throw ValidationError("--downtime shortens the times between --between's events: give --between too") }
        if censored != nil && between != nil {
            throw ValidationError("--censored marks durations of a column; with --between, say when the log ends with --until")
        }
        guard DurationText.units.contains(where: { $0.suffix == unit }) else {
            throw ValidationError("unknown unit '\(unit)'\(Suggestion.hint(for: unit, in: DurationText.units.map(\.suffix))); use \(DurationText.units.map(\.suffix).joined(separator: ", "))")
        }
        for name in families where Family(rawValue: name) == nil {
            throw ValidationError("unknown family '\(name)'\(Suggestion.hint(for: name, in: Family.allCases.map(\.rawValue))); use \(Family.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let bootstrap, !(0...100_000).contains(bootstrap) { throw ValidationError("--bootstrap must be between 0 and 100000, got \(bootstrap)") }
        guard alpha > 0, alpha < 1 else { throw ValidationError("--alpha must lie strictly between 0 and 1, got \(alpha)") }
    }

    func run() throws {
        let column = try readColumn()
        var values = column.values
        var flags = try censoringFlags(column)
        var limits: [Double]?
        var remarks: [String] = []
        var unit = unit
        var name = column.name
        if let between {
            // Gaps in seconds; in minutes when the log is kept to the minute, so the fit sees its resolution.
            let gaps = column.gaps(group: by.flatMap { column.companions[$0] }, until: try logEnd(column), downtimes: try downtimes(column))
            (values, flags, limits) = (gaps.values, gaps.censored, gaps.limits)
            if !gaps.overlapping.isEmpty {
                remarks.append("\(gaps.overlapping.count) event(s) came before the downtime of the one before them had ended (line\(gaps.overlapping.count == 1 ? "" : "s") "
                    + gaps.overlapping.prefix(5).map(String.init).joined(separator: ", ") + (gaps.overlapping.count > 5 ? ", …" : "")
                    + "): their up-times are left out; check the log there")
            }
            unit = "s"
            if values.allSatisfy({ $0.truncatingRemainder(dividingBy: 60) == 0 }) {
                values = values.map { $0 / 60 }
                limits = limits?.map { $0 / 60 }
                unit = "min"
            }
            name = (downtime == nil ? "time between \(between)" : "up-time between \(between)") + (by.map { " per \($0)" } ?? "")
        }
        let sample: ObservedSample
        do {
            sample = try ObservedSample(values, censored: flags, limits: limits)
        } catch {
            throw CommandFailure(message: "error: \(file): \(error.message)", code: .badInput)
        }
        var chosen = families.isEmpty ? Family.standard : families.compactMap(Family.init(rawValue:))
        if shifted { chosen += Family.shiftedFamilies.filter { !chosen.contains($0) } }
        let fit = DistributionFit(sample, families: chosen, bootstrap: bootstrap ?? Self.defaultBootstrap(count: sample.count),
                                  shiftedBootstrap: bootstrap ?? Self.defaultShiftedBootstrap(count: sample.count), seed: seed)
        let homogeneity = between == nil ? by.flatMap { by in
            column.companions[by].flatMap { KruskalWallis(values: values, groups: $0) }.map { (column: by, test: $0) }
        } : nil
        let report = FitReport(fit: fit, file: file, column: name, unit: unit, seconds: Self.seconds(in: unit), alpha: alpha,
                               empiricalColumn: between == nil ? column.name : nil, homogeneity: homogeneity,
                               remarks: remarks + (between == nil || downtime != nil ? [] : ["times between starts include each repair (or stop): Takt's time to failure counts from the end of a repair, so for failures give the repairs' column with --downtime, or subtract the mean repair time from the mean"]))
        if let html { try writeOutput(report.html(generator: Takt.version), to: html, option: "--html") }
        print(json ? try snakeCaseJSON(report.jsonDocument) + "\n" : report.text(), terminator: "")
    }

    /// Bootstrap samples when none are asked for: 999, or fewer for large data (at most 20 million draws a family,
    /// at least 99 samples, a count ending in 99), where every test has the power to reject small departures anyway.
    static func defaultBootstrap(count: Int) -> Int {
        let affordable = 20_000_000 / max(1, count)
        return affordable >= 999 ? 999 : max(99, (affordable + 1) / 100 * 100 - 1)
    }

    /// Bootstrap samples per shifted family when none are asked for: a shifted refit costs some fifty fits
    /// (its profile likelihood), so 999 up to 2,000 values, then fewer (at most 2 million values refitted, at least 99).
    static func defaultShiftedBootstrap(count: Int) -> Int {
        let affordable = 2_000_000 / max(1, count)
        return affordable >= 999 ? 999 : max(99, (affordable + 1) / 100 * 100 - 1)
    }

    /// Whether each value of `column` is censored, from the `--censored` column's cells; empty without one.
    private func censoringFlags(_ column: NumberColumn) throws -> [Bool] {
        guard let censored, let cells = column.companions[censored] else { return [] }
        return try cells.indices.map { i in
            switch cells[i].lowercased() {
            case "1", "true", "yes": return true
            case "0", "false", "no", "": return false
            default:
                throw CommandFailure(message: "error: \(file):\(column.lines[i]): '\(cells[i])' is not a censoring flag: 1, true or yes (censored) or 0, false, no or empty (finished) (column '\(censored)')",
                                     code: .badInput)
            }
        }
    }

    /// Each event's downtime in seconds, from the `--downtime` column's cells in `--unit` (empty: none); nil without it.
    private func downtimes(_ column: NumberColumn) throws -> [Double]? {
        guard let downtime, let cells = column.companions[downtime] else { return nil }
        let unitSeconds = Self.seconds(in: unit)
        return try cells.indices.map { i in
            if cells[i].isEmpty { return 0 }
            guard let x = Double(cells[i]), x.isFinite, x >= 0 else {
                throw CommandFailure(message: "error: \(file):\(column.lines[i]): '\(cells[i])' is not a non-negative number (column '\(downtime)', in \(unit))", code: .badInput)
            }
            return x * unitSeconds
        }
    }

    /// The end of the log `--until` gives, in seconds, checked to lie at or after every event; nil without it.
    private func logEnd(_ column: NumberColumn) throws -> Double? {
        guard let until else { return nil }
        guard let end = Double(until).flatMap({ $0.isFinite ? $0 * Self.seconds(in: unit) : nil }) ?? TimestampText.seconds(until) else {
            throw CommandFailure(message: "error: --until '\(until)' is not a date-time such as 2026-09-07T06:12 or a number", code: .badInput)
        }
        if let last = column.values.indices.max(by: { column.values[$0] < column.values[$1] }), column.values[last] > end {
            throw CommandFailure(message: "error: \(file):\(column.lines[last]): this event comes after --until \(until), the end of the log", code: .badInput)
        }
        return end
    }

    /// The length of a unit (one of `DurationText.units`) in seconds.
    private static func seconds(in unit: String) -> Double { DurationText.units.first { $0.suffix == unit }!.seconds }

    /// The values of the chosen column, or a bad-input failure naming the file and line.
    private func readColumn() throws -> NumberColumn {
        let data: Data
        do {
            data = try BoundedFile.read(file, limit: NumberColumn.maxBytes)
        } catch {
            throw CommandFailure(message: "error: cannot read '\(file)': \(error.reason)", code: .badInput)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CommandFailure(message: "error: '\(file)' is not UTF-8 text", code: .badInput)
        }
        do {
            return try NumberColumn.read(csvText: text, column: between ?? column, cells: between == nil ? .numbers : .timestamps(numberUnit: Self.seconds(in: unit)), alongside: [by, censored, downtime].compactMap { $0 })
        } catch {
            let message: String
            switch error {
            case let .notCSV(why): message = "\(file): not valid CSV: \(why)"
            case let .noColumn(name, columns):
                message = "\(file):1: no column '\(name)'\(Suggestion.hint(for: name, in: columns)); columns: \(columns.joined(separator: ", "))"
            case let .columnNeeded(columns): message = "\(file):1: name the column to fit with --column: \(columns.joined(separator: ", "))"
            case let .badCell(line, text): message = "\(file):\(line): '\(text)' is not a non-negative number" + (column.map { " (column '\($0)')" } ?? "")
            case let .badTimestamp(line, text): message = "\(file):\(line): '\(text)' is not a date-time such as 2026-09-07T06:12 or a number (column '\(between ?? "")')"
            case .empty: message = "\(file): the column has no values"
            }
            throw CommandFailure(message: "error: " + message, code: .badInput)
        }
    }
}
