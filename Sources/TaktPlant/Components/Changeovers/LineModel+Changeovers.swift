import TaktKernel

extension LineModel {
    /// The setup before server `k` of station `s` starts `job`: a changeover
    /// when the job's colour or variant differs from the server's last one,
    /// else none. Counts it in the station's statistics.
    @inline(__always)
    func setupTime(server k: Int, job: Int32, station s: Int) -> Tick {
        guard let changeover = changeovers.time[s] else { return 0 }
        let attribute = attribute(of: job, at: s)
        defer { changeovers.lastAttribute[k] = attribute }
        guard changeovers.lastAttribute[k] >= 0, attribute != changeovers.lastAttribute[k] else { return 0 }
        let setup = changeover.sampleTicks(&changeovers.streams[s])
        stats[s].changeovers += 1
        stats[s].changeoverTicks += setup
        return setup
    }
}
