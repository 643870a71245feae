import SourcingScenario

// The plan's figures for what ties items together: `items[].consumed` and
// `capacityPools[]` (format: "The plan"), and the dependency figures `items[].components[]`,
// which say what a consuming item's lines draw of each component and where those units come from.
//
// Where a drawn unit comes from: the component's stock is used first in, first out. The units on
// hand before the first period (`initialInventory`) are used first, then deliveries in the order
// of their periods (within a period in scenario order of the sources). A period's use (the
// component's own demand plus every line's draw) takes the oldest units; each user gets its
// share of that mix in proportion to what it takes. So a hull started in FY29 depends on the
// countries that delivered the pods it is fitted with, not on the component's average.

/// What one capacity pool's members use of it, per period.
public struct PoolPlan: Sendable, Equatable {
    public var id: String
    /// Σ perUnit × starts (or × units in work, for `concurrent` pools), counted on orders.
    public var used: [Double]
    /// used ÷ the pool's capacity; nil where the capacity is 0.
    public var utilization: [Double?]

    public init(id: String, used: [Double], utilization: [Double?]) {
        self.id = id
        self.used = used
        self.utilization = utilization
    }
}

/// What an item's lines draw of one component, per period, and where those units come from.
public struct ComponentDependency: Sendable, Equatable {
    /// The component (an item of the scenario).
    public var item: String
    /// Units of the component drawn by the item's lines: Σ perUnit × orders.
    public var drawn: [Double]
    /// Domestic content of the drawn units (domesticContent of the source that made each unit).
    public var domestic: [Double]
    /// Allied content of the drawn units (the rest of each unit from a source): with `domestic`
    /// and `fromInitialInventory` it sums to `drawn`.
    public var allied: [Double]
    /// The drawn units by the country of the component source that made them (every country with
    /// a source of the component, in scenario order).
    public var byCountry: [(id: String, values: [Double])]
    /// Drawn units that came from the component's stock on hand before the first period (of no
    /// recorded origin).
    public var fromInitialInventory: [Double]

    public init(
        item: String, drawn: [Double], domestic: [Double], allied: [Double],
        byCountry: [(id: String, values: [Double])], fromInitialInventory: [Double]
    ) {
        self.item = item
        self.drawn = drawn
        self.domestic = domestic
        self.allied = allied
        self.byCountry = byCountry
        self.fromInitialInventory = fromInitialInventory
    }

    public static func == (a: ComponentDependency, b: ComponentDependency) -> Bool {
        a.item == b.item && a.drawn == b.drawn && a.domestic == b.domestic && a.allied == b.allied
            && a.fromInitialInventory == b.fromInitialInventory
            && a.byCountry.map(\.id) == b.byCountry.map(\.id) && a.byCountry.map(\.values) == b.byCountry.map(\.values)
    }
}

extension PlanningModel {
    /// Sets `consumed` and `components` on the items (when the scenario has components) and
    /// returns the pool figures (nil when it has no pools).
    func addLinkFigures(to items: inout [ItemPlan], sources: [SourcePlan]) -> [PoolPlan]? {
        if scenario.hasComponents { addComponentFigures(to: &items, sources: sources) }
        guard !scenario.capacityPools.isEmpty else { return nil }
        let T = scenario.periodCount
        return scenario.capacityPools.map { pool in
            var used = Array(repeating: 0.0, count: T)
            for member in pool.members {
                guard let s = scenario.sourceIndex(member.source) else { continue }
                let window = pool.capacityMode == .concurrent ? max(scenario.sources[s].leadTime, 1) : 1
                let orders = sources[s].orders
                for t in 0..<T { used[t] += member.perUnit * orders[max(0, t - window + 1)...t].reduce(0, +) }
            }
            used = used.map(clean)
            let utilization = (0..<T).map { t in pool.capacity[t] > 0 ? clean(used[t] / pool.capacity[t]) : nil }
            return PoolPlan(id: pool.id, used: used, utilization: utilization)
        }
    }

    private func addComponentFigures(to items: inout [ItemPlan], sources: [SourcePlan]) {
        let T = scenario.periodCount
        let zeros = Array(repeating: 0.0, count: T)
        let consumers = scenario.componentConsumers()
        // drawn[c][i]: units of component c drawn per period by the lines of item i.
        var drawn = Array(repeating: [Int: [Double]](), count: items.count)
        for c in items.indices {
            var consumed = zeros
            for (s, perUnit) in consumers[c] {
                let i = sourceItem[s]
                var units = drawn[c][i] ?? zeros
                for t in 0..<T {
                    units[t] += perUnit * sources[s].orders[t]
                    consumed[t] += perUnit * sources[s].orders[t]
                }
                drawn[c][i] = units
            }
            items[c].consumed = consumed.map(clean)
            items[c].components = []
        }
        for c in items.indices where !drawn[c].isEmpty {
            let origins = firstInFirstOut(component: c, drawnBy: drawn[c], sources: sources)
            for i in drawn[c].keys.sorted() { items[i].components!.append(origins[i]!) }
        }
        // Components in scenario order within each consuming item.
        var order: [String: Int] = [:]
        for (c, item) in scenario.items.enumerated() { order[item.id] = c }
        for i in items.indices { items[i].components!.sort { order[$0.item]! < order[$1.item]! } }
    }

    /// The origin of every unit of component c drawn by each consuming item (see the top of the file).
    private func firstInFirstOut(component c: Int, drawnBy: [Int: [Double]], sources: [SourcePlan]) -> [Int:
        ComponentDependency]
    {
        let T = scenario.periodCount
        let component = scenario.items[c]
        // Layers of stock: the source that made them (nil: initial inventory) and units left.
        var layers: [(source: Int?, units: Double)] = []
        var head = 0
        if component.initialInventory > 0 { layers.append((nil, component.initialInventory)) }
        let countries = Array(Set(sourcesOfItem[c].map { sourceCountry[$0] })).sorted()
        let users = drawnBy.keys.sorted()
        var byCountry: [Int: [Int: [Double]]] = [:]  // user → country → per period
        var domestic: [Int: [Double]] = [:]
        var allied: [Int: [Double]] = [:]
        var stock: [Int: [Double]] = [:]
        let zeros = Array(repeating: 0.0, count: T)
        for i in users {
            byCountry[i] = Dictionary(uniqueKeysWithValues: countries.map { ($0, zeros) })
            domestic[i] = zeros
            allied[i] = zeros
            stock[i] = zeros
        }
        for t in 0..<T {
            for s in sourcesOfItem[c] where sources[s].deliveries[t] > 0 {
                layers.append((s, sources[s].deliveries[t]))
            }
            let draws = users.map { drawnBy[$0]![t] }
            let use = component.demand[t] + draws.reduce(0, +)
            guard draws.contains(where: { $0 > 0 }) || component.demand[t] > 0 else { continue }
            // Take `use` units from the oldest layers; each user gets its share of each layer taken.
            var left = use
            while left > zeroTolerance * max(1, use), head < layers.count {
                let taken = min(left, layers[head].units)
                for (k, i) in users.enumerated() where draws[k] > 0 {
                    let units = taken * draws[k] / use
                    if let s = layers[head].source {
                        byCountry[i]![sourceCountry[s]]![t] += units
                        domestic[i]![t] += scenario.sources[s].domesticContent * units
                        allied[i]![t] += (1 - scenario.sources[s].domesticContent) * units
                    } else {
                        stock[i]![t] += units
                    }
                }
                left -= taken
                layers[head].units -= taken
                if layers[head].units <= zeroTolerance * max(1, taken) { head += 1 }
            }
        }
        var result: [Int: ComponentDependency] = [:]
        for i in users {
            result[i] = ComponentDependency(
                item: component.id, drawn: drawnBy[i]!.map(clean), domestic: domestic[i]!.map(clean),
                allied: allied[i]!.map(clean),
                byCountry: countries.map { (id: scenario.countries[$0].id, values: byCountry[i]![$0]!.map(clean)) },
                fromInitialInventory: stock[i]!.map(clean))
        }
        return result
    }
}
