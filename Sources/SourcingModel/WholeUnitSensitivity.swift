import LinearSolver
import SourcingScenario

// The demand cost of a whole-unit item is not a shadow price: with the integer decisions fixed,
// one more hull is "free" (or impossible) in the fixed LP, which says nothing about ordering one
// more. Those figures come from solving the MIP again with one more and with one less unit due
// in each period (the balance row's right-hand side moved by one), on a GLPK problem of its own,
// each variant cold, so the figures do not depend on what was solved before them, on threads or
// on item blocks. Only a MIP proven optimal is re-solved (the difference of two unproven optima
// would be noise). At most `wholeUnitResolveLimit` variants per model are solved and none after
// the time limit's deadline; an item not finished then has no demand costs (rather than shadow
// prices that mislead) and `complete` is false.
//
// An item-block solve defers these re-solves until every block is solved (`solveInBlocks`), so
// that a block finished early does not take the cores of blocks still searching within the
// same time limit.

/// The most whole-unit demand variants (one more, one less) solved per model: a fixed count, so
/// that the same scenario always gives the same report.
let wholeUnitResolveLimit = 240

extension PlanningModel {
    /// Replaces the shadow-price demand costs of every whole-unit item of a MIP with re-solved
    /// ones (one more unit due, one less), given the plan's objective.
    func resolveWholeUnits(
        _ sensitivity: inout Sensitivity, baseObjective: Double, options: SolveOptions, deadline: ContinuousClock.Instant?
    ) {
        let integerItems = scenario.items.indices.filter { scenario.items[$0].integerUnits }
        guard !integerItems.isEmpty, model.columnKinds.contains(where: { $0 != .continuous }) else { return }
        guard let problem = try? LinearProblem(model) else { sensitivity.complete = false; return }
        let T = scenario.periodCount
        var solved = 0
        var resolved: [String: [DemandCost]] = [:]
        var complete = true
        items: for i in integerItems {
            let item = scenario.items[i]
            var entries: [DemandCost] = []
            for t in 0..<T {
                var variants: [(change: Double, value: Double?)] = []
                for change in [1.0, -1.0] where change > 0 || item.demand[t] >= 1 {
                    var left: Double?
                    if let deadline {
                        let components = ContinuousClock.now.duration(to: deadline).components
                        left = Double(components.seconds) + Double(components.attoseconds) * 1e-18
                    }
                    guard solved < wholeUnitResolveLimit, (left ?? 1) > 0 else { complete = false; break items }
                    var variantOptions = options
                    variantOptions.timeLimit = left
                    let row = itemColumns[i].balanceRow[t]
                    let (lower, upper) = problem.rowBounds(row)
                    guard (try? problem.setRowBounds(row, lower: lower - change, upper: upper - change)) != nil else {
                        complete = false
                        break items
                    }
                    let solution = problem.solve(variantOptions)
                    try? problem.setRowBounds(row, lower: lower, upper: upper)
                    solved += 1
                    switch solution.termination {
                    case .optimal: variants.append((change, solution.objective))
                    case .infeasible: variants.append((change, nil))
                    default: complete = false; break items
                    }
                }
                var entry = DemandCost(item: item.id, period: scenario.periods[t], costPerUnit: variants.first { $0.change > 0 }?.value.map { clean($0 - baseObjective) })
                entry.savingOneLess = variants.first { $0.change < 0 }?.value.map { clean(baseObjective - $0) }
                entry.method = .resolve
                entries.append(entry)
            }
            resolved[item.id] = entries
        }
        if !complete {
            // Items not reached keep no figures at all rather than shadow prices that mislead.
            for i in integerItems where resolved[scenario.items[i].id] == nil { resolved[scenario.items[i].id] = [] }
        }
        var merged: [DemandCost] = []
        var done: Set<String> = []
        for entry in sensitivity.demandCost {
            guard let replacement = resolved[entry.item] else { merged.append(entry); continue }
            if done.insert(entry.item).inserted { merged += replacement }
        }
        sensitivity.demandCost = merged
        sensitivity.complete = sensitivity.complete && complete
    }
}
