import Foundation
import SourcingModel
import SourcingOutput
import SourcingScenario
import Testing

// N-1 reserves and redundancy figures, with optima derived by hand.

@Suite struct ResilienceTests {
    @Test func coverageForcesAReserveAtTheSecondAlly() throws {
        // Finland (1 a unit) would make both units alone for 2. Surviving the loss of any single
        // country at full coverage means Sweden holds a reserve of 2 (0.5 each, unused) and
        // Finland's reserve covers Sweden's loss: 2 + 2 × 0.5 = 3.
        let s = scenario(
            periods: 1, countries: [usa, finland, sweden],
            items: [item(demand: [2]) { $0.resilience = Resilience(survive: .anySingleCountry, coverage: 1) }],
            sources: [
                source("fi", country: finland, periods: 1, cost: 1, capacity: 5) { $0.reserveCost = 0.3 },
                source("se", country: sweden, periods: 1, cost: 2, capacity: 5) { $0.reserveCost = 0.5 },
            ])
        let plan = try solveChecked(s)
        #expect(plan.objective == 3)
        #expect(plan.costs.reserve == 1)
        #expect(plan.orders("fi") == [2])
        #expect(plan.sources.map(\.reserve) == [[2], [2]])
        #expect(plan.items[0].redundancy.worstCountryLossCovered == 1)
        #expect(plan.items[0].redundancy.sourcesUsed == 1)
    }

    @Test func survivingASourceDiffersFromSurvivingACountry() throws {
        // Two Finnish sources (a: 1, b: 2, reserve 0.5) and a Swedish one (c: 3, reserve 2);
        // demand 2 at full coverage. Any single source: b holds 2 in reserve (a's loss), a's
        // orders cover the others: 2 + 1 = 3. Any single country: losing Finland must be covered
        // by c alone: a reserve of 2 at 2 each: 2 + 4 = 6.
        func solve(_ survive: Resilience.Survive) throws -> Plan {
            try solveChecked(
                scenario(
                    periods: 1, countries: [usa, finland, sweden],
                    items: [item(demand: [2]) { $0.resilience = Resilience(survive: survive, coverage: 1) }],
                    sources: [
                        source("a", country: finland, periods: 1, cost: 1, capacity: 5) { $0.reserveCost = 0.5 },
                        source("b", country: finland, periods: 1, cost: 2, capacity: 5) { $0.reserveCost = 0.5 },
                        source("c", country: sweden, periods: 1, cost: 3, capacity: 5) { $0.reserveCost = 2 },
                    ]))
        }
        let bySource = try solve(.anySingleSource)
        #expect(bySource.objective == 3)
        #expect(bySource.sources.map(\.reserve) == [[2], [2], [0]])
        // Losing Finland loses a and b: nothing else is reserved.
        #expect(bySource.items[0].redundancy.worstCountryLossCovered == 0)
        let byCountry = try solve(.anySingleCountry)
        #expect(byCountry.objective == 6)
        #expect(byCountry.sources.map(\.reserve) == [[2], [0], [2]])
        #expect(byCountry.items[0].redundancy.worstCountryLossCovered == 1)
    }

    @Test func stockpileCountsTowardsCoverage() throws {
        // With 1 unit of initial stock and coverage 0.5 of a demand of 2 in P1, the stock alone
        // covers any loss: no reserve is needed and the plan costs just the 2 units: 2.
        let s = scenario(
            periods: 1, countries: [usa, finland, sweden],
            items: [
                item(demand: [2]) {
                    $0.resilience = Resilience(survive: .anySingleCountry, coverage: 0.5)
                    $0.initialInventory = 1
                }
            ],
            sources: [
                source("fi", country: finland, periods: 1, cost: 1, capacity: 5) { $0.reserveCost = 0.3 },
                source("se", country: sweden, periods: 1, cost: 2, capacity: 5) { $0.reserveCost = 0.5 },
            ])
        let plan = try solveChecked(s)
        #expect(plan.objective == 1)
        #expect(plan.costs.reserve == 0)
    }

    @Test func redundancyFiguresOnAHandComputedPlan() throws {
        // Demand 4; capacities force a = 2 (FI), b = 1 (SE), home = 1 (the dearest).
        // Shares by source: 0.5, 0.25, 0.25 → largest 0.5, HHI 0.25 + 0.0625 + 0.0625 = 0.375.
        // By country: FI 0.5, SE 0.25, US 0.25 → largest ally 0.5, HHI 0.375.
        // Losing Finland leaves b + home = 2 of 4 delivered in the period: 0.5 covered.
        let s = scenario(
            periods: 1, countries: [usa, finland, sweden], items: [item(demand: [4])],
            sources: [
                source("a", country: finland, periods: 1, cost: 1, capacity: 2),
                source("b", country: sweden, periods: 1, cost: 2, capacity: 1),
                source("home", periods: 1, cost: 3, capacity: 10),
            ])
        let plan = try solveChecked(s)
        let r = plan.items[0].redundancy
        #expect(r.sourcesUsed == 3 && r.countriesUsed == 3)
        #expect(r.largestSourceShare == 0.5 && r.largestAllyShare == 0.5)
        #expect(r.hhiSources == 0.375 && r.hhiCountries == 0.375)
        #expect(r.worstCountryLossCovered == 0.5)
    }
}
