import LinearSolver
import SourcingScenario

// The demand cost of a whole-unit item is not a shadow price: with the integer decisions fixed,
// one more hull is "free" (or impossible) in the fixed LP, which says nothing about ordering one
// more. Those figures come from solving the MIP again with one more and with one less unit due
// in each period (the balance row's right-hand side moved by one). Each variant is solved on a
// GLPK problem of its own, from the same cold start, so the figures depend neither on the order
// of the variants nor on threads or item blocks; the variants run on `jobs` threads. Only a MIP
// proven optimal is re-solved (the difference of two unproven optima would be noise).
//
// The cost: 2 solves of the MIP per whole-unit item and period, spread over the cores; on a MIP
// of 6 whole-unit items over 8 periods that was 96 solves, 22.5 s against the plan's 0.7 s. So
// the re-solves are bounded: whole items in scenario order while their variants fit in
// `wholeUnitResolveLimit` (a fixed count, so the same scenario always gives the same report; an
// item that does not fit is skipped whole, never half re-solved), and none after the time
// limit's deadline. A skipped item has no demand costs (rather than shadow prices that mislead);
// the report lists it in `skipped` with the reason, and `complete` is false.
// `PlanOptions.sensitivity` false skips every re-solve.
//
// An item-block solve defers these re-solves until every block is solved (`solveInBlocks`), so
// that a block finished early does not take the cores of blocks still searching within the
// same time limit.

/// The most whole-unit demand variants (one more, one less) solved per model: a fixed count, so
/// that the same scenario always gives the same report. 24 covers an item over 12 periods (the
/// Arctic Security Cutter needs 20) and bounds the re-solves to about 12 MIP solves per core.
public let wholeUnitResolveLimit = 24

extension PlanningModel {
    /// Replaces the shadow-price demand costs of every whole-unit item of a MIP with re-solved
    /// ones (one more unit due, one less), given the plan's objective, for whole items while
    /// their variants fit in `allowance`. Returns how many variants it solved (or tried).
    @discardableResult
    func resolveWholeUnits(
        _ sensitivity: inout Sensitivity, baseObjective: Double, options: SolveOptions,
        deadline: ContinuousClock.Instant?,
        jobs: Int, allowance: Int = wholeUnitResolveLimit
    ) -> Int {
        let integerItems = scenario.items.indices.filter { scenario.items[$0].integerUnits }
        guard !integerItems.isEmpty, model.columnKinds.contains(where: { $0 != .continuous }) else { return 0 }
        // Every variant, in item and period order: +1 always, −1 where a unit is due to drop;
        // whole items while they fit in the allowance, the others skipped whole.
        var variants: [(item: Int, period: Int, change: Double)] = []
        var skipped: [String] = []
        for i in integerItems {
            var own: [(item: Int, period: Int, change: Double)] = []
            for t in 0..<scenario.periodCount {
                own.append((i, t, 1))
                if scenario.items[i].demand[t] >= 1 { own.append((i, t, -1)) }
            }
            if variants.count + own.count <= allowance { variants += own } else { skipped.append(scenario.items[i].id) }
        }
        var complete = skipped.isEmpty
        if !skipped.isEmpty { sensitivity.skipped = SkippedResolves(items: skipped, limit: wholeUnitResolveLimit) }
        let solving = variants
        let chosen = Set(variants.map(\.item))
        // The program again with order bounds that allow one more unit due in every period (a
        // bound from the base demand could cut off the +1 variant); the same rows and columns.
        let model = PlanningModel(scenario: scenario, demandMargin: 1).model
        let rows = itemColumns.map(\.balanceRow)
        // nil: not solved (deadline, error); .some(nil): infeasible; .some(x): the objective.
        let outcomes = runInParallel(
            count: solving.count, jobs: jobs, makeWorker: { () },
            work: { _, k -> Double?? in
                var variantOptions = options
                if let deadline {
                    let left = ContinuousClock.now.duration(to: deadline).components
                    let seconds = Double(left.seconds) + Double(left.attoseconds) * 1e-18
                    guard seconds > 0 else { return nil }
                    variantOptions.timeLimit = seconds
                }
                let variant = solving[k]
                var changed = model
                let row = rows[variant.item][variant.period]
                changed.setRowBounds(
                    row, lower: model.rowLower[row.index] - variant.change,
                    upper: model.rowUpper[row.index] - variant.change)
                guard let problem = try? LinearProblem(changed) else { return nil }
                let solution = problem.solve(variantOptions)
                switch solution.termination {
                case .optimal: return .some(solution.objective)
                case .infeasible: return .some(nil)
                default: return nil
                }
            })
        var resolved: [String: [DemandCost]] = [:]
        var k = 0
        for i in integerItems {
            let item = scenario.items[i]
            guard chosen.contains(i) else {
                resolved[item.id] = []
                continue
            }
            var entries: [DemandCost] = []
            var finished = true
            for t in 0..<scenario.periodCount {
                var more: Double??
                var less: Double?? = .some(nil)
                more = k < outcomes.count ? outcomes[k] ?? nil : nil
                k += 1
                if item.demand[t] >= 1 {
                    less = k < outcomes.count ? outcomes[k] ?? nil : nil
                    k += 1
                }
                guard let more, let less else {
                    finished = false
                    continue
                }
                var entry = DemandCost(
                    item: item.id, period: scenario.periods[t], costPerUnit: more.map { clean($0 - baseObjective) })
                entry.savingOneLess = less.map { clean(baseObjective - $0) }
                entry.method = .resolve
                entries.append(entry)
            }
            // An item not finished keeps no figures at all rather than shadow prices that mislead.
            resolved[item.id] = finished ? entries : []
            if !finished { complete = false }
        }
        var merged: [DemandCost] = []
        var done: Set<String> = []
        for entry in sensitivity.demandCost {
            guard let replacement = resolved[entry.item] else {
                merged.append(entry)
                continue
            }
            if done.insert(entry.item).inserted { merged += replacement }
        }
        sensitivity.demandCost = merged
        sensitivity.complete = sensitivity.complete && complete
        return solving.count
    }
}
