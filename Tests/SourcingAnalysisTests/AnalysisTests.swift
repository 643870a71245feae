import Foundation
import SourcingAnalysis
import SourcingModel
import SourcingOutput
import SourcingScenario
import Testing

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
            Source(id: "home", country: "US", item: "widget", unitCost: [10, 10, 10], capacity: [10, 10, 10], domesticContent: 1),
            Source(id: "ally", country: "FI", item: "widget", unitCost: Array(repeating: allyCost, count: 3), capacity: [2, 2, 2], domesticContent: 0),
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
        #expect(sensitivity.capacityValue.map { "\($0.source) \($0.period) \($0.savingPerUnit)" } == ["ally P2 4.0", "ally P3 4.0"])
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
        let sweep = try Sweep(base: try base(), vary: ["sources[ally].unitCost=x0..x2:9", "items[widget].holdingCost=3,5,20"])
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
        let sweep = try Sweep(base: try base(), vary: ["sources[ally].unitCost=x0.5..x2:25", "items[widget].demand[P2]=1,2,3"])
        let one = SweepDocument(sweep: sweep, shard: nil, points: sweep.run(jobs: 1).map { $0! }).json.serialized()
        let two = SweepDocument(sweep: sweep, shard: nil, points: sweep.run(jobs: 2).map { $0! }).json.serialized()
        #expect(one == two)
        var parts: [SweepDocument] = []
        for k in 0..<3 {
            let shard = try Shard(index: k, count: 3)
            let document = SweepDocument(sweep: sweep, shard: shard, points: sweep.run(jobs: 2, shard: shard).compactMap { $0 })
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
        #expect(throws: AnalysisError.badPath("items[widget].demand[P9]", "unknown period \"P9\"; periods are P1, P2, P3")) {
            try Sweep(base: base, vary: ["items[widget].demand[P9]=1"])
        }
        #expect(throws: AnalysisError.badValues("1..2", "a range needs a number of steps: A..B:N")) {
            try Sweep(base: base, vary: ["sources[ally].unitCost=1..2"])
        }
        #expect(throws: AnalysisError.badValues("sources[ally].unitCost", "-1.0 is outside 0…1000000000000000, the range the format allows for this field")) {
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
        #expect(bars.map(\.path) == [
            "items[widget].demand", "sources[ally].capacity", "sources[ally].unitCost",
            "sources[home].unitCost", "sources[home].capacity",
        ])
        let swings = bars.map { ($0.swing! * 1e9).rounded() / 1e9 }
        #expect(swings == [8, 3.6, 2.4, 2, 0])
    }

    @Test func frontierIsNonDecreasingAndMatchesSeparateSolves() throws {
        let base = try AnalysisBase(scenario: premiumScenario(), identity: identity, options: PlanOptions())
        let points = try Frontier(base: base, item: "widget", shares: "0..1:6").run(jobs: 2)
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
}
