import Foundation
import TaktKernel
import TaktPlant
import TaktTestSupport
import Testing

/// Kits delivered by a vehicle fleet: the amr-kitting example and the dispatch rules.
@Suite("Vehicle fleets and kits")
struct FleetTests {
    @Test("amr-kitting.yaml: a kit round trip of 240 s per two cars caps output at 24 per hour")
    func roundTripCapsOutput() throws {
        let r = try ExamplePlant.run("amr-kitting")
        // Measured 46 h: one cycle of 240 s waiting + 2 × 60 s work per 2 cars... with the second
        // car's kit ordered as it starts: (240 + 60) s per 2 cars.
        #expect(abs(r.throughputPerHour - 24) < 0.05)
        let fleet = try #require(r.fleets.first)
        #expect(abs(fleet.busy - 240.0 / 300) < 0.002)
        #expect(fleet.idle + fleet.busy + fleet.charging == 1)
        #expect(abs(Double(fleet.deliveries) - 46 * 3600 / 300.0) <= 1)
        #expect(abs(fleet.meanResponse - 240) < 1e-6)
        // Out of kits from the second job's start to the delivery: 240 s of every 300 s.
        #expect(abs(r.stations[0].kitStockout - 0.8) < 0.002)
        #expect(abs(r.stations[0].working - 0.4) < 0.002)
    }

    @Test("an earlier reorder point and a second vehicle lift output to the station's own 60 per hour")
    func moreSupplyLiftsOutput() throws {
        let earlier = try ExamplePlant.run("amr-kitting", replacing: [("reorder_at: 0", "reorder_at: 2")])
        // One vehicle always on the road: two kits per 240 s.
        #expect(abs(earlier.throughputPerHour - 30) < 0.05)
        let both = try ExamplePlant.run("amr-kitting", replacing: [("reorder_at: 0", "reorder_at: 6"), ("vehicles: 1", "vehicles: 2")])
        #expect(abs(both.throughputPerHour - 60) < 0.05)
        #expect(both.stations[0].kitStockout == 0)
        #expect(both.stations[0].kitShortages == 0)
    }

    @Test("charging takes vehicle time and output from a fleet-bound station")
    func chargingCostsOutput() throws {
        let battery = try ExamplePlant.run("amr-kitting", replacing: [
            ("    distances:", "    battery: {charger: charger, runtime: 1h, charge_time: 30min, recharge_below: 0.3}\n    distances:"),
            ("supermarket: {trim: 100}", "supermarket: {trim: 100, charger: 30}\n      charger: {trim: 110}"),
        ])
        let fleet = try #require(battery.fleets.first)
        #expect(fleet.charges > 0)
        #expect(fleet.charging > 0.1)
        #expect(abs(fleet.idle + fleet.busy + fleet.charging - 1) < 1e-12)
        #expect(battery.throughputPerHour < 24 - 1)
    }

    @Test("dispatch rules: nearest idle, longest idle, lowest stock")
    func rules() {
        let idle = [VehicleView(vehicle: 0, toDepot: 50, idleSince: 10, charge: 1),
                    VehicleView(vehicle: 1, toDepot: 20, idleSince: 30, charge: 1),
                    VehicleView(vehicle: 2, toDepot: 20, idleSince: 20, charge: 1)]
        let request = KitRequestView(station: 0, requested: 0, kitsLeft: 1)
        #expect(FleetRules(vehicleChoice: .nearestIdle, requestChoice: .fifo).vehicle(for: request, among: idle, at: 40) == 2)
        #expect(FleetRules(vehicleChoice: .longestIdle, requestChoice: .fifo).vehicle(for: request, among: idle, at: 40) == 0)
        let waiting = [KitRequestView(station: 3, requested: 5, kitsLeft: 4), KitRequestView(station: 1, requested: 9, kitsLeft: 0),
                       KitRequestView(station: 2, requested: 7, kitsLeft: 0)]
        #expect(FleetRules(vehicleChoice: .nearestIdle, requestChoice: .fifo).request(for: idle[0], among: waiting, at: 40) == 0)
        #expect(FleetRules(vehicleChoice: .nearestIdle, requestChoice: .lowestStock).request(for: idle[0], among: waiting, at: 40) == 1)
    }

    @Test("fleet and kit mistakes are reported where they are")
    func badFleets() throws {
        func messages(_ edits: [(String, String)]) -> [String] { ExamplePlant.errors("amr-kitting", replacing: edits) }
        let missing = messages([("supermarket: {trim: 100}", "supermarket: {}")])
        #expect(missing.count == 1)
        #expect(missing.first?.contains("fleets[0].distances: no distance between 'supermarket' and 'trim'") == true)
        let unknown = messages([("kits: {fleet: amr,", "kits: {fleet: amx,")])
        #expect(unknown.first?.contains("stations[0].kits.fleet: no fleet is named 'amx' (did you mean 'amr'?)") == true)
        let speed = messages([("speed: 1.0", "speed: -1")])
        #expect(speed.first?.contains("fleets[0].speed: speed must be a positive number") == true)
        let place = messages([("supermarket: {trim: 100}", "supermarket: {trim: 100, trimm: 5}")])
        #expect(place.first?.contains("'trimm' is not the depot, the charger or a station (did you mean 'trim'?)") == true)
    }
}

/// The dispatch decision point on the amr-dispatch example.
@Suite("Dispatch decisions")
struct DispatchDecisionTests {
    func run(_ rule: String) throws -> ReplicationResult {
        try ExamplePlant.run("amr-dispatch", replacing: [("requests: lowest_stock", "requests: \(rule)")])
    }

    @Test("amr-dispatch.yaml: the busy fleet sets the pace whatever the order; the teacher delivers sooner after a request")
    func teacher() throws {
        let fifo = try run("fifo"), lowest = try run("lowest_stock"), oracle = try run("oracle")
        for r in [fifo, lowest, oracle] {
            #expect(r.fleets[0].busy > 0.99)
            #expect(abs(r.throughputPerHour - 48) < 0.1)
        }
        #expect(oracle.fleets[0].meanResponse < fifo.fleets[0].meanResponse * 0.9)
        let site = try #require(oracle.decisions.first)
        #expect(site.point == "dispatch" && site.at == "amr" && site.rule == "oracle")
        #expect(site.decisions > 100)
        #expect(fifo.decisions.isEmpty)
    }

    @Test("the shipped fp32 and int8 dispatch policies run from the plant file and choose as the teacher does")
    func shippedPolicies() throws {
        let oracle = try run("oracle")
        for precision in ["fp32", "int8"] {
            let r = try run("{policy: ../policies/dispatch-\(precision).json, teacher: oracle}")
            let site = try #require(r.decisions.first)
            #expect(site.rule.contains(precision))
            #expect(try #require(site.teacherAgreement) > 0.99)
            #expect(abs(r.fleets[0].meanResponse - oracle.fleets[0].meanResponse) < 0.02 * oracle.fleets[0].meanResponse)
        }
    }

    @Test("dispatch decisions are recorded at their fleet, and a model for another point is refused")
    func recordingAndBinding() throws {
        let plant = try ExamplePlant.load("amr-dispatch", replacing: [("requests: lowest_stock", "requests: oracle")])
        let recorder = DecisionRecorder(schema: DispatchPoint.schema)
        _ = try Replication.run(plant, settings: plant.run, replication: 0, recorder: recorder, recordSite: .dispatch(fleet: 0))
        #expect(recorder.count > 100)
        for i in 0..<recorder.count { #expect(recorder.masks[i * 8 + recorder.actions[i]]) }
        do {
            _ = try ExamplePlant.load("amr-dispatch", replacing: [("requests: lowest_stock", "requests: {policy: ../policies/pick-int8.json}")])
            Issue.record("a pick model was accepted for dispatch")
        } catch let error as PlantFileErrors {
            #expect(error.description.contains("fleets[0].requests.policy"))
            #expect(error.description.contains("the model is for decision point 'pick', not 'dispatch'"))
        }
    }
}
