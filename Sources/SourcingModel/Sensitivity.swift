import LinearSolver
import SourcingScenario

// Marginal values for planners, from the optimal LP basis (for MIPs: the LP with every integer
// decision fixed at the plan's values). Money is discounted as in the objective.
//
// The demand cost of a whole-unit item is not a shadow price: with the integer decisions fixed,
// one more hull is "free" (or impossible) in the fixed LP, which says nothing about ordering one
// more. Those figures come from re-solving the MIP with one more and with one less unit due in
// each period, on the same GLPK problem (each re-solve from the same basis, so the order of the
// re-solves does not matter). The re-solves stop at the time limit, or after an allowance of
// max(2 s, 5 × the plan's own solve time); `complete` is then false and the periods not reached
// are left out.

extension PlanningModel {
    /// Shadow prices of capacity, marginal cost of demand, reduced costs of unused sources and
    /// unit-cost ranges of used ones; nil when GLPK gives no optimal basis.
    func sensitivityReport(
        problem: LinearProblem, solution: Solution, options: SolveOptions, deadline: ContinuousClock.Instant? = nil
    ) -> Sensitivity? {
        func seconds(until instant: ContinuousClock.Instant) -> Double {
            let left = ContinuousClock.now.duration(to: instant).components
            return Double(left.seconds) + Double(left.attoseconds) * 1e-18
        }
        func remaining() -> Double? { deadline.map(seconds(until:)) }
        if let left = remaining(), left <= 0 { return nil }
        var lpOptions = options
        lpOptions.presolve = false
        lpOptions.timeLimit = remaining()
        let lp = problem.isMIP ? problem.fixedIntegerLP(from: solution, options: lpOptions) : solution
        guard lp.termination == .optimal, let duals = lp.rowDuals, let reduced = lp.reducedCosts else { return nil }
        let T = scenario.periodCount
        var capacityValue: [CapacityValue] = []
        var unused: [UnusedSource] = []
        var ranged: [(source: Int, period: Int, column: Int)] = []
        for (s, source) in scenario.sources.enumerated() where eligible[s] {
            let columns = sourceColumns[s]
            let capacityColumns = scenario.items[sourceItem[s]].resilience != nil ? columns.reserve : columns.order
            var used = false
            var cheapestEntry: (period: Int, reduction: Double)?
            for t in 0..<T {
                // Capacity rows are ≤ rows: a binding one has a dual ≤ 0 (cost falls as capacity grows).
                var saving = 0.0
                if columns.capacityRow[t] >= 0 {
                    saving = -duals[columns.capacityRow[t]]
                } else if capacityColumns[t] >= 0 {
                    let column = capacityColumns[t]
                    let atUpper = abs(lp.columnValues[column] - source.capacity[t]) <= 1e-9 * max(1, source.capacity[t])
                    if atUpper { saving = -reduced[column] }
                }
                if saving > 1e-9 {
                    capacityValue.append(CapacityValue(source: source.id, period: scenario.periods[t], savingPerUnit: clean(saving)))
                }
                let x = columns.order[t]
                guard x >= 0 else { continue }
                if lp.columnValues[x] > zeroTolerance {
                    used = true
                    ranged.append((s, t, x))
                } else if source.costShare > 0, discount[t] > 0 {
                    // Reduced cost in money per unit, undiscounted and before cost share.
                    let reduction = max(0, reduced[x]) / (discount[t] * source.costShare)
                    if cheapestEntry == nil || reduction < cheapestEntry!.reduction { cheapestEntry = (t, reduction) }
                }
            }
            if !used, let entry = cheapestEntry {
                unused.append(UnusedSource(source: source.id, period: scenario.periods[entry.period], reductionNeeded: clean(entry.reduction)))
            }
        }
        var budgetValue: [BudgetValue] = []
        for t in 0..<T where budgetRows[t] >= 0 {
            // Budget rows are ≤ rows: a binding one has a dual ≤ 0.
            let saving = -duals[budgetRows[t]]
            if saving > 1e-9 { budgetValue.append(BudgetValue(period: scenario.periods[t], savingPerUnit: clean(saving))) }
        }
        var complete = true
        var demandCost: [DemandCost] = []
        let resolveStop = ContinuousClock.now + .milliseconds(Int64(max(2, 5 * solution.seconds) * 1000))
        let startBasis = problem.isMIP ? problem.basis() : nil
        for (i, item) in scenario.items.enumerated() {
            if problem.isMIP, item.integerUnits, let baseObjective = solution.objective, let startBasis {
                for t in 0..<T {
                    let left = min(remaining() ?? .infinity, seconds(until: resolveStop))
                    guard left > 0 else { complete = false; break }
                    var resolveOptions = lpOptions
                    resolveOptions.timeLimit = left
                    let row = itemColumns[i].balanceRow[t]
                    func objective(withDemandChangedBy change: Double) -> (value: Double?, finished: Bool) {
                        let (lower, upper) = problem.rowBounds(row)
                        guard (try? problem.setRowBounds(row, lower: lower - change, upper: upper - change)) != nil,
                              (try? problem.setBasis(startBasis)) != nil else { return (nil, false) }
                        let resolved = problem.solve(resolveOptions)
                        try? problem.setRowBounds(row, lower: lower, upper: upper)
                        switch resolved.termination {
                        case .optimal: return (resolved.objective, true)
                        case .infeasible: return (nil, true)
                        default: return (nil, false)
                        }
                    }
                    let more = objective(withDemandChangedBy: 1)
                    let less: (value: Double?, finished: Bool) = item.demand[t] >= 1 ? objective(withDemandChangedBy: -1) : (nil, true)
                    guard more.finished, less.finished else { complete = false; break }
                    var entry = DemandCost(item: item.id, period: scenario.periods[t], costPerUnit: more.value.map { clean($0 - baseObjective) })
                    entry.savingOneLess = less.value.map { clean(baseObjective - $0) }
                    entry.method = .resolve
                    demandCost.append(entry)
                }
                continue
            }
            for t in 0..<T {
                // The balance row's right-hand side is −demand, so one more unit of demand costs −dual.
                demandCost.append(DemandCost(item: item.id, period: scenario.periods[t], costPerUnit: clean(-duals[itemColumns[i].balanceRow[t]])))
            }
        }
        var costRanges: [UnitCostRange] = []
        // Ranging costs a solve with the basis per column: in chunks, stopping at the deadline.
        var ranges: [CostRange] = []
        if !problem.isMIP {
            for start in stride(from: 0, to: ranged.count, by: 256) {
                if let left = remaining(), left <= 0 { complete = false; break }
                guard let chunk = try? problem.costRanges(columns: ranged[start..<min(start + 256, ranged.count)].map(\.column)) else { break }
                ranges += chunk
            }
        }
        for (entry, range) in zip(ranged, ranges) {
            let source = scenario.sources[entry.source]
            let reserveCost = scenario.items[sourceItem[entry.source]].resilience != nil ? source.reserveCost : 0
            func unitCost(_ coefficient: Double) -> Double? {
                guard coefficient.isFinite, source.costShare > 0 else { return nil }
                return clean((coefficient / discount[entry.period] + reserveCost) / source.costShare)
            }
            costRanges.append(UnitCostRange(
                source: source.id, period: scenario.periods[entry.period], unitCost: source.unitCost[entry.period],
                lower: unitCost(range.lower).map { max(0, $0) }, upper: unitCost(range.upper)))
        }
        var report = Sensitivity(
            basis: problem.isMIP ? "mip-fixed" : "lp", complete: complete, capacityValue: capacityValue,
            demandCost: demandCost, unusedSources: unused, costRanges: costRanges)
        report.budgetValue = budgetValue
        return report
    }
}
