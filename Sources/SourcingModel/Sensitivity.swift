import LinearSolver
import SourcingScenario

/// Marginal values of a plan, labelled for planners. Money is discounted like the objective.
public struct Sensitivity: Sendable, Equatable {
    /// How the dual figures were obtained: "lp" (the optimal LP basis), "mip-fixed" (the LP with
    /// every integer decision fixed at the plan's values: valid for small changes that keep those
    /// decisions), or "mixed" (items solved as separate blocks, some LP and some MIP; each
    /// block's figures follow its own basis). Whole-unit items' demand costs are re-solves
    /// whatever the basis (see `DemandCost.method`).
    public var basis: String
    /// False when the time limit (or the re-solve allowance) stopped the report before every
    /// figure was found.
    public var complete: Bool
    public var capacityValue: [CapacityValue]
    public var demandCost: [DemandCost]
    /// What one more unit of money in a period's budget saves, where the budget binds.
    public var budgetValue: [BudgetValue] = []
    public var unusedSources: [UnusedSource]
    public var costRanges: [UnitCostRange]

    public init(
        basis: String, complete: Bool = true, capacityValue: [CapacityValue], demandCost: [DemandCost],
        unusedSources: [UnusedSource], costRanges: [UnitCostRange]
    ) {
        self.basis = basis
        self.complete = complete
        self.capacityValue = capacityValue
        self.demandCost = demandCost
        self.unusedSources = unusedSources
        self.costRanges = costRanges
    }
}

/// What one more unit of a source's capacity in a period would save (≥ 0).
public struct CapacityValue: Sendable, Equatable {
    public var source: String
    public var period: String
    public var savingPerUnit: Double

    public init(source: String, period: String, savingPerUnit: Double) {
        self.source = source
        self.period = period
        self.savingPerUnit = savingPerUnit
    }
}

/// What one more unit of demand of an item in a period would cost.
public struct DemandCost: Sendable, Equatable {
    /// How a demand cost was found.
    public enum Method: String, Sendable, Equatable {
        /// The balance row's shadow price (continuous items): the cost per unit of a small change.
        case dual
        /// The MIP solved again with one more and with one less unit due (whole-unit items,
        /// whose shadow prices in the fixed LP say nothing about a whole unit more).
        case resolve
    }

    public var item: String
    public var period: String
    /// The extra total cost of one more unit due in the period; nil when one more cannot be
    /// delivered (the re-solve is infeasible) or was not re-solved in time.
    public var costPerUnit: Double?
    /// The total cost saved by one unit less due (re-solves only; nil with no demand to drop).
    public var savingOneLess: Double? = nil
    public var method: Method = .dual

    public init(item: String, period: String, costPerUnit: Double?) {
        self.item = item
        self.period = period
        self.costPerUnit = costPerUnit
    }
}

/// What one more unit of money in a period's budget would save (≥ 0), where the budget binds.
public struct BudgetValue: Sendable, Equatable {
    public var period: String
    public var savingPerUnit: Double

    public init(period: String, savingPerUnit: Double) {
        self.period = period
        self.savingPerUnit = savingPerUnit
    }
}

/// How much cheaper an unused eligible source would need to be for the plan to use it.
public struct UnusedSource: Sendable, Equatable {
    public var source: String
    public var period: String
    public var reductionNeeded: Double

    public init(source: String, period: String, reductionNeeded: Double) {
        self.source = source
        self.period = period
        self.reductionNeeded = reductionNeeded
    }
}

/// The range of a used source's unit cost (in one order period) over which the plan stays the same.
public struct UnitCostRange: Sendable, Equatable {
    public var source: String
    public var period: String
    public var unitCost: Double
    public var lower: Double?
    public var upper: Double?

    public init(source: String, period: String, unitCost: Double, lower: Double?, upper: Double?) {
        self.source = source
        self.period = period
        self.unitCost = unitCost
        self.lower = lower
        self.upper = upper
    }
}

// Marginal values for planners, from the optimal LP basis (for MIPs: the LP with every integer
// decision fixed at the plan's values). Money is discounted as in the objective. Whole-unit
// items' demand costs are re-solves instead (WholeUnitSensitivity.swift).

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
        for (i, item) in scenario.items.enumerated() {
            for t in 0..<T {
                // The balance row's right-hand side is −demand, so one more unit of demand costs −dual.
                // (Whole-unit items of a MIP get re-solved figures instead: `resolveWholeUnits`.)
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
