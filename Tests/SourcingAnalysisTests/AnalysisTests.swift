import Foundation
import SourcingModel
import SourcingOutput
import SourcingScenario
import TestSupport
import Testing

@testable import SourcingAnalysis

// Sensitivity figures, sweeps, tornado and frontier on small cases worked out by hand.

let usa = Country(id: "US", domestic: true)
let finland = Country(id: "FI", exportApproved: ["*"], ipProtection: 1)

/// Demand 1, 2, 3; the ally costs `allyCost` (2 a period), home 10 (plenty); carrying costs 5.
/// For 0 ≤ c ≤ 10 the ally delivers 1, 2, 2 and home the last unit: 5c + 10; above 10 home makes
/// everything: 60.
func premiumScenario(allyCost: Double = 6) -> Scenario {
    Scenario(
        name: "premium", periods: ["P1", "P2", "P3"], countries: [usa, finland],
        items: [Item(id: "widget", category: "c", demand: [1, 2, 3], holdingCost: 5)],
        sources: [
            Source(
                id: "home", country: "US", item: "widget", unitCost: [10, 10, 10], capacity: [10, 10, 10],
                domesticContent: 1),
            Source(
                id: "ally", country: "FI", item: "widget", unitCost: Array(repeating: allyCost, count: 3),
                capacity: [2, 2, 2], domesticContent: 0),
        ])
}

let identity = ScenarioIdentity(name: "test", sha256: "test")

@Suite struct SensitivityTests {
    @Test func shadowPricesAndRangesByHand() throws {
        let plan = try premiumScenario().solve(identity: identity, options: PlanOptions(sensitivity: true))
        let sensitivity = try #require(plan.sensitivity)
        #expect(sensitivity.basis == "lp")
        // One more unit due in P1 comes from the ally's spare capacity (6); in P2 and P3 the ally
        // is full, so from home (10).
        #expect(sensitivity.demandCost.map(\.costPerUnit) == [6, 10, 10])
        // One more unit of ally capacity in P2 or P3 replaces a home unit: saves 10 − 6 = 4.
        #expect(
            sensitivity.capacityValue.map { "\($0.source) \($0.period) \($0.savingPerUnit)" } == [
                "ally P2 4.0", "ally P3 4.0",
            ])
        #expect(sensitivity.unusedSources.isEmpty)
        // The ally's P1 order (1 unit, capacity 2) keeps the plan and its marginal values while
        // its P1 cost is between 5 and 10: above 10 home is cheaper; below 5, a P1 unit carried
        // for 5 becomes the cheapest extra unit for P2 (c + 5 < 10), so the marginal cost of P2
        // demand changes (the basis changes) although the orders would not yet.
        let p1 = try #require(sensitivity.costRanges.first { $0.source == "ally" && $0.period == "P1" })
        #expect(p1.lower == 5 && p1.upper == 10)
        // At capacity in P2, the order stays until the ally costs more than home: up to 10.
        let p2 = try #require(sensitivity.costRanges.first { $0.source == "ally" && $0.period == "P2" })
        #expect(p2.upper == 10)
    }

    @Test func unusedSourceNeedsACostCut() throws {
        // At 11 the ally is unused; it is used as soon as it costs less than home's 10: cut by 1
        // (in P1: in P2, P3 the same cut is needed, the earliest period is reported on ties).
        let plan = try premiumScenario(allyCost: 11).solve(identity: identity, options: PlanOptions(sensitivity: true))
        let unused = try #require(plan.sensitivity?.unusedSources.first)
        #expect(unused.source == "ally" && unused.reductionNeeded == 1)
    }
}

@Suite struct SweepTests {
    func base() throws -> AnalysisBase {
        try AnalysisBase(scenario: premiumScenario(), identity: identity, options: PlanOptions())
    }

    @Test func objectiveIsPiecewiseLinearInTheSweptCost() throws {
        let sweep = try Sweep(base: try base(), vary: ["sources[ally].unitCost=0..12:7"])
        let points = sweep.run(jobs: 1).map { $0! }
        // 5c + 10 up to the breakpoint at c = 10, then flat at 60.
        #expect(points.map(\.values) == [[0], [2], [4], [6], [8], [10], [12]])
        #expect(points.map(\.objective) == [10, 20, 30, 40, 50, 60, 60])
        #expect(points[6].units == [6, 0])
        #expect(points[2].units == [1, 5])
    }

    @Test func warmAndColdSweepsAgree() throws {
        let sweep = try Sweep(
            base: try base(), vary: ["sources[ally].unitCost=x0..x2:9", "items[widget].holdingCost=3,5,20"])
        let warm = sweep.run(jobs: 1, warm: true).map { $0! }
        let cold = sweep.run(jobs: 1, warm: false).map { $0! }
        #expect(warm.count == 27)
        #expect(warm.map(\.status) == cold.map(\.status))
        for (w, c) in zip(warm, cold) {
            #expect(abs(w.objective! - c.objective!) <= 1e-9 * max(1, abs(c.objective!)), "point \(w.index)")
            // Away from ties (ally cost exactly 10 or carrying exactly the premium) the plans agree too.
            if w.values[0] != 10 && w.values[0] != 5 { #expect(w.units == c.units, "point \(w.index)") }
            // Figures keep 12 significant digits, so warm and cold agree to the byte here.
            #expect(w.objective == c.objective, "point \(w.index)")
        }
    }

    @Test func jobsAndShardsGiveTheSameBytes() throws {
        let sweep = try Sweep(
            base: try base(), vary: ["sources[ally].unitCost=x0.5..x2:25", "items[widget].demand[P2]=1,2,3"])
        let one = SweepDocument(sweep: sweep, shard: nil, points: sweep.run(jobs: 1).map { $0! }).json.serialized()
        let two = SweepDocument(sweep: sweep, shard: nil, points: sweep.run(jobs: 2).map { $0! }).json.serialized()
        #expect(one == two)
        var parts: [SweepDocument] = []
        for k in 0..<3 {
            let shard = try Shard(index: k, count: 3)
            let document = SweepDocument(
                sweep: sweep, shard: shard, points: sweep.run(jobs: 2, shard: shard).compactMap { $0 })
            // Written and read back, as `sourcing merge` does.
            parts.append(try SweepDocument(jsonText: document.json.serialized()))
        }
        #expect(try SweepDocument.merge(parts).json.serialized() == one)
    }

    @Test func stoppedSweepKeepsFinishedPointsAndResumes() throws {
        let sweep = try Sweep(base: try base(), vary: ["sources[ally].unitCost=0..12:13"])
        let full = SweepDocument(sweep: sweep, shard: nil, points: sweep.run(jobs: 1).map { $0! })
        let counter = Counter()
        let partial = sweep.run(jobs: 1, shouldStop: { counter.next() > 5 }).compactMap { $0 }
        #expect(partial.count == 5)
        let first = SweepDocument(sweep: sweep, shard: nil, points: partial)
        #expect(first.missing == Array(5..<13))
        let rest = sweep.run(jobs: 2, skip: Set(partial.map(\.index))).compactMap { $0 }
        let resumed = SweepDocument(sweep: sweep, shard: nil, points: (partial + rest).sorted { $0.index < $1.index })
        #expect(resumed.json.serialized() == full.json.serialized())
    }

    @Test func badPathsAndValuesAreExplained() throws {
        let base = try base()
        #expect(throws: AnalysisError.badPath("sources[nope].unitCost", "unknown source \"nope\"")) {
            try Sweep(base: base, vary: ["sources[nope].unitCost=1,2"])
        }
        #expect(
            throws: AnalysisError.badPath("items[widget].demand[P9]", "unknown period \"P9\"; periods are P1, P2, P3")
        ) {
            try Sweep(base: base, vary: ["items[widget].demand[P9]=1"])
        }
        #expect(
            throws: AnalysisError.badValues("sources[ally].unitCost=1..2", "a range needs a number of steps: A..B:N")
        ) {
            try Sweep(base: base, vary: ["sources[ally].unitCost=1..2"])
        }
        #expect(
            throws: AnalysisError.badValues(
                "sources[ally].unitCost",
                "-1.0 is outside 0…1000000000000000, the range the format allows for this field")
        ) {
            try Sweep(base: base, vary: ["sources[ally].unitCost=-1"])
        }
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}

@Suite struct TornadoAndFrontierTests {
    @Test func tornadoRanksByHand() throws {
        // Demand 4; the ally makes 3 at 2, home the rest at 5: 11. Moved by 20%:
        // demand 3.2/4.8 → 7/15 (swing 8); ally capacity 2.4/3.6 → 12.8/9.2 (3.6);
        // ally cost 1.6/2.4 → 9.8/12.2 (2.4); home cost 4/6 → 10/12 (2); home capacity: 0.
        let scenario = Scenario(
            name: "tornado", periods: ["P1"], countries: [usa, finland],
            items: [Item(id: "widget", category: "c", demand: [4])],
            sources: [
                Source(id: "ally", country: "FI", item: "widget", unitCost: [2], capacity: [3], domesticContent: 0),
                Source(id: "home", country: "US", item: "widget", unitCost: [5], capacity: [10], domesticContent: 1),
            ])
        let base = try AnalysisBase(scenario: scenario, identity: identity, options: PlanOptions())
        let bars = try Tornado(base: base, share: 0.2).run(jobs: 2)
        #expect(
            bars.map(\.path) == [
                "items[widget].demand", "sources[ally].capacity", "sources[ally].unitCost",
                "sources[home].unitCost", "sources[home].capacity",
            ])
        let swings = bars.map { ($0.swing! * 1e9).rounded() / 1e9 }
        #expect(swings == [8, 3.6, 2.4, 2, 0])
    }

    @Test func frontierIsNonDecreasingAndMatchesSeparateSolves() throws {
        let base = try AnalysisBase(scenario: premiumScenario(), identity: identity, options: PlanOptions())
        let points = try Frontier(base: base, item: "widget", shares: try Frontier.shares(parsing: "0..1:6")).run(
            jobs: 2)
        let objectives = points.compactMap(\.objective)
        #expect(objectives.count == 6)
        #expect(zip(objectives, objectives.dropFirst()).allSatisfy { $0 <= $1 + 1e-9 })
        for point in points {
            var scenario = premiumScenario()
            scenario.items[0].domesticShare = DomesticShareRule(min: point.values[0], over: .horizon)
            let separate = try scenario.solve(identity: identity)
            #expect(abs(separate.objective! - point.objective!) <= 1e-9 * max(1, separate.objective!))
        }
        // All at home: 60; none required: 40.
        #expect(objectives.first == 40 && objectives.last == 60)
    }

    /// Whole units: demand [0, 3, 1] of an integer item (4 in total), one line at 10 a unit with
    /// 4 a period. Base: 3 in P2, 1 in P3 = 40. By 20%:
    /// - demand (whole units, varies by period): its total moves by max(1, round(0.8)) = 1, spread
    ///   in proportion with the largest remainders: 3 → [0, 2, 1] (30), 5 → [0, 4, 1] (50); swing 20;
    /// - unit cost (continuous, the same every period): 8 / 12 → 32 / 48; swing 16;
    /// - capacity (whole units, 4 every period): 3 / 5 per period, never binding: 40 / 40;
    /// - holding cost: nothing is held: 40 / 40.
    /// Never a fraction of a unit (3.2 units of demand would make whole units cost more than 4).
    @Test func wholeUnitInputsMoveByWholeUnits() throws {
        let scenario = Scenario(
            name: "whole units", periods: ["P1", "P2", "P3"], countries: [usa],
            items: [
                Item(id: "hull", category: "c", unit: "hull", demand: [0, 3, 1], integerUnits: true, holdingCost: 1)
            ],
            sources: [
                Source(
                    id: "yard", country: "US", item: "hull", unitCost: [10, 10, 10], capacity: [4, 4, 4],
                    domesticContent: 1)
            ])
        let base = try AnalysisBase(scenario: scenario, identity: identity, options: PlanOptions())
        let bars = try Tornado(base: base, share: 0.2).run(jobs: 2)
        #expect(
            bars.map(\.path) == [
                "items[hull].demand", "sources[yard].unitCost", "sources[yard].capacity", "items[hull].holdingCost",
            ])
        #expect(bars.map(\.measure) == [.total, .perPeriod, .perPeriod, .value])
        #expect(bars.map(\.wholeUnits) == [true, false, true, false])
        #expect(bars.map(\.unit) == ["hulls", nil, "hulls", nil])
        #expect(bars.map(\.baseValue) == [4, 10, 4, 1])
        #expect(bars.map { $0.low.values } == [[3], [8], [3], [0.8]])
        #expect(bars.map { $0.high.values } == [[5], [12], [5], [1.2]])
        #expect(bars.map { $0.low.objective } == [30, 32, 40, 40])
        #expect(bars.map { $0.high.objective } == [50, 48, 40, 40])
        #expect(bars.map(\.swing) == [20, 16, 0, 0])
        #expect(apportioned([0, 3, 1], to: 3) == [0, 2, 1])
        #expect(apportioned([0, 3, 1], to: 5) == [0, 4, 1])
        // Ties go to the earlier period; at least one unit even where 20% rounds to 0.
        #expect(apportioned([1, 1, 1], to: 4) == [2, 1, 1])
        #expect(
            try Tornado(base: base, share: 0.2, paths: [try ParameterPath("items[hull].demand[P3]", in: base.scenario)])
                .run(jobs: 1).map { $0.low.values + $0.high.values } == [[0, 2]])
    }

    /// The ASC tornado as `sourcing tornado` prints it. By hand: each yard's unit cost moves its
    /// hulls' cost by 20% (Gulf Coast 4 × 113 = 452, yard 2 3 × 110 = 330, Helsinki 2 × 96,
    /// Rauma 2 × 94), the plan unchanged; a facility 150 ± 30; whole dock slots: one fewer is
    /// infeasible for every yard (the demand of FY28–FY30 needs both Finnish yards' slots, and
    /// the US lines all theirs), one more lets Rauma build a third hull (6,102) or yard 2, 15
    /// cheaper a hull than Gulf Coast, build one more (6,095); demand 11 → 9 hulls (FY28 and
    /// FY35 each one fewer) and 13 (infeasible: nothing more can be delivered by FY30). Transfer
    /// units cannot go below 1; two Helsinki hulls before yard 2 starts delay it (6,111).
    @Test func theCutterTornado() throws {
        let scenario = try ScenarioLoader().load(path: ExampleModels.path("arctic-security-cutter"))
        let base = try AnalysisBase(scenario: scenario, identity: identity, options: PlanOptions())
        let bars = try Tornado(base: base, share: 0.2).run(jobs: 2)
        #expect(
            tornadoTable(bars, base: base, share: 0.2) == """
                Base total cost 6,110.0 USD millions. Each input moved down and up on its own, by 20% (whole-unit inputs by whole units, at least 1; per-period inputs in every period), and the scenario re-planned.
                parameter                                                  unit            base  low  high  total cost at low  total cost at high  swing
                sources[rauma-yard].capacity                              hulls    2 per period    1     3         infeasible             6,102.0      –
                sources[helsinki-yard].capacity                           hulls    2 per period    1     3         infeasible             6,110.0      –
                sources[gulf-coast-yard].capacity                         hulls    2 per period    1     3         infeasible             6,110.0      –
                sources[us-yard-2].capacity                               hulls    1 per period    0     2         infeasible             6,095.0      –
                items[asc-hull].demand                                    hulls     11 in total    9    13            5,067.0          infeasible      –
                sources[gulf-coast-yard].unitCost                  USD millions  565 per period  452   678            5,658.0             6,562.0  904.0
                sources[us-yard-2].unitCost                        USD millions  550 per period  440   660            5,780.0             6,440.0  660.0
                sources[helsinki-yard].unitCost                    USD millions  480 per period  384   576            5,918.0             6,302.0  384.0
                sources[rauma-yard].unitCost                       USD millions  470 per period  376   564            5,922.0             6,298.0  376.0
                sources[gulf-coast-yard].onshoring.facility.cost   USD millions             150  120   180            6,080.0             6,140.0   60.0
                sources[us-yard-2].onshoring.facility.cost         USD millions             150  120   180            6,080.0             6,140.0   60.0
                sources[us-yard-2].onshoring.transfer.units               hulls               1    1     2            6,110.0             6,111.0    1.0
                sources[gulf-coast-yard].onshoring.transfer.units         hulls               1    1     2            6,110.0             6,110.0    0.0
                items[asc-hull].holdingCost                        USD millions               1  0.8   1.2            6,110.0             6,110.0    0.0

                """)
        // The document carries the same figures, without float noise.
        let json = tornadoJSON(bars, base: base, share: 0.2).serialized()
        #expect(json.contains("\"currency\": \"USD millions\""))
        #expect(!json.contains("99999") && !json.contains("00001"))
    }

    /// The cost of onshoring the AESA T/R modules. The home plant makes at most 5 a year, 25 of
    /// the 33 the programme needs delivered (34 due, 1 in stock): at most 75.8% domestic, so 80%
    /// and above have no plan. Below that the cost rises as home modules (1.25) replace allied
    /// ones (0.8–1.05).
    @Test func theRadarFrontier() throws {
        let scenario = try ScenarioLoader().load(path: ExampleModels.path("aesa-radar-modules"))
        let base = try AnalysisBase(scenario: scenario, identity: identity, options: PlanOptions())
        let points = try Frontier(base: base, item: "trm-module", shares: try Frontier.shares(parsing: "0..1:11")).run(
            jobs: 2)
        #expect(points.map { $0.values[0] } == [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1])
        #expect(
            frontierTable(points, item: "trm-module", currency: scenario.currency) == """
                min domestic share of trm-module      status  total cost (USD millions)  extra vs previous
                0%                                   optimal                       85.9                   
                10%                                  optimal                       85.9                0.0
                20%                                  optimal                       86.2                0.3
                30%                                  optimal                       86.6                0.5
                40%                                  optimal                       87.1                0.5
                50%                                  optimal                       87.7                0.6
                60%                                  optimal                       89.0                1.3
                70%                                  optimal                       90.4                1.4
                80%                               infeasible                          –                   
                90%                               infeasible                          –                   
                100%                              infeasible                          –                   

                """)
    }
}
