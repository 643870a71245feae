import SourcingScenario

// The diagnosis in planner terms where components or capacity pools make a scenario infeasible.
// A component's balance row is relaxed like any demand row (its slack is units of the component
// missing in that period); pool rows are capacity and never relaxed. So:
// - a component short for the lines that draw it reads "pod FY29: 2 units short for
//   gulf-coast-yard's hull starts" (the lines with starts in that period in the relaxed plan);
// - among equally small totals, the component's shortfall is preferred to the consuming item's
//   (a hull that cannot start for want of pods is reported as pods short: the cause);
// - a demand shortfall names a full capacity pool of the item's lines, and a component whose
//   stock runs out where the item's lines still had room.
// - the relative diagnosis scales a pure component's rows (its own demand is 0) by the largest
//   draw its eligible consuming lines could make in one period (format: "Infeasible scenarios").

extension PlanningModel {
    /// Items that some eligible line consumes.
    func consumedItems() -> Set<Int> {
        guard scenario.hasComponents else { return [] }
        let consumers = scenario.componentConsumers()
        return Set(consumers.indices.filter { c in consumers[c].contains { eligible[$0.source] } })
    }

    /// Subtracted from a component's demand-row tie-break: more than any lead time's worth of
    /// the period tie-break (1e-6 a period), so a component's shortfall wins a tie with its
    /// consumer's.
    func componentTieBreak(_ row: RelaxableRow, _ components: Set<Int>) -> Double {
        guard let i = row.item, components.contains(i) else { return 0 }
        return 1e-6 * Double(scenario.periodCount)
    }

    /// max_t Σ perUnit·K over the eligible lines consuming item i (0 when nothing consumes it).
    func pureComponentScale(_ i: Int) -> Double {
        guard scenario.hasComponents else { return 0 }
        return scenario.maximumComponentDraw(ofItem: i, eligible: eligible).max() ?? 0
    }

    /// "gulf-coast-yard's hull starts" (and "demand and …" when the item has demand then): the
    /// users of component i in period t in the relaxed plan; nil when no line draws it then.
    func componentUsers(_ i: Int, period t: Int, values: [Double]?) -> String? {
        guard let values, scenario.hasComponents else { return nil }
        var lines: [(item: Int, source: Int)] = []
        for (s, _) in scenario.componentConsumers()[i] where eligible[s] {
            if let x = sourceColumns[s].order[t], values[x.index] > zeroTolerance { lines.append((sourceItem[s], s)) }
        }
        guard !lines.isEmpty else { return nil }
        var groups: [String] = []
        for made in Set(lines.map(\.item)).sorted() {
            let names = lines.filter { $0.item == made }.map { "\(scenario.sources[$0.source].id)'s" }
            let joined = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " and " + names.last!
            groups.append("\(joined) \(scenario.items[made].id) starts")
        }
        let text = groups.joined(separator: " and ")
        return scenario.items[i].demand[t] > 0 ? "demand and \(text)" : text
    }

    /// What else held item i's deliveries by period t in the relaxed plan: a capacity pool of its
    /// lines at capacity, or a component of its lines whose stock ran out while a line had room.
    /// Empty when neither applies (or without the relaxed plan).
    func linkHint(_ i: Int, period t: Int, values: [Double]?) -> String {
        guard let values else { return "" }
        var notes: [String] = []
        let lines = sourcesOfItem[i].filter { eligible[$0] }
        let lineIDs = Set(lines.map { scenario.sources[$0].id })
        for (p, pool) in scenario.capacityPools.enumerated()
        where pool.members.contains(where: { lineIDs.contains($0.source) }) {
            let full = (0...t).filter { τ in
                guard p < poolRows.count, poolRows[p][τ] != nil else { return false }
                return poolUse(p, period: τ, values: values) >= pool.capacity[τ] - 1e-6 * max(1, pool.capacity[τ])
            }
            guard !full.isEmpty else { continue }
            let periods =
                full.prefix(4).map { scenario.periods[$0] }.joined(separator: ", ") + (full.count > 4 ? ", …" : "")
            let shared = pool.members.map(\.source).joined(separator: ", ")
            notes.append("capacity pool \(pool.id) (shared by \(shared)) is full in \(periods)")
        }
        var short: [Int] = []
        for s in lines where !scenario.sources[s].consumes.isEmpty {
            for τ in 0...t where τ + scenario.sources[s].leadTime <= t {
                let capacity = scenario.sources[s].capacity[τ]
                guard let x = sourceColumns[s].order[τ], values[x.index] < capacity - 1e-6 * max(1, capacity) else {
                    continue
                }
                for component in scenario.sources[s].consumes {
                    guard let c = scenario.itemIndex(component.item), !short.contains(c) else { continue }
                    if values[itemColumns[c].inventory[τ].index] <= zeroTolerance { short.append(c) }
                }
            }
        }
        for c in short.sorted() {
            notes.append("more starts would need \(scenario.items[c].id), whose stock runs out")
        }
        return notes.map { "; \($0)" }.joined()
    }

    /// Units pool p holds in period τ in a solution: Σ perUnit × starts or units in work, on the
    /// columns its row is written on (reserves for members with a resilience rule).
    func poolUse(_ p: Int, period τ: Int, values: [Double]) -> Double {
        let pool = scenario.capacityPools[p]
        var used = 0.0
        for member in pool.members {
            guard let s = scenario.sourceIndex(member.source), eligible[s] else { continue }
            let columns =
                scenario.items[sourceItem[s]].resilience != nil ? sourceColumns[s].reserve : sourceColumns[s].order
            let window = pool.capacityMode == .concurrent ? max(scenario.sources[s].leadTime, 1) : 1
            for k in max(0, τ - window + 1)...τ {
                if let column = columns[k] { used += member.perUnit * values[column.index] }
            }
        }
        return used
    }
}
