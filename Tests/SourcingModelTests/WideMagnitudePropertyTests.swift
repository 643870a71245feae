import Foundation
import SourcingModel
import SourcingScenario
import Testing

// Issue 13's property: on scenarios with the magnitudes planners really write — "unlimited"
// lines (capacity 1e6–1e9), fixed costs, minimum orders, money in units from thousands to
// thousandths — no plan that the tool calls optimal or feasible breaks a rule or misreports a
// cost. Each scenario is generated (seeded: the same scenarios on every run), written and read
// back through the validator, solved through the library, and
// - every plan with status optimal/feasible must pass the independent checker (PlanChecker.swift:
//   every rule, and every cost figure recomputed from the plan's orders, fixed costs included);
// - the same scenario solved with presolve off gives an independent bound: when its plan passes
//   the checker, the default solve must have a plan, no dearer than that one (within both gaps);
// - the objective equals the cost breakdown the checker recomputes (checked by PlanChecker).
// SOURCING_PROPERTY_SCENARIOS=N runs N scenarios instead of the suite's 40;
// SOURCING_PROPERTY_DUMP=FOLDER writes each failing scenario there (wide-SEED.json).

struct WideMagnitudePropertyTests {
    static var count: Int {
        ProcessInfo.processInfo.environment["SOURCING_PROPERTY_SCENARIOS"].flatMap { Int($0) } ?? 40
    }

    /// A small generated scenario (2–3 items, 2–3 sources each, 3–5 periods, half of the items
    /// in whole units), widened: money ×10^k (k in −3…3), about 40% of lines "unlimited"
    /// (capacity 10^6…10^9), about 40% with a fixed cost, about 25% with a minimum order.
    static func scenario(seed: UInt64) -> Scenario? {
        var rng = SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ 17)
        let options = ScenarioGeneratorOptions(
            items: rng.int(2, 3), sourcesPerItem: rng.int(2, 3), countries: 3, periods: rng.int(3, 5),
            integerShare: 0.5, seed: seed)
        guard var s = ScenarioGenerator.generate(options) else { return nil }
        let money = pow(10, Double(rng.int(-3, 3)))
        func scaled(_ x: Double) -> Double { (x * money * 1e6).rounded() / 1e6 }
        for i in s.items.indices {
            s.items[i].holdingCost = scaled(s.items[i].holdingCost)
            s.items[i].backlogPenalty = s.items[i].backlogPenalty.map(scaled)
            s.items[i].unmetPenalty = s.items[i].unmetPenalty.map(scaled)
        }
        for k in s.sources.indices {
            let item = s.items.first { $0.id == s.sources[k].item }
            let demand = item.map { $0.demand.reduce(0, +) / Double(max(1, $0.demand.count)) } ?? 1
            s.sources[k].unitCost = s.sources[k].unitCost.map(scaled)
            s.sources[k].fixedCost = scaled(s.sources[k].fixedCost)
            s.sources[k].reserveCost = scaled(s.sources[k].reserveCost)
            if let cost = s.sources[k].onshoring?.facility?.cost {
                s.sources[k].onshoring?.facility?.cost = scaled(cost)
            }
            if rng.chance(0.4) {
                let unlimited = pow(10, Double(rng.int(6, 9)))
                s.sources[k].capacity = s.sources[k].capacity.map { _ in unlimited }
            }
            if rng.chance(0.4) { s.sources[k].fixedCost = scaled(rng.uniform(10, 1000).rounded()) }
            if rng.chance(0.25) { s.sources[k].minOrder = max(1, (demand * rng.uniform(0.5, 2)).rounded()) }
        }
        if let budget = s.policy.budget { s.policy.budget = budget.map(scaled) }
        s.solver.mipGap = 1e-4
        // Through the validator, as a planner's file would go.
        let bytes = ScenarioWriter.bytes(s, format: .json)
        return try? ScenarioLoader().decode(bytes, format: .json)
    }

    @Test func noPlanOnWideMagnitudesBreaksARule() throws {
        var planned = 0
        var failures: [String] = []
        var shareRuleFailures: [UInt64] = []
        let total = Self.count
        for seed in 1...UInt64(total) {
            let s = try #require(Self.scenario(seed: seed), "scenario \(seed) does not validate")
            let identity = ScenarioIdentity(name: s.name, sha256: "property")
            let plan = try s.solve(identity: identity, options: PlanOptions(diagnose: false, jobs: 1))
            let other = try s.solve(identity: identity, options: PlanOptions(presolve: false, diagnose: false, jobs: 1))
            var problems: [String] = []
            if plan.status.hasPlan {
                planned += 1
                let json = try JSONSerialization.jsonObject(with: Data(plan.jsonText().utf8)) as! [String: Any]
                problems += checkPlan(json, against: s)
            }
            // The independent bound: a plan of the presolve-off solve that passes the checker
            // costs at least the optimum, so the default solve must have a plan no dearer (within
            // both gaps). (Presolve off is not trusted the other way round: it is the weaker solve.)
            if other.status.hasPlan, let b = other.objective {
                let json = try JSONSerialization.jsonObject(with: Data(other.jsonText().utf8)) as! [String: Any]
                if checkPlan(json, against: s).isEmpty {
                    let gap = (plan.mipGap ?? 0) + (other.mipGap ?? 0) + 1e-6
                    if !plan.status.hasPlan {
                        problems.append("status \(plan.status), but presolve off finds a valid plan costing \(b)")
                    } else if let a = plan.objective, a > b + gap * max(1, abs(a), abs(b)) {
                        problems.append("objective \(a), but presolve off finds a valid plan costing \(b)")
                    }
                }
            }
            if !problems.isEmpty {
                if Self.outsideTheBounds(problems, s) { shareRuleFailures.append(seed) }
                failures.append("seed \(seed): \(problems.prefix(3))")
                if let folder = ProcessInfo.processInfo.environment["SOURCING_PROPERTY_DUMP"] {
                    let path = "\(folder)/wide-\(seed).json"
                    FileManager.default.createFile(atPath: path, contents: Data(ScenarioWriter.bytes(s, format: .json)))
                }
            }
        }
        print(
            "wide-magnitude property: \(total) scenarios, \(planned) with a plan, \(failures.count) failed"
                + " (\(shareRuleFailures.count) on items with share rules)")
        #expect(planned >= total / 2, "most generated scenarios should have a plan")
        #expect(
            failures.count == shareRuleFailures.count, "\(failures.count) of \(total) failed: \(failures.prefix(5))")
        withKnownIssue(
            "items with share rules keep the capacity as big-M (ModelBuilder+Bounds.swift)", isIntermittent: true
        ) {
            #expect(shareRuleFailures.isEmpty, "seeds \(shareRuleFailures): \(failures.prefix(5))")
        }
    }

    /// Whether every problem is a hidden indicator (minimum order, fixed cost) in a scenario with
    /// an item whose share rules keep an "unlimited" capacity as big-M: the case the tight bounds
    /// leave to the solution check (issue 13's verification, a separate change).
    static func outsideTheBounds(_ problems: [String], _ s: Scenario) -> Bool {
        let untightened = s.sources.contains { source in
            guard let item = s.items.first(where: { $0.id == source.item }) else { return false }
            let shares =
                item.domesticShare != nil || (item.maxSharePerSource ?? 1) < 1 || (item.maxSharePerAlly ?? 1) < 1
            return shares && (source.fixedCost > 0 || source.minOrder > 0) && (source.capacity.max() ?? 0) >= 1e6
        }
        return untightened && problems.allSatisfy { $0.hasPrefix("[minOrder]") || $0.hasPrefix("[costs]") }
    }
}
