import TaktKernel

extension LineModel {
    /// The replication's figures at time `now` (the end of the run); without `bottlenecks`, the bottleneck
    /// shares are those settled so far (settling the rest is the dearest part of this, and a period's
    /// snapshot for batch means has no use for them).
    func result(replication: Int, at now: Tick, events: Int, wallSeconds: Double, bottlenecks: Bool = true) -> ReplicationResult {
        // Tallies hold ticks; figures are reported in seconds.
        let perSecond = Double(Ticks.perSecond)
        let measured = Double(now - output.windowStart)
        let hours = measured / Double(Ticks.perSecond) / 3600
        let operatingHours = Double(operatingClock(at: now) - output.operatingAtWindowStart) / Double(Ticks.perSecond) / 3600
        var analysis = activity.bottleneck
        if bottlenecks { analysis.finish(at: now) }
        // Bottleneck shares are of on-shift time: off shift there is no bottleneck.
        let onShiftTicks = Double(operatingClock(at: now) - output.operatingAtWindowStart)
        func bottleneckShare(_ t: Tick) -> Double { onShiftTicks > 0 ? Double(t) / onShiftTicks : 0 }
        var stationResults: [StationResult] = []
        for (s, station) in plant.stations.enumerated() {
            var st = stats[s]
            for k in pools.first[s]..<pools.first[s + 1] {
                st.times.add(now - servers[k].stateSince, to: servers[k].accountingState(offShift: serverOffShift(k)))
            }
            let total = measured * Double(station.servers)
            func share(_ x: Double) -> Double { total > 0 ? x / total : 0 }
            // Server-ticks × watts → joules (÷ 1e6 ticks per second) → kWh (÷ 3.6e6 J).
            func onShiftJoules(_ p: PowerSpec, _ scale: Double) -> Double {
                scale * (st.times[StationTimes.working] * p.working + st.times[StationTimes.starved] * p.idle
                    + st.times[StationTimes.blocked] * p.blocked + st.times[StationTimes.failed] * p.failed
                    + st.times[StationTimes.waitingWorker] * p.idle) / perSecond
            }
            func joules(_ p: PowerSpec, _ scale: Double) -> Double {
                onShiftJoules(p, scale) + scale * st.times[StationTimes.offShift] * p.offShift / perSecond
            }
            let serverEnergy = station.power.map { joules($0, 1) / 3.6e6 } ?? 0
            // A robot's share of the station's time off shift, and the station's server time on shift.
            let offShift = st.times[StationTimes.offShift] / Double(station.servers)
            let onShiftServerTicks = total - st.times[StationTimes.offShift]
            stationResults.append(StationResult(
                name: station.name,
                shop: station.shop,
                servers: station.servers,
                jobs: st.departures,
                defects: st.defects,
                changeovers: st.changeovers,
                changeoverShare: share(Double(st.changeoverTicks)),
                meanWait: st.wait.mean / perSecond,
                meanTimeInStation: st.timeInStation.mean / perSecond,
                probWait: st.serviceStarts > 0 ? Double(st.waitedStarts) / Double(st.serviceStarts) : 0,
                meanQueueLength: st.queueLength.mean(at: now),
                utilization: share(st.times[StationTimes.working]),
                working: share(st.times[StationTimes.working]),
                starved: share(st.times[StationTimes.starved]),
                blocked: share(st.times[StationTimes.blocked]),
                failed: share(st.times[StationTimes.failed]),
                offShift: share(st.times[StationTimes.offShift]),
                waitingWorker: share(st.times[StationTimes.waitingWorker]),
                bottleneckSole: bottleneckShare(analysis.sole[s]),
                bottleneckShifting: bottleneckShare(analysis.shifting[s]),
                energyKWh: serverEnergy,
                robots: (station.robots?.names ?? []).enumerated().map { i, name in
                    let r = robotCells.first[s] + i
                    let openDown = Double(robotCells.isDown[r] ? now - max(robotCells.downSince[r], output.windowStart) : 0)
                    let stationOff = shiftClock.stationOff[s]
                    let downOn = robotCells.times[r][RobotCellState.down] + (stationOff ? 0 : openDown)
                    let downOff = robotCells.times[r][RobotCellState.downOffShift] + (stationOff ? openDown : 0)
                    // Off shift a robot draws off-shift power, down or not; on shift, up, the power of its cell's
                    // state, and down, its failed power.
                    let energy = station.robots?.power.map { p in
                        let upOnShift = onShiftServerTicks > 0 ? (measured - offShift - downOn) / onShiftServerTicks : 0
                        return (onShiftJoules(p, upOnShift) + (offShift * p.offShift + downOn * p.failed) / perSecond) / 3.6e6
                    } ?? 0
                    return RobotResult(name: name, failures: robotCells.failureCount[r], maintenances: robotCells.maintenanceCount[r],
                                       failed: measured > 0 ? (downOn + downOff) / measured : 0, energyKWh: energy)
                },
                kitStockout: measured > 0
                    ? (kitting.times[s][KitState.stockout] + Double(station.kits != nil && kitting.stock[s] == 0 ? now - max(kitting.stockoutSince[s], output.windowStart) : 0)) / measured
                    : 0,
                kitShortages: kitting.shortages[s],
                carriersInUse: station.carriers.map { carriers.inUse[s].mean(at: now) / Double($0.count) } ?? 0,
                carrierShortage: station.carriers == nil ? 0 : carrierShortage(at: s, measured: measured),
                carrierCycle: carriers.cycles[s].mean / perSecond,
                conveyorFill: station.conveyor.map { st.queueLength.mean(at: now) / Double($0.capacity) } ?? 0,
                conveyorBackedUp: station.conveyor == nil ? 0 : conveyorBackedUp(at: s, measured: measured)))
            stationResults[s].energyKWh += stationResults[s].robots.reduce(0) { $0 + $1.energyKWh }
        }
        let fleetResults = plant.fleets.indices.map { f in
            var idle = 0.0, busy = 0.0, charging = 0.0
            for var vehicle in fleets[f].vehicles {
                vehicle.enter(vehicle.state, at: now)
                idle += vehicle.times[Vehicle.State.idle.rawValue]
                busy += vehicle.times[Vehicle.State.busy.rawValue]
                charging += vehicle.times[Vehicle.State.charging.rawValue]
            }
            let total = idle + busy + charging
            return FleetResult(name: plant.fleets[f].name, vehicles: plant.fleets[f].vehicles, deliveries: fleets[f].deliveries,
                               meanResponse: fleets[f].response.mean / perSecond, idle: total > 0 ? idle / total : 0,
                               busy: total > 0 ? busy / total : 0, charging: total > 0 ? charging / total : 0, charges: fleets[f].charges)
        }
        let poolResults = plant.workers.indices.map { p in
            let workers = Double(plant.workers[p].count)
            return WorkerPoolResult(name: plant.workers[p].name, workers: plant.workers[p].count,
                                    utilization: workforce.busy[p].mean(at: now) / workers, onDuty: workforce.duty[p].mean(at: now) / workers,
                                    assignments: workforce.wait[p].count,
                                    meanWait: workforce.wait[p].mean / perSecond, repairs: workforce.repairWait[p].count,
                                    meanRepairWait: workforce.repairWait[p].mean / perSecond, meanWaiting: workforce.queued[p].mean(at: now),
                                    walking: workforce.walking[p].mean(at: now) / workers)
        }
        let gaps = output.interdeparture.count
        var result = ReplicationResult(
            replication: replication,
            jobsCompleted: output.departures,
            throughputPerHour: hours > 0 ? Double(output.departures) / hours : 0,
            operatingHours: operatingHours,
            throughputPerOperatingHour: operatingHours > 0 ? Double(output.departures) / operatingHours : 0,
            jobsStarted: output.arrived - output.lost,
            jobsLost: output.lost,
            firstPassYield: output.departures > 0 ? Double(output.firstPass) / Double(output.departures) : 1,
            leadTimeMean: output.leadTime.mean / perSecond,
            leadTimeP50: Ticks.seconds(output.leadTimeQuantiles.quantile(0.5)),
            leadTimeP95: Ticks.seconds(output.leadTimeQuantiles.quantile(0.95)),
            interdepartureMean: output.interdeparture.mean / perSecond,
            interdepartureP50: Ticks.seconds(output.interdepartureQuantiles.quantile(0.5)),
            interdepartureP95: Ticks.seconds(output.interdepartureQuantiles.quantile(0.95)),
            taktAdherence: output.takt == nil ? nil : (gaps > 0 ? Double(output.taktMet) / Double(gaps) : 0),
            workInProcess: output.workInProcess.mean(at: now),
            failures: output.failures,
            energyKWh: stationResults.reduce(0) { $0 + $1.energyKWh },
            energyPerJobKWh: output.departures > 0 ? stationResults.reduce(0) { $0 + $1.energyKWh } / Double(output.departures) : 0,
            events: events,
            wallSeconds: wallSeconds,
            stations: stationResults,
            variants: plant.variants.indices.map {
                OrderResult(name: plant.variants[$0].name, jobs: output.variantJobs[$0], leadTimeMean: output.variantLeadTime[$0].mean / perSecond)
            },
            colours: plant.colours.indices.map { OrderResult(name: plant.colours[$0].name, jobs: output.colourJobs[$0], leadTimeMean: 0) },
            onTimeShare: orders.dueDates ? (output.dueJobs > 0 ? Double(output.onTime) / Double(output.dueJobs) : 0) : nil,
            tardinessMean: orders.dueDates ? output.tardiness.mean / perSecond : nil,
            tardinessMax: orders.dueDates ? (output.dueJobs > 0 ? output.tardiness.max / perSecond : 0) : nil,
            fleets: fleetResults,
            workerPools: poolResults,
            decisions: sites.all.indices.map { d in
                let st = sites.stats[d]
                return DecisionResult(point: sites.all[d].point, at: sites.all[d].name(in: plant), rule: sites.all[d].ruleName(in: plant),
                                      decisions: st.decisions, meanNs: st.decisions > 0 ? Double(st.nanoseconds) / Double(st.decisions) : 0,
                                      teacherCompared: st.compared, teacherAgreement: st.compared > 0 ? Double(st.agreed) / Double(st.compared) : nil,
                                      deployment: deploymentResult(site: d), processFallbacks: st.fallbacks, processFailure: sites.processFailures[d])
            },
            audit: sites.auditTrail,
            deployed: deploymentTotal(),
            completedPerShiftHour: output.completedPerShiftHour(hours: operatingHours),
            leadTimeHistogram: output.leadTimeHistogram.counts,
            interdepartureHistogram: output.interdepartureHistogram.counts)
        result.cost = plant.costs.map { CostResult($0, plant: plant, result: result, hours: hours) }
        result.workInProcessGrowth = output.workInProcess.value - output.workInProcessAtWindowStart
        return result
    }

    /// Site `d`'s deployment and its calls after warm-up (nil: in process).
    func deploymentResult(site d: Int) -> DeploymentResult? {
        guard deployments.siteDeployment[d] >= 0, let latency = deployments.stats[d].latency else { return nil }
        let spec = plant.deployments[deployments.siteDeployment[d]]
        return Self.deploymentResult(name: spec.name, kind: spec.kind.name, deployments.stats[d], latency: latency)
    }

    /// Every deployed site's calls together (nil: no site is deployed).
    func deploymentTotal() -> DeploymentResult? {
        guard let all = deployments.allLatency else { return nil }
        var total = DeploymentStatistics(deployed: false)
        for st in deployments.stats {
            total.requests += st.requests
            total.calls += st.calls
            total.refused += st.refused
            total.timedOut += st.timedOut
            total.fallbacks += st.fallbacks
            total.heldTicks += st.heldTicks
            total.cost += st.cost
            total.energy += st.energy
        }
        return Self.deploymentResult(name: "all", kind: "all", total, latency: all)
    }

    static func deploymentResult(name: String, kind: String, _ st: DeploymentStatistics, latency: DurationQuantiles) -> DeploymentResult {
        DeploymentResult(name: name, kind: kind, requests: st.requests, calls: st.calls, refused: st.refused, timedOut: st.timedOut,
                         fallbacks: st.fallbacks, latencyP50: Ticks.seconds(latency.quantile(0.5)), latencyP95: Ticks.seconds(latency.quantile(0.95)),
                         latencyP99: Ticks.seconds(latency.quantile(0.99)), waitHours: Ticks.seconds(st.heldTicks) / 3600, cost: st.cost, energyJ: st.energy)
    }
}
