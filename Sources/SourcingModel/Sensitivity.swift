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
    /// Every period whose budget binds (the plan spends all of it, or its shadow price is
    /// above 0), with what one more unit of money saves there (for a MIP with its whole-number
    /// decisions held fixed, so often 0).
    public var budgetValue: [BudgetValue] = []
    public var unusedSources: [UnusedSource]
    public var costRanges: [UnitCostRange]
    /// Whole-unit items whose demand costs were not re-solved because their re-solves did not
    /// fit in the allowance; nil when none was skipped.
    public var skipped: SkippedResolves? = nil

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

/// Whole-unit items left without demand costs: re-solving them (two MIP solves per period) did
/// not fit in the fixed allowance of re-solves per plan.
public struct SkippedResolves: Sendable, Equatable {
    /// The items skipped, in scenario order.
    public var items: [String]
    /// The most re-solves (one more unit due, one less) per plan.
    public var limit: Int
    /// Why, in words.
    public var reason: String {
        "at most \(limit) re-solves per plan (one more and one less unit due, each a full MIP solve); these items' re-solves did not fit"
    }

    public init(items: [String], limit: Int) {
        self.items = items
        self.limit = limit
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

/// A period whose budget binds, and what one more unit of money there would save (≥ 0; 0 when
/// the budget is spent to the last unit but a little more money buys nothing).
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
        var ranged: [(source: Int, period: Int, column: ColumnID)] = []
        for (s, source) in scenario.sources.enumerated() where eligible[s] {
            let columns = sourceColumns[s]
            let capacityColumns = scenario.items[sourceItem[s]].resilience != nil ? columns.reserve : columns.order
            var used = false
            var cheapestEntry: (period: Int, reduction: Double)?
            // A whole-number decision that shuts the line in a period (never opened for its fixed
            // cost, not yet allowed to work, no order chosen under a minimum order) makes its
            // capacity there worth nothing to the plan as decided: no capacity value, rather
            // than the fixed LP's figure for a line that is not working.
            func shut(_ column: ColumnID?) -> Bool { column.map { lp[$0] < 0.5 } ?? false }
            let neverOpens = shut(columns.fixedCostBinary)
            for t in 0..<T {
                // Capacity rows are ≤ rows: a binding one has a dual ≤ 0 (cost falls as capacity grows).
                var saving = 0.0
                if neverOpens || shut(columns.mayWork.indices.contains(t) ? columns.mayWork[t] : nil)
                    || shut(columns.minOrderBinary.indices.contains(t) ? columns.minOrderBinary[t] : nil)
                {
                    saving = 0
                } else if let row = columns.capacityRow[t] {
                    saving = -duals[row.index]
                } else if let column = capacityColumns[t] {
                    let atUpper = abs(lp[column] - source.capacity[t]) <= 1e-9 * max(1, source.capacity[t])
                    if atUpper { saving = -reduced[column.index] }
                }
                if saving > 1e-9 {
                    capacityValue.append(
                        CapacityValue(source: source.id, period: scenario.periods[t], savingPerUnit: clean(saving)))
                }
                guard let x = columns.order[t] else { continue }
                if lp[x] > zeroTolerance {
                    used = true
                    ranged.append((s, t, x))
                } else if source.costShare > 0, discount[t] > 0 {
                    // Reduced cost in money per unit, undiscounted and before cost share.
                    let reduction = max(0, reduced[x.index]) / (discount[t] * source.costShare)
                    if cheapestEntry == nil || reduction < cheapestEntry!.reduction { cheapestEntry = (t, reduction) }
                }
            }
            if !used, let entry = cheapestEntry {
                unused.append(
                    UnusedSource(
                        source: source.id, period: scenario.periods[entry.period],
                        reductionNeeded: clean(entry.reduction)))
            }
        }
        var budgetValue: [BudgetValue] = []
        for t in 0..<T {
            guard let row = budgetRows[t] else { continue }
            // Budget rows are ≤ rows: a binding one has a dual ≤ 0. A budget the plan spends to
            // the last unit binds too, whatever its dual: in a MIP's fixed LP (whole units held
            // fixed) the dual is often 0 although the budget is what keeps a unit out.
            let limit = model.rowUpper[row.index]
            let saving = -duals[row.index]
            let reached = lp[row] >= limit - 1e-7 * max(1, abs(limit))
            if saving > 1e-9 || reached {
                budgetValue.append(BudgetValue(period: scenario.periods[t], savingPerUnit: clean(max(0, saving))))
            }
        }
        var complete = true
        var demandCost: [DemandCost] = []
        for (i, item) in scenario.items.enumerated() {
            for t in 0..<T {
                // The balance row's right-hand side is −demand, so one more unit of demand costs −dual.
                // (Whole-unit items of a MIP get re-solved figures instead: `resolveWholeUnits`.)
                demandCost.append(
                    DemandCost(
                        item: item.id, period: scenario.periods[t],
                        costPerUnit: clean(-duals[itemColumns[i].balanceRow[t].index])))
            }
        }
        var costRanges: [UnitCostRange] = []
        // Ranging costs a solve with the basis per column: in chunks, stopping at the deadline.
        var ranges: [CostRange] = []
        if !problem.isMIP {
            for start in stride(from: 0, to: ranged.count, by: 256) {
                if let left = remaining(), left <= 0 {
                    complete = false
                    break
                }
                guard
                    let chunk = try? problem.costRanges(
                        columns: ranged[start..<min(start + 256, ranged.count)].map(\.column))
                else { break }
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
            costRanges.append(
                UnitCostRange(
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
