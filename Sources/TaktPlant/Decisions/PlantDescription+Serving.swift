extension PlantDescription {
    /// Makes `binding` serve decision site `site`: the site's rule becomes that policy.
    public mutating func serve(_ site: DecisionSite, with binding: PolicyBinding) {
        switch site {
        case let .pick(s): stations[s].pick = .policy(binding)
        case let .release(i): sources[i].releaseRule = .policy(binding)
        case let .dispatch(f): fleets[f].requests = .policy(binding)
        case let .rework(s): stations[s].reworkRouting?.rule = .policy(binding)
        case let .maintenance(s): stations[s].robots?.maintenance?.rule = .policy(binding)
        }
    }
}
