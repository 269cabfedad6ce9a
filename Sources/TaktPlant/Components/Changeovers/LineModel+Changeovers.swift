import TaktKernel

extension LineModel {
    /// The setup before server `k` of station `s` starts `job`: a changeover
    /// when the job's colour or variant differs from the server's last one
    /// (its time from the station's setup matrix, else its `time`), else
    /// none. Counts it in the station's statistics. Called for stations with
    /// changeovers only.
    @inline(__always)
    func setupTime(server k: Int, job: Int32, station s: Int) -> Tick {
        let attribute = attribute(of: job, at: s)
        let last = changeovers.lastAttribute[k]
        changeovers.lastAttribute[k] = attribute
        guard last >= 0, attribute >= 0, attribute != last else {
            changeovers.lastSetup[k] = 0
            return 0
        }
        let setup = changeovers.sampler(station: s, from: last, to: attribute).sampleTicks(&changeovers.streams[s])
        stats[s].changeovers += 1
        stats[s].changeoverTicks += setup
        changeovers.lastSetup[k] = setup
        return setup
    }
}
