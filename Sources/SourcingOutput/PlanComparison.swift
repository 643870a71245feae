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
        before.status != after.status || objective.change.map { !same($0, 0) } ?? (objective.before != objective.after)
            || !costs.isEmpty || !items.isEmpty || !sourcesAdded.isEmpty || !sourcesDropped.isEmpty
            || !sourcesResized.isEmpty || !onshoring.isEmpty || !excluded.isEmpty || !spending.isEmpty || !budget.isEmpty
    }

    /// Compares two plans.
    public init(before: Plan, after: Plan) {
        self.before = before
        self.after = after
        objective = Change(before: before.objective, after: after.objective)
        // A side without a plan has no costs (nil, "–"), not zeros.
        let afterCosts = Dictionary(uniqueKeysWithValues: after.costs.entries.map { ($0.0, $0.1) })
        costs = before.costs.entries.compactMap { kind, amount in
            let x = before.status.hasPlan ? amount : nil, y = after.status.hasPlan ? afterCosts[kind] ?? 0 : nil
            return sameOptional(x, y) || (x ?? 0) == 0 && (y ?? 0) == 0 ? nil : CostChange(kind: kind, amount: Change(before: x, after: y))
        }

        // Items, matched by id; periods matched by label.
        var items: [ItemChange] = []
        let ids = union(before.items.map(\.id), after.items.map(\.id))
        for id in ids {
            let a = before.items.first { $0.id == id }, b = after.items.first { $0.id == id }
            let presence: ItemChange.Presence = a == nil ? .added : b == nil ? .removed : .both
            var periods: [PeriodChange] = []
            for label in union(before.periods, after.periods) {
                let ta = before.periods.firstIndex(of: label), tb = after.periods.firstIndex(of: label)
                func value(_ item: ItemPlan?, _ t: Int?, _ series: KeyPath<ItemPlan, [Double]>) -> Double {
                    guard let item, let t else { return 0 }
                    return item[keyPath: series][t]
                }
                let named: [(String, KeyPath<ItemPlan, [Double]>)] = [("delivered", \.delivered), ("domestic", \.domestic), ("allied", \.allied)]
                for (name, path) in named {
                    let x = value(a, ta, path), y = value(b, tb, path)
                    if !same(x, y) { periods.append(PeriodChange(period: label, series: name, country: nil, value: Change(before: x, after: y))) }
                }
                for country in union(a?.byCountry.map(\.id) ?? [], b?.byCountry.map(\.id) ?? []) {
                    let x = ta.flatMap { t in a?.byCountry.first { $0.id == country }?.values[t] } ?? 0
                    let y = tb.flatMap { t in b?.byCountry.first { $0.id == country }?.values[t] } ?? 0
                    if !same(x, y) { periods.append(PeriodChange(period: label, series: "byCountry", country: country, value: Change(before: x, after: y))) }
                }
                for (name, path) in [("inventory", \ItemPlan.inventory), ("backlog", \ItemPlan.backlog)] {
                    let x = value(a, ta, path), y = value(b, tb, path)
                    if !same(x, y) { periods.append(PeriodChange(period: label, series: name, country: nil, value: Change(before: x, after: y))) }
                }
            }
            let share = Change(before: a.flatMap(PlanComparison.domesticShare), after: b.flatMap(PlanComparison.domesticShare))
            let shareChanged = !sameOptional(share.before, share.after)
            if presence != .both || !periods.isEmpty || shareChanged {
                items.append(ItemChange(item: id, presence: presence, domesticShare: share, periods: periods))
            }
        }
        self.items = items

        // Sources: used means any order.
        var added: [SourceChange] = [], dropped: [SourceChange] = [], resized: [SourceChange] = []
        for id in union(before.sources.map(\.id), after.sources.map(\.id)) {
            let a = before.sources.first { $0.id == id }, b = after.sources.first { $0.id == id }
            let usedBefore = a?.used ?? false, usedAfter = b?.used ?? false
            let unitsBefore = a.map { $0.orders.reduce(0, +) }, unitsAfter = b.map { $0.orders.reduce(0, +) }
            let reference = b ?? a!
            let change = SourceChange(source: id, country: reference.country, item: reference.item,
                                      units: Change(before: usedBefore ? unitsBefore : 0, after: usedAfter ? unitsAfter : 0))
            if usedAfter && !usedBefore { added.append(change) }
            else if usedBefore && !usedAfter { dropped.append(change) }
            else if usedBefore && usedAfter, !same(unitsBefore ?? 0, unitsAfter ?? 0) { resized.append(change) }
        }
        sourcesAdded = added
        sourcesDropped = dropped
        sourcesResized = resized

        var milestones: [MilestoneChange] = []
        for id in union(before.onshoring.map(\.source), after.onshoring.map(\.source)) {
            let a = before.onshoring.first { $0.source == id }, b = after.onshoring.first { $0.source == id }
            let named: [(String, KeyPath<OnshoringTimeline, String?>)] = [
                ("transferComplete", \.transferComplete), ("facilityInvestment", \.facilityInvestment),
                ("facilityReady", \.facilityReady), ("firstProduction", \.firstProduction),
            ]
            for (name, path) in named {
                let x = a?[keyPath: path] ?? nil, y = b?[keyPath: path] ?? nil
                if x != y { milestones.append(MilestoneChange(source: id, milestone: name, before: x, after: y)) }
            }
        }
        onshoring = milestones

        var exclusions: [ExclusionChange] = []
        for id in union(before.excluded.map(\.source), after.excluded.map(\.source)) {
            let x = before.excluded.first { $0.source == id }?.reasons ?? []
            let y = after.excluded.first { $0.source == id }?.reasons ?? []
            if x != y { exclusions.append(ExclusionChange(source: id, before: x, after: y)) }
        }
        excluded = exclusions

        var spendingChanges: [PeriodChange] = [], budgetChanges: [PeriodChange] = []
        for label in union(before.periods, after.periods) {
            let ta = before.periods.firstIndex(of: label), tb = after.periods.firstIndex(of: label)
            func spent(_ plan: Plan, _ t: Int?) -> Double? {
                guard let t, plan.status.hasPlan, plan.spending.count == plan.periods.count else { return nil }
                return plan.spending[t]
            }
            func allowed(_ plan: Plan, _ t: Int?) -> Double? {
                guard let t, let budget = plan.budget, budget.count == plan.periods.count else { return nil }
                return budget[t]
            }
            let x = spent(before, ta), y = spent(after, tb)
            if !sameOptional(x, y) { spendingChanges.append(PeriodChange(period: label, series: "spending", country: nil, value: Change(before: x, after: y))) }
            let u = allowed(before, ta), v = allowed(after, tb)
            if !sameOptional(u, v) { budgetChanges.append(PeriodChange(period: label, series: "budget", country: nil, value: Change(before: u, after: v))) }
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
private func same(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(a), abs(b)) }
private func sameOptional(_ a: Double?, _ b: Double?) -> Bool {
    switch (a, b) {
    case (nil, nil): true
    case let (x?, y?): same(x, y)
    default: false
    }
}

/// The ids of `first` in order, then those only in `second`.
private func union(_ first: [String], _ second: [String]) -> [String] {
    var seen = Set(first)
    var out = first
    for id in second where seen.insert(id).inserted { out.append(id) }
    return out
}

// MARK: - JSON and text

extension PlanComparison {
    /// The comparison as an ordered JSON document (`"kind": "comparison"`).
    public var json: JSONValue {
        func change(_ c: Change) -> [(String, JSONValue)] {
            [("before", JSONValue(c.before)), ("after", JSONValue(c.after)), ("change", JSONValue(c.change))]
        }
        func side(_ plan: Plan) -> JSONValue {
            .object([
                ("scenario", .object([("name", .string(plan.scenario.name)), ("sha256", .string(plan.scenario.sha256))])),
                ("currency", JSONValue(plan.currency)),
                ("status", .string(plan.status.rawValue)),
                ("objective", JSONValue(plan.objective)),
            ])
        }
        func source(_ s: SourceChange) -> JSONValue {
            .object([("source", .string(s.source)), ("country", .string(s.country)), ("item", .string(s.item))] + change(s.units))
        }
        return .object([
            ("kind", .string("comparison")),
            ("schemaVersion", .number(1)),
            ("before", side(before)),
            ("after", side(after)),
            ("sameScenario", .bool(sameScenario)),
            ("differences", .bool(hasDifferences)),
            ("objective", .object(change(objective))),
            ("costs", .array(costs.map { .object([("kind", .string($0.kind))] + change($0.amount)) })),
            ("spending", .array(spending.map { .object([("period", .string($0.period))] + change($0.value)) })),
            ("budget", .array(budget.map { .object([("period", .string($0.period))] + change($0.value)) })),
            ("items", .array(items.map { item in
                .object([
                    ("item", .string(item.item)),
                    ("presence", .string(item.presence.rawValue)),
                    ("domesticShare", .object(change(item.domesticShare))),
                    ("periods", .array(item.periods.map { p in
                        var members: [(String, JSONValue)] = [("period", .string(p.period)), ("series", .string(p.series))]
                        if let country = p.country { members.append(("country", .string(country))) }
                        return .object(members + change(p.value))
                    })),
                ])
            })),
            ("sources", .object([
                ("added", .array(sourcesAdded.map(source))),
                ("dropped", .array(sourcesDropped.map(source))),
                ("resized", .array(sourcesResized.map(source))),
            ])),
            ("onshoring", .array(onshoring.map {
                .object([("source", .string($0.source)), ("milestone", .string($0.milestone)),
                         ("before", JSONValue($0.before)), ("after", JSONValue($0.after))])
            })),
            ("excluded", .array(excluded.map {
                .object([("source", .string($0.source)), ("before", .array($0.before.map { .string($0) })),
                         ("after", .array($0.after.map { .string($0) }))])
            })),
        ])
    }

    /// The comparison as text for a reader; `beforeLabel` and `afterLabel` name the plans (file names).
    public func text(beforeLabel: String = "A", afterLabel: String = "B") -> String {
        var out: [String] = []
        func describe(_ plan: Plan) -> String {
            "\(printableLabel(plan.scenario.name)), \(plan.status.rawValue)" + (plan.objective.map { ", total cost \(formatMoney($0))\(plan.moneySuffix)" } ?? "")
        }
        out.append("A: \(beforeLabel) (\(describe(before)))")
        out.append("B: \(afterLabel) (\(describe(after)))")
        if before.currency != after.currency {
            out.append("Note: the plans count money in different currencies (\(before.currency ?? "none") and \(after.currency ?? "none")); their costs do not compare.")
        }
        if !sameScenario {
            func short(_ sha: String) -> String { sha.count > 12 ? String(sha.prefix(12)) + "…" : sha }
            out.append("Note: the plans answer different scenario files (SHA-256 \(short(before.scenario.sha256)) and \(short(after.scenario.sha256))): the differences below come from the inputs as well as the plans.")
        }
        if !hasDifferences {
            out.append("")
            out.append("No differences in status, costs, spending, budget, deliveries, sources, onshoring or exclusions.")
            return terminalSafe(out.joined(separator: "\n") + "\n")
        }
        out.append("")
        if before.status != after.status { out.append("Status: \(before.status.rawValue) → \(after.status.rawValue)") }
        let money = after.currency ?? before.currency
        out.append("Total cost\(money.map { " (\($0))" } ?? ""): " + changeText(objective, money: true))

        if !costs.isEmpty {
            out.append("")
            out.append("Cost by kind\(before.isDiscounted || after.isDiscounted ? " (\([money, "discounted"].compactMap { $0 }.joined(separator: ", ")))" : money.map { " (\($0))" } ?? "")")
            let width = costs.map(\.kind.count).max() ?? 0
            for cost in costs { out.append("  " + cost.kind.padding(width) + "  " + changeText(cost.amount, money: true)) }
        }
        if !spending.isEmpty || !budget.isEmpty {
            // One column per period with a change, cells "a→b" ("–": no figure, e.g. no plan).
            let periods = union(before.periods, after.periods).filter { label in (spending + budget).contains { $0.period == label } }
            var rows: [[String]] = [["period"] + periods]
            for (label, list) in [("spending", spending), ("budget", budget)] where !list.isEmpty {
                rows.append([label] + periods.map { label in
                    guard let change = list.first(where: { $0.period == label }) else { return "" }
                    return "\(change.value.before.map(formatMoneyCell) ?? "–")→\(change.value.after.map(formatMoneyCell) ?? "–")"
                })
            }
            out.append("")
            out.append("Spending per period\(budget.isEmpty ? "" : " and budget") (\([money, "undiscounted"].compactMap { $0 }.joined(separator: ", ")))")
            let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max() ?? 0 }
            for row in rows {
                out.append("  " + row.enumerated().map { c, cell in c == 0 ? cell.padding(widths[c]) : leftPad(cell, widths[c]) }.joined(separator: "  "))
            }
        }
        for item in items {
            out.append("")
            switch item.presence {
            case .added: out.append("\(item.item): only in B")
            case .removed: out.append("\(item.item): only in A")
            case .both:
                var header = "\(item.item)"
                if !sameOptional(item.domesticShare.before, item.domesticShare.after) {
                    header += ": domestic share \(item.domesticShare.before.map(formatShare) ?? "–") → \(item.domesticShare.after.map(formatShare) ?? "–")"
                }
                out.append(header)
            }
            // A table: one row per series, one column per period with a change, cells "a→b".
            let periods = union(before.periods, after.periods).filter { label in item.periods.contains { $0.period == label } }
            guard !periods.isEmpty else { continue }
            // Rows in a fixed order: the split, then deliveries by country, then stock.
            var rowKeys: [(label: String, series: String, country: String?)] = []
            let countries = item.periods.compactMap(\.country).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            let candidates: [(String, String, String?)] = [("delivered", "delivered", nil), ("  domestic content", "domestic", nil), ("  allied content", "allied", nil)]
                + countries.map { ("from \($0)", "byCountry", $0) } + [("inventory", "inventory", nil), ("backlog", "backlog", nil)]
            for (label, series, country) in candidates where item.periods.contains(where: { $0.series == series && $0.country == country }) {
                rowKeys.append((label, series, country))
            }
            var rows: [[String]] = [["period"] + periods]
            for key in rowKeys {
                rows.append([key.label] + periods.map { label in
                    guard let change = item.periods.first(where: { $0.period == label && $0.series == key.series && $0.country == key.country }) else { return "" }
                    return "\(formatQuantity(change.value.before ?? 0))→\(formatQuantity(change.value.after ?? 0))"
                })
            }
            let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max() ?? 0 }
            for row in rows {
                out.append("  " + row.enumerated().map { c, cell in c == 0 ? cell.padding(widths[c]) : leftPad(cell, widths[c]) }.joined(separator: "  "))
            }
        }
        if !sourcesAdded.isEmpty || !sourcesDropped.isEmpty || !sourcesResized.isEmpty {
            out.append("")
            out.append("Sources (units ordered)")
            for s in sourcesAdded { out.append("  added:   \(s.source) (\(s.country), \(s.item)) \(formatQuantity(s.units.after ?? 0))") }
            for s in sourcesDropped { out.append("  dropped: \(s.source) (\(s.country), \(s.item)) was \(formatQuantity(s.units.before ?? 0))") }
            for s in sourcesResized { out.append("  changed: \(s.source) (\(s.country), \(s.item)) \(formatQuantity(s.units.before ?? 0)) → \(formatQuantity(s.units.after ?? 0))") }
        }
        if !onshoring.isEmpty {
            out.append("")
            out.append("Onshoring milestones")
            var lines: [(String, [String])] = []
            for m in onshoring {
                let words = ["transferComplete": "transfer complete", "facilityInvestment": "facility invested",
                             "facilityReady": "ready", "firstProduction": "first production"][m.milestone] ?? m.milestone
                let text = "\(words) \(m.before ?? "never") → \(m.after ?? "never")"
                if let index = lines.firstIndex(where: { $0.0 == m.source }) { lines[index].1.append(text) } else { lines.append((m.source, [text])) }
            }
            for (source, texts) in lines { out.append("  \(source): " + texts.joined(separator: "; ")) }
        }
        if !excluded.isEmpty {
            out.append("")
            out.append("Excluded sources")
            for e in excluded {
                func reasons(_ list: [String]) -> String { list.isEmpty ? "eligible" : list.joined(separator: ", ") }
                out.append("  \(e.source): \(reasons(e.before)) → \(reasons(e.after))")
            }
        }
        // Plan files may hold any text: no control character reaches a terminal.
        return terminalSafe(out.joined(separator: "\n") + "\n")
    }

    func changeText(_ c: Change, money: Bool) -> String {
        func format(_ value: Double) -> String { money ? formatMoney(value) : formatQuantity(value) }
        let beforeText = c.before.map { format($0) } ?? "–", afterText = c.after.map { format($0) } ?? "–"
        var text = "\(beforeText) → \(afterText)"
        if let delta = c.change, let base = c.before {
            let sign = delta >= 0 ? "+" : "−"
            text += " (" + sign + format(abs(delta))
            if abs(base) > 1e-9 { text += ", " + sign + formatShare(abs(delta / base)) }
            text += ")"
        }
        return text
    }
}
