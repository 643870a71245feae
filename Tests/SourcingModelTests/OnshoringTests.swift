import Foundation
import SourcingModel
import SourcingOutput
import SourcingScenario
import Testing

// Phased onshoring: each element alone, then all together, with optima derived by hand.
// In every case the ally costs 10 a unit and the home line 4, so the plan onshores as soon as
// the rules let it; the timeline in the plan must match the orders.

@Suite struct OnshoringTests {
    func ally(_ periods: Int) -> Source { source("ally", country: finland, periods: periods, cost: 10, capacity: 5) }

    @Test func transferOnly() throws {
        // The home line may work only after the period in which the ally's 2nd unit is delivered.
        // Demand 1 a period, carrying 0.5: the ally delivers P1 and P2 (transfer complete P2),
        // home makes P3 and P4: 20 + 8 = 28. (Two ally units in P1 would let home start in P2,
        // but the second unit would be carried for 0.5 and still cover only P2.)
        let s = scenario(
            periods: 4, items: [item(demand: [1, 1, 1, 1]) { $0.holdingCost = 0.5 }],
            sources: [
                ally(4),
                source("home", periods: 4, cost: 4, capacity: 5) {
                    $0.onshoring = Onshoring(transfer: .init(fromSources: ["ally"], units: 2))
                },
            ])
        let plan = try solveChecked(s)
        #expect(plan.objective == 28)
        #expect(plan.orders("ally") == [1, 1, 0, 0])
        #expect(plan.orders("home") == [0, 0, 1, 1])
        let line = try #require(plan.onshoring.first)
        #expect(line.transferComplete == "P2" && line.firstProduction == "P3")
        #expect(line.unitsHome == 2 && line.unitsAbroad == 2)
        #expect(line.facilityInvestment == nil && line.facilityReady == nil)
    }

    @Test func facilityOnly() throws {
        // The facility costs 3 and takes one period to build: invested in P1, ready P2; the ally
        // covers P1: 10 + 3 × 4 + 3 = 25.
        let s = scenario(
            periods: 4, items: [item(demand: [1, 1, 1, 1]) { $0.holdingCost = 0.5 }],
            sources: [
                ally(4),
                source("home", periods: 4, cost: 4, capacity: 5) {
                    $0.onshoring = Onshoring(facility: .init(cost: 3, buildTime: 1, earliest: 0))
                },
            ])
        let plan = try solveChecked(s)
        #expect(plan.objective == 25)
        #expect(plan.costs.investment == 3)
        let line = try #require(plan.onshoring.first)
        #expect(line.facilityInvestment == "P1" && line.facilityReady == "P2" && line.firstProduction == "P2")
        #expect(line.transferComplete == nil && line.unitsAbroad == nil)
    }

    @Test func rampUpLimitsTheFirstPeriods() throws {
        // Ramp 1, 2, then the full 5, from P1 (nothing delays the start). Demand 2 a period and
        // carrying costs 7 (home 4 + 7 > ally 10): home 1, 2, 2, 2 and the ally 1 in P1: 28 + 10 = 38.
        let s = scenario(
            periods: 4, items: [item(demand: [2, 2, 2, 2]) { $0.holdingCost = 7 }],
            sources: [
                ally(4),
                source("home", periods: 4, cost: 4, capacity: 5) { $0.onshoring = Onshoring(rampUp: [1, 2]) },
            ])
        let plan = try solveChecked(s)
        #expect(plan.objective == 38)
        #expect(plan.orders("home") == [1, 2, 2, 2])
        #expect(plan.orders("ally") == [1, 0, 0, 0])
    }

    @Test func rampUpCountsFromTheChosenStart() throws {
        // With a facility ready only from P3, the ramp 1, 2 applies in P3 and P4, not P1 and P2.
        // Demand 2 a period, carrying 7: ally 2, 2, 1, 0 and home 0, 0, 1, 2: 50 + 12 + 1 (facility) = 63.
        let s = scenario(
            periods: 4, items: [item(demand: [2, 2, 2, 2]) { $0.holdingCost = 7 }],
            sources: [
                ally(4),
                source("home", periods: 4, cost: 4, capacity: 5) {
                    $0.onshoring = Onshoring(facility: .init(cost: 1, buildTime: 2, earliest: 0), rampUp: [1, 2])
                },
            ])
        let plan = try solveChecked(s)
        #expect(plan.objective == 63)
        #expect(plan.orders("home") == [0, 0, 1, 2])
    }

    @Test func sustainingRateKeepsTheLineWarm() throws {
        // The ally (3, 1 a period) may order only in P1 and P2. Home must cover P3 and P4 and,
        // once it works, start at least 2 every period it can order: 2 in P3 and 2 in P4,
        // carrying 1 then 2 units at 0.1: 6 + 16 + 0.3 = 22.3.
        let s = scenario(
            periods: 4, items: [item(demand: [1, 1, 1, 1]) { $0.holdingCost = 0.1 }],
            sources: [
                source("ally", country: finland, periods: 4, cost: 3, capacity: 1) { $0.availableUntil = 1 },
                source("home", periods: 4, cost: 4, capacity: 5) { $0.onshoring = Onshoring(sustainingRate: 2) },
            ])
        let plan = try solveChecked(s)
        #expect(close(plan.objective, 22.3))
        #expect(plan.orders("home") == [0, 0, 2, 2])
        #expect(plan.onshoring.first?.firstProduction == "P3")
    }

    @Test func everythingCombined() throws {
        // Transfer after the ally's first unit (P1), facility (2, built in one period from P1),
        // ramp 1, warm line 1: ally 1 in P1, home 1 in each of P2–P5: 10 + 16 + 2 = 28.
        let s = scenario(
            periods: 5,
            items: [
                item(demand: [1, 1, 1, 1, 1]) {
                    $0.holdingCost = 0.5
                    $0.integerUnits = true
                }
            ],
            sources: [
                ally(5),
                source("home", periods: 5, cost: 4, capacity: 5) {
                    $0.onshoring = Onshoring(
                        transfer: .init(fromSources: ["ally"], units: 1),
                        facility: .init(cost: 2, buildTime: 1, earliest: 0), rampUp: [1], sustainingRate: 1)
                },
            ])
        let plan = try solveChecked(s)
        #expect(plan.status == .optimal)
        #expect(plan.objective == 28)
        let line = try #require(plan.onshoring.first)
        var expected = OnshoringTimeline(
            source: "home", transferComplete: "P1", facilityInvestment: "P1", facilityReady: "P2",
            firstProduction: "P2", unitsHome: 4, unitsAbroad: 1)
        // The capacity the line really had: none in P1, the ramp's 1 in P2, then 5; one unit a
        // period uses all of P2's and a fifth of the later periods'.
        expected.capacity = [0, 1, 5, 5, 5]
        expected.utilization = [nil, 1, 0.2, 0.2, 0.2]
        #expect(line == expected)
    }
}
