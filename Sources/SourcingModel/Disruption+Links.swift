import SourcingScenario

// Components in a re-plan after a disruption (`sourcing stress`): demand there is made soft with
// a backlog penalty, but a line's draw must still be met on time (the format keeps every draw
// hard). A consumed item's backlog is therefore bounded by what its own demand can owe, so a
// component lost to a disruption shows up where it bites: the items whose lines it stops.

extension PlanningModel {
    /// Bounds each consumed item's backlog by its cumulative own demand, B[t] ≤ Σ_{τ ≤ t} d[τ]
    /// (0 for a pure component): what is owed is its own demand, never a line's draw.
    public mutating func keepComponentDrawsOnTime() {
        guard scenario.hasComponents else { return }
        let consumers = scenario.componentConsumers()
        for (c, item) in scenario.items.enumerated() where !consumers[c].isEmpty {
            var owed = 0.0
            for (t, backlog) in itemColumns[c].backlog.enumerated() {
                owed += item.demand[t]
                guard let backlog else { continue }
                model.setColumnBounds(backlog, lower: 0, upper: min(model.columnUpper[backlog.index], owed))
            }
        }
    }
}

extension Scenario {
    /// The components item i depends on, directly or through other components, in scenario order.
    public func componentsReachable(fromItem i: Int) -> [Int] {
        var itemIndex: [String: Int] = [:]
        for (k, item) in items.enumerated() { itemIndex[item.id] = k }
        var needs = Array(repeating: Set<Int>(), count: items.count)
        for source in sources {
            guard let made = itemIndex[source.item] else { continue }
            for component in source.consumes { if let c = itemIndex[component.item] { needs[made].insert(c) } }
        }
        var seen: Set<Int> = []
        var stack = Array(needs[i])
        while let c = stack.popLast() {
            guard seen.insert(c).inserted else { continue }
            stack += needs[c]
        }
        return seen.sorted()
    }
}
