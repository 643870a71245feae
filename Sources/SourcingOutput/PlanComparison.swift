import Foundation
import SourcingModel
import SourcingScenario

// What changed between two plans, for what-if reviews: total cost and cost by kind, the
// domestic/allied split by item and period, sources added, dropped or resized, onshoring
// milestones and exclusions. Periods and ids are matched by label, so plans of two versions of
// a scenario compare as long as they share names. Only differences are listed.

/// The differences between a plan (`before`) and another (`after`).
public struct PlanComparison: Sendable, Equatable {
    /// A number that changed.
    public struct Change: Sendable, Equatable {
        public var before: Double?
        public var after: Double?
        /// after − before; nil when either side is missing.
        public var change: Double? {
            guard let before, let after else { return nil }
            return after - before
        }
    }

    /// A cost kind whose amount changed.
    public struct CostChange: Sendable, Equatable {
        public var kind: String
        public var amount: Change
    }

    /// One per-period figure of an item that changed.
    public struct PeriodChange: Sendable, Equatable {
        public var period: String
        /// delivered, domestic, allied, byCountry (with `country`), inventory or backlog.
        public var series: String
        public var country: String?
        public var value: Change
    }

    /// An item whose deliveries or stock changed, or that is in one plan only.
    public struct ItemChange: Sendable, Equatable {
        public enum Presence: String, Sendable { case both, added, removed }
        public var item: String
        public var presence: Presence
        /// Domestic share over the horizon (domestic ÷ delivered).
        public var domesticShare: Change
        public var periods: [PeriodChange]
    }

    /// A source and its total units ordered in each plan.
    public struct SourceChange: Sendable, Equatable {
        public var source: String
        public var country: String
        public var item: String
        public var units: Change
    }

    /// An onshoring milestone whose period changed (nil: not reached, or no such line).
    public struct MilestoneChange: Sendable, Equatable {
        public var source: String
        /// transferComplete, facilityInvestment, facilityReady or firstProduction.
        public var milestone: String
        public var before: String?
        public var after: String?
    }

    /// A source excluded in one plan and not the other, or for other reasons.
    public struct ExclusionChange: Sendable, Equatable {
        public var source: String
        public var before: [String]
        public var after: [String]
    }

    public var before: Plan
    public var after: Plan
    public var objective: Change
    public var costs: [CostChange]
    public var items: [ItemChange]
    /// Used in `after`, not in `before`.
    public var sourcesAdded: [SourceChange]
    /// Used in `before`, not in `after`.
    public var sourcesDropped: [SourceChange]
    /// Used in both, with a different number of units.
    public var sourcesResized: [SourceChange]
    public var onshoring: [MilestoneChange]
    public var excluded: [ExclusionChange]
    /// Per period (matched by label) where it changed: what the plan spends, undiscounted, as
    /// the budget counts it (series `spending`); nil for a plan without a plan (infeasible).
    public var spending: [PeriodChange]
    /// Per period where it changed: the scenario's budget (series `budget`); nil without one.
    public var budget: [PeriodChange]

    /// Whether both plans answer the same scenario file (the same SHA-256). When not, what
    /// changed includes the inputs, and the text says so.
    public var sameScenario: Bool { before.scenario.sha256 == after.scenario.sha256 }

    /// Whether the plans differ in anything compared.
    public var hasDifferences: Bool {
        before.status != after.status
            || objective.change.map { !sameFigure($0, 0) } ?? (objective.before != objective.after)
            || !costs.isEmpty || !items.isEmpty || !sourcesAdded.isEmpty || !sourcesDropped.isEmpty
            || !sourcesResized.isEmpty || !onshoring.isEmpty || !excluded.isEmpty || !spending.isEmpty
            || !budget.isEmpty
    }

    /// Compares two plans.
    public init(before: Plan, after: Plan) {
        self.before = before
        self.after = after
        objective = Change(before: before.objective, after: after.objective)
        // A side without a plan has no costs (nil, "–"), not zeros.
        let afterCosts = Dictionary(uniqueKeysWithValues: after.costs.entries.map { ($0.0, $0.1) })
        costs = before.costs.entries.compactMap { kind, amount in
            let x = before.status.hasPlan ? amount : nil
            let y = after.status.hasPlan ? afterCosts[kind] ?? 0 : nil
            return sameFigure(x, y) || (x ?? 0) == 0 && (y ?? 0) == 0
                ? nil : CostChange(kind: kind, amount: Change(before: x, after: y))
        }

        // Items, matched by id; periods matched by label.
        var items: [ItemChange] = []
        let ids = unionOfIDs(before.items.map(\.id), after.items.map(\.id))
        for id in ids {
            let a = before.items.first { $0.id == id }
            let b = after.items.first { $0.id == id }
            let presence: ItemChange.Presence = a == nil ? .added : b == nil ? .removed : .both
            var periods: [PeriodChange] = []
            for label in unionOfIDs(before.periods, after.periods) {
                let ta = before.periods.firstIndex(of: label)
                let tb = after.periods.firstIndex(of: label)
                func value(_ item: ItemPlan?, _ t: Int?, _ series: KeyPath<ItemPlan, [Double]>) -> Double {
                    guard let item, let t else { return 0 }
                    return item[keyPath: series][t]
                }
                let named: [(String, KeyPath<ItemPlan, [Double]>)] = [
                    ("delivered", \.delivered), ("domestic", \.domestic), ("allied", \.allied),
                ]
                for (name, path) in named {
                    let x = value(a, ta, path)
                    let y = value(b, tb, path)
                    if !sameFigure(x, y) {
                        periods.append(
                            PeriodChange(period: label, series: name, country: nil, value: Change(before: x, after: y)))
                    }
                }
                for country in unionOfIDs(a?.byCountry.map(\.id) ?? [], b?.byCountry.map(\.id) ?? []) {
                    let x = ta.flatMap { t in a?.byCountry.first { $0.id == country }?.values[t] } ?? 0
                    let y = tb.flatMap { t in b?.byCountry.first { $0.id == country }?.values[t] } ?? 0
                    if !sameFigure(x, y) {
                        periods.append(
                            PeriodChange(
                                period: label, series: "byCountry", country: country, value: Change(before: x, after: y)
                            ))
                    }
                }
                for (name, path) in [("inventory", \ItemPlan.inventory), ("backlog", \ItemPlan.backlog)] {
                    let x = value(a, ta, path)
                    let y = value(b, tb, path)
                    if !sameFigure(x, y) {
                        periods.append(
                            PeriodChange(period: label, series: name, country: nil, value: Change(before: x, after: y)))
                    }
                }
            }
            let share = Change(
                before: a.flatMap(PlanComparison.domesticShare), after: b.flatMap(PlanComparison.domesticShare))
            let shareChanged = !sameFigure(share.before, share.after)
            if presence != .both || !periods.isEmpty || shareChanged {
                items.append(ItemChange(item: id, presence: presence, domesticShare: share, periods: periods))
            }
        }
        self.items = items

        // Sources: used means any order.
        var added: [SourceChange] = []
        var dropped: [SourceChange] = []
        var resized: [SourceChange] = []
        for id in unionOfIDs(before.sources.map(\.id), after.sources.map(\.id)) {
            let a = before.sources.first { $0.id == id }
            let b = after.sources.first { $0.id == id }
            let usedBefore = a?.used ?? false
            let usedAfter = b?.used ?? false
            let unitsBefore = a.map { $0.orders.reduce(0, +) }
            let unitsAfter = b.map { $0.orders.reduce(0, +) }
            let reference = b ?? a!
            let change = SourceChange(
                source: id, country: reference.country, item: reference.item,
                units: Change(before: usedBefore ? unitsBefore : 0, after: usedAfter ? unitsAfter : 0))
            if usedAfter && !usedBefore {
                added.append(change)
            } else if usedBefore && !usedAfter {
                dropped.append(change)
            } else if usedBefore && usedAfter, !sameFigure(unitsBefore ?? 0, unitsAfter ?? 0) {
                resized.append(change)
            }
        }
        sourcesAdded = added
        sourcesDropped = dropped
        sourcesResized = resized

        var milestones: [MilestoneChange] = []
        for id in unionOfIDs(before.onshoring.map(\.source), after.onshoring.map(\.source)) {
            let a = before.onshoring.first { $0.source == id }
            let b = after.onshoring.first { $0.source == id }
            let named: [(String, KeyPath<OnshoringTimeline, String?>)] = [
                ("transferComplete", \.transferComplete), ("facilityInvestment", \.facilityInvestment),
                ("facilityReady", \.facilityReady), ("firstProduction", \.firstProduction),
            ]
            for (name, path) in named {
                let x = a?[keyPath: path] ?? nil
                let y = b?[keyPath: path] ?? nil
                if x != y { milestones.append(MilestoneChange(source: id, milestone: name, before: x, after: y)) }
            }
        }
        onshoring = milestones

        var exclusions: [ExclusionChange] = []
        for id in unionOfIDs(before.excluded.map(\.source), after.excluded.map(\.source)) {
            let x = before.excluded.first { $0.source == id }?.reasons ?? []
            let y = after.excluded.first { $0.source == id }?.reasons ?? []
            if x != y { exclusions.append(ExclusionChange(source: id, before: x, after: y)) }
        }
        excluded = exclusions

        var spendingChanges: [PeriodChange] = []
        var budgetChanges: [PeriodChange] = []
        for label in unionOfIDs(before.periods, after.periods) {
            let ta = before.periods.firstIndex(of: label)
            let tb = after.periods.firstIndex(of: label)
            func spent(_ plan: Plan, _ t: Int?) -> Double? {
                guard let t, plan.status.hasPlan, plan.spending.count == plan.periods.count else { return nil }
                return plan.spending[t]
            }
            func allowed(_ plan: Plan, _ t: Int?) -> Double? {
                guard let t, let budget = plan.budget, budget.count == plan.periods.count else { return nil }
                return budget[t]
            }
            let x = spent(before, ta)
            let y = spent(after, tb)
            if !sameFigure(x, y) {
                spendingChanges.append(
                    PeriodChange(period: label, series: "spending", country: nil, value: Change(before: x, after: y)))
            }
            let u = allowed(before, ta)
            let v = allowed(after, tb)
            if !sameFigure(u, v) {
                budgetChanges.append(
                    PeriodChange(period: label, series: "budget", country: nil, value: Change(before: u, after: v)))
            }
        }
        spending = spendingChanges
        budget = budgetChanges
    }

    static func domesticShare(_ item: ItemPlan) -> Double? {
        let delivered = item.delivered.reduce(0, +)
        return delivered > 1e-9 ? item.domestic.reduce(0, +) / delivered : nil
    }
}

/// Values equal up to solver noise.
func sameFigure(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(a), abs(b)) }
/// Both absent, or both there and equal up to solver noise.
func sameFigure(_ a: Double?, _ b: Double?) -> Bool {
    switch (a, b) {
    case (nil, nil): true
    case let (x?, y?): sameFigure(x, y)
    default: false
    }
}

/// The ids of `first` in order, then those only in `second`.
func unionOfIDs(_ first: [String], _ second: [String]) -> [String] {
    var seen = Set(first)
    var out = first
    for id in second where seen.insert(id).inserted { out.append(id) }
    return out
}
