import Foundation
import TaktStore
import TaktTestSupport
import Testing

/// `takt optimize`: the search and the selection as JSON, the same on one thread and two; the selection stored and
/// replayed by `takt report`; and the commands that meet an experiment of the wrong kind say which command to use.
@Suite("takt optimize")
struct OptimizeCommandTests {
    /// Writes the M/M/1 plant and an experiment searching its buffer and service time for the lowest mean lead time.
    func experiment(in dir: URL) throws -> String {
        try String(contentsOfFile: Repository.path("Plants/validation/mm1.yaml"), encoding: .utf8)
            .write(to: dir.appendingPathComponent("mm1.yaml"), atomically: true, encoding: .utf8)
        let path = dir.appendingPathComponent("optimize.yaml").path
        try """
            experiment: faster-server
            plant: mm1.yaml
            run: {duration: 2d, warmup: 6h}
            figures: [lead_time_mean, work_in_process]
            optimize:
              figure: lead_time_mean
              variables:
                stations.server.process: {values: [{dist: exponential, mean: 48s}, {dist: exponential, mean: 42s}, {dist: exponential, mean: 36s}]}
              budget: 60
              candidates: 2
              select: {indifference: 5, first_stage: 5}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("finds and selects the fastest server, the same on one thread and two, and stores the selection")
    func optimizes() throws {
        let dir = try CLI.temporaryDirectory()
        let path = try experiment(in: dir)
        let one = try CLI.run(["optimize", path, "--json", "--no-db", "--threads", "1"], in: dir)
        let two = try CLI.run(["optimize", path, "--json", "--db", "runs.sqlite", "--threads", "2"], in: dir)
        #expect(one.status == 0 && two.status == 0, "\(one.stderr) \(two.stderr)")
        #expect(one.stdout == two.stdout)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as? [String: Any])
        let search = try #require(object["search"] as? [String: Any])
        #expect(search["method"] as? String == "COMPASS" && search["better"] as? String == "lower")
        let points = try #require(search["points"] as? [[String: Any]])
        #expect(points.count == 3 && points.first { $0["rank"] as? Int == 1 }?["name"] as? String == "process={dist: exponential, mean: 36s}")
        let selection = try #require((object["comparison"] as? [String: Any])?["selection"] as? [String: Any])
        #expect(selection["selected"] as? String == "process={dist: exponential, mean: 36s}")
        // The store keeps the search beside the selection: every point visited, ranked as in the JSON.
        let store = try RunStore(path: dir.appendingPathComponent("runs.sqlite").path)
        let experimentID = try #require(try store.experiments(named: "faster-server").first?.id)
        let stored = try #require(try store.search(experimentID: experimentID))
        #expect(stored.search.method == "COMPASS" && stored.search.figure == "lead_time_mean" && !stored.search.higherIsBetter)
        #expect(stored.search.replications == search["replications"] as? Int && stored.search.stopped == search["stopped"] as? String)
        #expect(stored.points.map(\.point) == points.compactMap { $0["name"] as? String })
        #expect(stored.points.map(\.rank) == points.map { $0["rank"] as? Int })
        #expect(stored.points.first { $0.rank == 1 }?.pointValues == #"{"stations.server.process":"{dist: exponential, mean: 36s}"}"#)
        #expect(stored.iterations.count == (search["iterations"] as? [Any])?.count && stored.iterations.last?.best == "process={dist: exponential, mean: 36s}")
        let text = try CLI.run(["optimize", path, "--db", "runs.sqlite"], in: dir)
        #expect(text.status == 0 && text.stdout.contains("Search: COMPASS") && text.stdout.contains("With probability at least 95%"), "\(text.stdout)")
        let report = try CLI.run(["report", "--experiment", "faster-server", "--db", "runs.sqlite", "--out", "report.html"], in: dir)
        #expect(report.status == 0, "\(report.stderr)")
        // The report replays the selection: the stored variants name the points the search passed to it.
        let html = try String(contentsOf: dir.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("data-selection=\"process={dist: exponential, mean: 36s}\""))
        // And shows how the search went, from the store: its best points ranked as the search ranked them.
        #expect(html.contains("<section id=\"search\">") && html.contains("data-chart=\"search\""))
        #expect(html.contains("<td>1</td><td><span data-point=\"process={dist: exponential, mean: 36s}\">"))
    }

    @Test("an experiment without optimize: is refused by takt optimize, one with it by takt compare, both exit 2")
    func refusesTheWrongKind() throws {
        let dir = try CLI.temporaryDirectory()
        let path = try experiment(in: dir)
        let compare = try CLI.run(["compare", path, "--no-db"], in: dir)
        #expect(compare.status == 2 && compare.stderr.contains("takt optimize"), "\(compare.stderr)")
        let plain = try CLI.run(["optimize", Repository.path("Plants/experiments/faster-server.yaml"), "--no-db"], in: dir)
        #expect(plain.status == 2 && plain.stderr.contains("no optimize: block"), "\(plain.stderr)")
        let validate = try CLI.run(["validate", path], in: dir)
        #expect(validate.status == 0, "\(validate.stderr)")
    }
}
