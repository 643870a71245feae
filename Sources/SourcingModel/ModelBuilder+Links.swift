import LinearSolver
import SourcingScenario

// What ties items together besides the budget (format: "Components (multi-tier supply)" and
// "Capacity pools"):
// - component draws: each unit ordered from a line in period t draws perUnit units of each item it
//   consumes from the planner's stock in t, so the consumed item's balance row becomes
//   I[c,t] − B[c,t] − I[c,t−1] + B[c,t−1] − Σ q[c,t] + Σ perUnit·x[s',t] = −d[c,t]
//   (a draw is a second kind of demand, met on time: a consumed item has no backlog);
// - pool rows, one per pool and period: Σ_m perUnit_m·x[m,t] ≤ P[t] (`starts`), or the units each
//   member has in work over its own lead time (`concurrent`); on reserves for members whose item
//   has a resilience rule, as the members' own capacity rows are.
// Nothing is added for a scenario without `consumes` or pools, so its program is unchanged.
//
// For issue 13 (order bounds from what an item can use): an item's use is its demand plus
// `Scenario.maximumComponentDraw(ofItem:eligible:)` per period; a component's order columns may
// not be bounded by its own demand alone.

extension Scenario {
    /// For each item (scenario order), the sources that consume it, with their units per unit
    /// ordered, in scenario order of the sources (eligibility not applied).
    func componentConsumers() -> [[(source: Int, perUnit: Double)]] {
        var consumers = Array(repeating: [(source: Int, perUnit: Double)](), count: items.count)
        guard sources.contains(where: { !$0.consumes.isEmpty }) else { return consumers }
        var itemIndex: [String: Int] = [:]
        for (i, item) in items.enumerated() { itemIndex[item.id] = i }
        for (s, source) in sources.enumerated() {
            for component in source.consumes {
                if let c = itemIndex[component.item] { consumers[c].append((s, component.perUnit)) }
            }
        }
        return consumers
    }

    /// Whether any source consumes a component.
    public var hasComponents: Bool { sources.contains { !$0.consumes.isEmpty } }

    /// The most the eligible lines consuming item i could draw in each period: Σ perUnit·K[s,t]
    /// over the periods in which each line can place an order (zeros for an item nothing consumes).
    /// The format scales a pure component's diagnosis by its largest entry.
    public func maximumComponentDraw(ofItem i: Int, eligible: [Bool]) -> [Double] {
        var draw = Array(repeating: 0.0, count: periodCount)
        for (s, perUnit) in componentConsumers()[i] where eligible[s] {
            let source = sources[s]
            let first = source.availableFrom ?? 0
            let last = min(source.availableUntil ?? (periodCount - 1), periodCount - 1 - source.leadTime)
            guard first <= last else { continue }
            for t in first...last { draw[t] += perUnit * source.capacity[t] }
        }
        return draw
    }
}

extension ModelBuilder {
    /// The draw terms on item i per period: (order column of an eligible consuming line, perUnit).
    func componentDraws(onItem i: Int) -> [[(column: ColumnID, perUnit: Double)]] {
        var draws = Array(repeating: [(column: ColumnID, perUnit: Double)](), count: T)
        for (s, perUnit) in scenario.componentConsumers()[i] where eligible[s] {
            for t in 0..<T {
                if let x = sourceColumns[s].order[t] { draws[t].append((x, perUnit)) }
            }
        }
        return draws
    }

    /// Adds each consuming line's orders to the balance rows of the items it consumes.
    mutating func addComponentDraws() {
        guard scenario.hasComponents else { return }
        var itemIndex: [String: Int] = [:]
        for (i, item) in scenario.items.enumerated() { itemIndex[item.id] = i }
        for (s, source) in scenario.sources.enumerated() where eligible[s] && !source.consumes.isEmpty {
            for component in source.consumes {
                guard let c = itemIndex[component.item] else { continue }
                for t in 0..<T {
                    guard let x = sourceColumns[s].order[t] else { continue }
                    model.addEntry(row: itemColumns[c].balanceRow[t], column: x, value: component.perUnit)
                }
            }
        }
    }

    /// One row per pool and period in which some eligible member can have work: starts (or units
    /// in work, over each member's own lead time) weighted by perUnit, at most the pool's capacity.
    mutating func addCapacityPools() {
        guard !scenario.capacityPools.isEmpty else { return }
        var sourceIndex: [String: Int] = [:]
        for (s, source) in scenario.sources.enumerated() { sourceIndex[source.id] = s }
        for pool in scenario.capacityPools {
            var rows = [RowID?](repeating: nil, count: T)
            let members = pool.members.compactMap { member in
                sourceIndex[member.source].flatMap { eligible[$0] ? (s: $0, perUnit: member.perUnit) : nil }
            }
            for t in 0..<T {
                var entries: [(ColumnID, Double)] = []
                for (s, perUnit) in members {
                    let columns = capacityColumns(of: s)
                    let window = pool.capacityMode == .concurrent ? max(scenario.sources[s].leadTime, 1) : 1
                    for column in inWork(columns, t, window: window) { entries.append((column, perUnit)) }
                }
                guard !entries.isEmpty else { continue }
                let row = model.addRow(upper: pool.capacity[t], name: name("pool", pool.id, label(t)))
                for (column, value) in entries { model.addEntry(row: row, column: column, value: value) }
                rows[t] = row
            }
            poolRows.append(rows)
        }
    }
}
