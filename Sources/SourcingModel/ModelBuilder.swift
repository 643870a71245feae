import LinearSolver
import SourcingScenario

// The formulation of ../shared/design/scenario-format.md, turned into flat arrays in one pass.
// Rows and columns are added in a fixed order (sources, then items, then policy rows), so the
// same scenario always gives the same program. Nothing here calls GLPK.

extension PlanningModel {
    /// Builds the program of the formulation for a validated scenario.
    ///
    /// - Parameters:
    ///   - scenario: a scenario that passed validation (every reference resolves).
    ///   - names: give rows and columns readable names (`order[rauma-yard,FY27]`). Names cost
    ///     time on large models and are needed only to export the model or to read GLPK's output.
    ///   - tightBigM: bound orders in indicator rows by what the item can use as well as by
    ///     capacity (ModelBuilder+Bounds.swift). Off only for a program whose columns will be
    ///     fixed at values from another scenario's plan (a re-plan after a disruption).
    ///   - demandMargin: units added to every item's demand in every period when those bounds
    ///     are computed, for a program whose demand rows will be moved by up to that much.
    public init(scenario: Scenario, names: Bool = false, tightBigM: Bool = true, demandMargin: Double = 0) {
        var builder = ModelBuilder(scenario: scenario, names: names, tightBigM: tightBigM, demandMargin: demandMargin)
        builder.build()
        self = builder.result()
    }
}

struct ModelBuilder {
    let scenario: Scenario
    let names: Bool
    /// Whether indicator rows use `orderBound` (ModelBuilder+Bounds.swift), and its demand margin.
    let tightBigM: Bool
    let demandMargin: Double
    let T: Int
    let discount: [Double]
    let eligible: [Bool]
    /// Country and item index of each source.
    let sourceCountry: [Int]
    let sourceItem: [Int]
    /// Eligible sources of each item, in scenario order.
    let eligibleSourcesOfItem: [[Int]]

    var model = LinearModel()
    var sourceColumns: [PlanningModel.SourceColumns]
    var itemColumns: [PlanningModel.ItemColumns]
    var relaxable: [PlanningModel.RelaxableRow] = []
    var budgetRows: [Int]
    /// What each source's order (or reserve) in each period can be bounded by; infinity for none.
    var orderBound: [[Double]] = []
    /// Rows of each capacity pool per period (-1 where the pool has no term); ModelBuilder+Links.
    var poolRows: [[Int]] = []

    init(scenario: Scenario, names: Bool, tightBigM: Bool = true, demandMargin: Double = 0) {
        self.scenario = scenario
        self.names = names
        self.tightBigM = tightBigM
        self.demandMargin = demandMargin
        T = scenario.periodCount
        let rate = scenario.discountRate
        var weights: [Double] = []
        weights.reserveCapacity(T)
        var weight = 1.0
        for _ in 0..<T {
            weights.append(weight)
            weight /= (1 + rate)
        }
        discount = weights
        eligible = scenario.sources.indices.map { scenario.isEligible(source: $0) }
        var countryIndex: [String: Int] = [:]
        for (index, country) in scenario.countries.enumerated() { countryIndex[country.id] = index }
        var itemIndex: [String: Int] = [:]
        for (index, item) in scenario.items.enumerated() { itemIndex[item.id] = index }
        sourceCountry = scenario.sources.map { countryIndex[$0.country] ?? 0 }
        sourceItem = scenario.sources.map { itemIndex[$0.item] ?? 0 }
        var bySource = Array(repeating: [Int](), count: scenario.items.count)
        for s in scenario.sources.indices where eligible[s] { bySource[sourceItem[s]].append(s) }
        eligibleSourcesOfItem = bySource
        let none = Array(repeating: -1, count: T)
        sourceColumns = scenario.sources.map { _ in
            PlanningModel.SourceColumns(
                order: none, reserve: none, minOrderBinary: none, mayWork: none, invest: none,
                transferDone: none, capacityRow: none)
        }
        itemColumns = []
        budgetRows = none
    }

    func result() -> PlanningModel {
        var members = Array(repeating: [Int](), count: scenario.items.count)
        for s in scenario.sources.indices { members[sourceItem[s]].append(s) }
        var planning = PlanningModel(
            scenario: scenario, model: model, sourceColumns: sourceColumns, itemColumns: itemColumns,
            budgetRows: budgetRows, discount: discount, eligible: eligible, sourceItem: sourceItem,
            sourceCountry: sourceCountry, sourcesOfItem: members)
        planning.relaxableRows = relaxable
        planning.poolRows = poolRows
        return planning
    }

    // MARK: Names (built only when asked for)

    // Fixed arities with autoclosures: without names, no part is formatted and no array is made
    // (a variadic call allocated one per row and column).
    @inline(__always)
    func name(_ kind: String, _ a: @autoclosure () -> String) -> String? {
        names ? solverName("\(kind)[\(a())]") : nil
    }

    @inline(__always)
    func name(_ kind: String, _ a: @autoclosure () -> String, _ b: @autoclosure () -> String) -> String? {
        names ? solverName("\(kind)[\(a()),\(b())]") : nil
    }

    @inline(__always)
    func name(
        _ kind: String, _ a: @autoclosure () -> String, _ b: @autoclosure () -> String, _ c: @autoclosure () -> String
    ) -> String? {
        names ? solverName("\(kind)[\(a()),\(b()),\(c())]") : nil
    }

    func label(_ t: Int) -> String { scenario.periods[t] }

    // MARK: Build

    mutating func build() {
        let sources = scenario.sources
        var estimate = 0
        for s in sources.indices where eligible[s] { estimate += T }
        model.reserve(
            columns: estimate * 2 + scenario.items.count * T * 2,
            rows: estimate * 2 + scenario.items.count * T * 2,
            nonzeros: estimate * 8 + scenario.items.count * T * 4)

        addOrderColumns()
        orderBound = orderBounds()
        addItemColumnsAndBalance()
        for s in sources.indices where eligible[s] {
            addCapacity(of: s)
            addFixedCostAndMinimumOrder(of: s)
        }
        addComponentDraws()
        addCapacityPools()
        for i in scenario.items.indices {
            addDomesticShare(of: i)
            addShareCaps(of: i)
            addMinimumSourcesAndCountries(of: i)
            addResilienceCoverage(of: i)
        }
        addBudget()
    }

    /// The period whose orders deliver in `t` for source `s`, if it has an order column there.
    func orderColumn(_ s: Int, deliveringIn t: Int) -> Int? {
        let τ = t - scenario.sources[s].leadTime
        guard τ >= 0 else { return nil }
        let column = sourceColumns[s].order[τ]
        return column >= 0 ? column : nil
    }

    func hasResilience(_ s: Int) -> Bool { scenario.items[sourceItem[s]].resilience != nil }

    /// Orders x[s,t] (and reserves r[s,t] where resilience applies), for every eligible source and
    /// every period whose order delivers inside the horizon and lies inside the availability window.
    mutating func addOrderColumns() {
        for (s, source) in scenario.sources.enumerated() where eligible[s] {
            let item = scenario.items[sourceItem[s]]
            let first = source.availableFrom ?? 0
            let last = min(source.availableUntil ?? (T - 1), T - 1 - source.leadTime)
            guard first <= last else { continue }
            let reserveCost = item.resilience != nil ? source.reserveCost : 0
            for t in first...last {
                // Whole-unit orders can never exceed the whole part of a fractional capacity,
                // and GLPK rejects integer columns with fractional bounds.
                let capacity = item.integerUnits ? (source.capacity[t] + 1e-9).rounded(.down) : source.capacity[t]
                let cost = discount[t] * (source.costShare * source.unitCost[t] - reserveCost)
                sourceColumns[s].order[t] = model.addColumn(
                    lower: 0, upper: capacity, objective: cost,
                    kind: item.integerUnits ? .integer : .continuous,
                    name: name("order", source.id, label(t)))
            }
            guard item.resilience != nil else { continue }
            for t in first...last {
                let r = model.addColumn(
                    lower: 0, upper: source.capacity[t], objective: discount[t] * reserveCost,
                    name: name("reserve", source.id, label(t)))
                sourceColumns[s].reserve[t] = r
                // Orders draw on the reserve: x ≤ r.
                let row = model.addRow(upper: 0, name: name("reserveHolds", source.id, label(t)))
                model.addEntry(row: row, column: sourceColumns[s].order[t], value: 1)
                model.addEntry(row: row, column: r, value: -1)
            }
        }
    }

    /// Inventory, backlog and the balance row of every item and period:
    /// I[t] − B[t] − I[t−1] + B[t−1] − Σ deliveries[t] = −d[t] (+ initial inventory at t = 0).
    mutating func addItemColumnsAndBalance() {
        for (i, item) in scenario.items.enumerated() {
            var columns = PlanningModel.ItemColumns(
                inventory: [], backlog: Array(repeating: -1, count: T), balanceRow: [])
            for t in 0..<T {
                columns.inventory.append(model.addColumn(
                    objective: discount[t] * item.holdingCost, name: name("inventory", item.id, label(t))))
                if let penalty = item.backlogPenalty {
                    let isLast = t == T - 1
                    var cost = discount[t] * penalty
                    if isLast, let unmet = item.unmetPenalty { cost += discount[t] * unmet }
                    let upper = isLast && item.unmetPenalty == nil ? 0 : Double.infinity
                    columns.backlog[t] = model.addColumn(
                        upper: upper, objective: cost, name: name("backlog", item.id, label(t)))
                }
            }
            for t in 0..<T {
                let rhs = -item.demand[t] + (t == 0 ? item.initialInventory : 0)
                let row = model.addRow(lower: rhs, upper: rhs, name: name("balance", item.id, label(t)))
                columns.balanceRow.append(row)
                model.addEntry(row: row, column: columns.inventory[t], value: 1)
                if columns.backlog[t] >= 0 { model.addEntry(row: row, column: columns.backlog[t], value: -1) }
                if t > 0 {
                    model.addEntry(row: row, column: columns.inventory[t - 1], value: -1)
                    if columns.backlog[t - 1] >= 0 {
                        model.addEntry(row: row, column: columns.backlog[t - 1], value: 1)
                    }
                }
                for s in eligibleSourcesOfItem[i] {
                    if let x = orderColumn(s, deliveringIn: t) { model.addEntry(row: row, column: x, value: -1) }
                }
                relaxable.append(.init(row: row, sign: -1, rule: .demand, item: i, period: t))
            }
            itemColumns.append(columns)
        }
    }

    /// Capacity: `starts` bounds each order (a column bound); `concurrent` bounds the units in
    /// work in every period. Onshoring lines get may-work binaries, ramp-up and a sustaining floor.
    /// Where resilience applies, capacity is written on the reserves.
    mutating func addCapacity(of s: Int) {
        let source = scenario.sources[s]
        let columns = sourceColumns[s]
        let capacityColumns = hasResilience(s) ? columns.reserve : columns.order
        let window = source.capacityMode == .concurrent ? max(source.leadTime, 1) : 1
        func inWork(_ list: [Int], _ t: Int) -> [Int] {
            (max(0, t - window + 1)...t).compactMap { list[$0] >= 0 ? list[$0] : nil }
        }

        guard let onshoring = source.onshoring else {
            guard window > 1 else { return }  // starts: the column bound is the capacity
            for t in 0..<T {
                let terms = inWork(capacityColumns, t)
                guard !terms.isEmpty else { continue }
                let row = model.addRow(upper: source.capacity[t], name: name("capacity", source.id, label(t)))
                for column in terms { model.addEntry(row: row, column: column, value: 1) }
                sourceColumns[s].capacityRow[t] = row
            }
            return
        }

        let mayWork = addMayWork(of: s, onshoring)
        // Capacity of the line t periods into its life: ramp-up step j, capped by capacity K[t].
        func limit(_ t: Int, _ j: Int) -> Double { source.capacityInForce(period: t, linePeriod: j) }
        // At most one w[τ] − w[τ−1] is 1 (the first period the line may work), so
        // Σ_τ w[τ]·(c(t, t−τ) − c(t, t−τ−1)) is the capacity in t counted from that start.
        // The may-work rows are indicator rows too: each limit is capped by the most the units in
        // work can usefully be, Σ of the window's order bounds (ModelBuilder+Bounds.swift). The
        // sum telescopes to the capped limit of the start period whatever the cap.
        for t in 0..<T {
            let terms = inWork(capacityColumns, t)
            guard !terms.isEmpty else { continue }
            let useful = (max(0, t - window + 1)...t).reduce(0.0) { sum, τ in
                capacityColumns[τ] >= 0 ? sum + orderBound[s][τ] : sum
            }
            func capped(_ j: Int) -> Double { min(limit(t, j), useful) }
            let row = model.addRow(upper: 0, name: name("capacity", source.id, label(t)))
            for column in terms { model.addEntry(row: row, column: column, value: 1) }
            for τ in 0...t {
                let coefficient = capped(t - τ) - capped(t - τ - 1)
                if coefficient != 0 { model.addEntry(row: row, column: mayWork[τ], value: -coefficient) }
            }
            sourceColumns[s].capacityRow[t] = row
        }
        if let rate = onshoring.sustainingRate, rate > 0 {
            // A warm line: once it may work, it starts (or keeps in work) at least
            // min(rate, capacity) in every period in which it can still place an order.
            func floor(_ t: Int, _ j: Int) -> Double { j < 0 ? 0 : min(rate, limit(t, j)) }
            sourceColumns[s].sustainRow = Array(repeating: -1, count: T)
            for t in 0..<T where columns.order[t] >= 0 {
                let row = model.addRow(lower: 0, name: name("sustain", source.id, label(t)))
                sourceColumns[s].sustainRow[t] = row
                for column in inWork(columns.order, t) { model.addEntry(row: row, column: column, value: 1) }
                for τ in 0...t {
                    let coefficient = floor(t, t - τ) - floor(t, t - τ - 1)
                    if coefficient != 0 { model.addEntry(row: row, column: mayWork[τ], value: -coefficient) }
                }
            }
        }
    }

    /// The monotone may-work binaries w[t] of an onshoring line, limited by the transfer
    /// (w[t] ≤ z[t−1], z[t] = 1 only once N transfer units are delivered through t) and by the
    /// facility (w[t] ≤ Σ_{τ ≤ t − buildTime} v[τ], Σ v ≤ 1).
    mutating func addMayWork(of s: Int, _ onshoring: Onshoring) -> [Int] {
        let source = scenario.sources[s]
        var w: [Int] = []
        for t in 0..<T {
            w.append(model.addColumn(upper: 1, kind: .binary, name: name("mayWork", source.id, label(t))))
        }
        for t in 0..<(T - 1) {
            let row = model.addRow(upper: 0, name: name("mayWorkStays", source.id, label(t)))
            model.addEntry(row: row, column: w[t], value: 1)
            model.addEntry(row: row, column: w[t + 1], value: -1)
        }
        if let transfer = onshoring.transfer {
            let fromSources = transfer.fromSources.compactMap { scenario.sourceIndex($0) }
            model.setColumnBounds(w[0], lower: 0, upper: 0)  // never in period 0
            var z = Array(repeating: -1, count: T)
            for t in 0..<(T - 1) {
                z[t] = model.addColumn(upper: 1, kind: .binary, name: name("transferDone", source.id, label(t)))
                // Σ_{s' ∈ from} Σ_{τ ≤ t} deliveries[s', τ] − N·z[t] ≥ 0
                let row = model.addRow(lower: 0, name: name("transfer", source.id, label(t)))
                for from in fromSources where eligible[from] {
                    for τ in 0...t {
                        if let x = orderColumn(from, deliveringIn: τ) { model.addEntry(row: row, column: x, value: 1) }
                    }
                }
                model.addEntry(row: row, column: z[t], value: -Double(transfer.units))
                let link = model.addRow(upper: 0, name: name("afterTransfer", source.id, label(t + 1)))
                model.addEntry(row: link, column: w[t + 1], value: 1)
                model.addEntry(row: link, column: z[t], value: -1)
            }
            sourceColumns[s].transferDone = z
        }
        if let facility = onshoring.facility {
            var v = Array(repeating: -1, count: T)
            let lastUseful = T - 1 - facility.buildTime
            if facility.earliest <= lastUseful {
                let once = model.addRow(upper: 1, name: name("investOnce", source.id))
                for τ in facility.earliest...lastUseful {
                    v[τ] = model.addColumn(
                        upper: 1, objective: discount[τ] * facility.cost, kind: .binary,
                        name: name("invest", source.id, label(τ)))
                    model.addEntry(row: once, column: v[τ], value: 1)
                }
            }
            for t in 0..<T {
                let ready = t - facility.buildTime
                if ready < facility.earliest {
                    model.setColumnBounds(w[t], lower: 0, upper: 0)
                    continue
                }
                let row = model.addRow(upper: 0, name: name("facilityReady", source.id, label(t)))
                model.addEntry(row: row, column: w[t], value: 1)
                for τ in facility.earliest...ready where v[τ] >= 0 {
                    model.addEntry(row: row, column: v[τ], value: -1)
                }
            }
            sourceColumns[s].invest = v
        }
        sourceColumns[s].mayWork = w
        return w
    }

    /// Fixed cost (x[t] ≤ M[t]·y) and minimum order (m·o[t] ≤ x[t] ≤ M[t]·o[t]); M is the period's
    /// capacity, or less where the item cannot use that much (`bigM`, ModelBuilder+Bounds.swift),
    /// never an arbitrary constant. Binaries bind orders only.
    mutating func addFixedCostAndMinimumOrder(of s: Int) {
        let source = scenario.sources[s]
        let orders = sourceColumns[s].order
        if source.fixedCost > 0, orders.contains(where: { $0 >= 0 }) {
            let y = model.addColumn(upper: 1, objective: source.fixedCost, kind: .binary, name: name("opens", source.id))
            sourceColumns[s].fixedCostBinary = y
            for t in 0..<T where orders[t] >= 0 && source.capacity[t] > 0 {
                let row = model.addRow(upper: 0, name: name("fixedCost", source.id, label(t)))
                model.addEntry(row: row, column: orders[t], value: 1)
                let bound = bigM(s, t)  // 0: nothing the item can use, x ≤ 0
                if bound > 0 { model.addEntry(row: row, column: y, value: -bound) }
            }
        }
        if source.minOrder > 0 {
            for t in 0..<T where orders[t] >= 0 {
                let capacity = source.capacity[t]
                if capacity < source.minOrder {
                    model.setColumnBounds(orders[t], lower: 0, upper: 0)  // too small to take an order
                    continue
                }
                let o = model.addColumn(upper: 1, kind: .binary, name: name("ordersIn", source.id, label(t)))
                sourceColumns[s].minOrderBinary[t] = o
                let low = model.addRow(upper: 0, name: name("minOrder", source.id, label(t)))
                model.addEntry(row: low, column: o, value: source.minOrder)
                model.addEntry(row: low, column: orders[t], value: -1)
                let high = model.addRow(upper: 0, name: name("orderIfChosen", source.id, label(t)))
                model.addEntry(row: high, column: orders[t], value: 1)
                model.addEntry(row: high, column: o, value: -bigM(s, t))  // ≥ minOrder > 0
            }
        }
    }

    /// Domestic share in units delivered: Σ (dc − min)·q ≥ 0 and Σ (max − dc)·q ≥ 0, per period
    /// from `from`, or summed over those periods.
    mutating func addDomesticShare(of i: Int) {
        let item = scenario.items[i]
        guard let rule = item.domesticShare, rule.from < T else { return }
        let groups: [[Int]] = rule.over == .period ? (rule.from..<T).map { [$0] } : [Array(rule.from..<T)]
        let sources = scenario.sources
        for periods in groups {
            let period = rule.over == .period ? periods[0] : nil
            let where_ = period.map { label($0) } ?? "horizon"
            if let low = rule.min {
                addShareRow(i, periods, name: name("domesticShareMin", item.id, where_), rule: .domesticShareMin, period: period) {
                    sources[$0].domesticContent - low
                }
            }
            if let high = rule.max {
                addShareRow(i, periods, name: name("domesticShareMax", item.id, where_), rule: .domesticShareMax, period: period) {
                    high - sources[$0].domesticContent
                }
            }
        }
    }

    /// A row Σ_{t ∈ periods} Σ_s coefficient(s)·q[s,t] ≥ 0 over the eligible sources of item i.
    mutating func addShareRow(
        _ i: Int, _ periods: [Int], name rowName: String?, rule: PlanningModel.RelaxableRow.Rule,
        source: Int? = nil, country: Int? = nil, period: Int?, coefficient: (Int) -> Double
    ) {
        var entries: [(Int, Double)] = []
        for t in periods {
            for s in eligibleSourcesOfItem[i] {
                let value = coefficient(s)
                if value != 0, let x = orderColumn(s, deliveringIn: t) { entries.append((x, value)) }
            }
        }
        guard !entries.isEmpty else { return }
        let row = model.addRow(lower: 0, name: rowName)
        for (column, value) in entries { model.addEntry(row: row, column: column, value: value) }
        relaxable.append(.init(row: row, sign: 1, rule: rule, item: i, source: source, country: country, period: period))
    }

    /// Share caps on deliveries: α·Σ q − Σ q[s] ≥ 0 for each source, β likewise per foreign country.
    mutating func addShareCaps(of i: Int) {
        let item = scenario.items[i]
        let groups: [[Int]] = item.shareOver == .period ? (0..<T).map { [$0] } : [Array(0..<T)]
        let sourceCountry = self.sourceCountry
        if let alpha = item.maxSharePerSource, alpha < 1 {
            for s in eligibleSourcesOfItem[i] {
                for periods in groups {
                    let period = item.shareOver == .period ? periods[0] : nil
                    addShareRow(
                        i, periods, name: name("maxSharePerSource", scenario.sources[s].id, period.map { label($0) } ?? "horizon"),
                        rule: .maxSharePerSource, source: s, period: period
                    ) { $0 == s ? alpha - 1 : alpha }
                }
            }
        }
        if let beta = item.maxSharePerAlly, beta < 1 {
            for c in countriesWithEligibleSources(of: i) where !scenario.countries[c].domestic {
                for periods in groups {
                    let period = item.shareOver == .period ? periods[0] : nil
                    addShareRow(
                        i, periods, name: name("maxSharePerAlly", item.id, scenario.countries[c].id, period.map { label($0) } ?? "horizon"),
                        rule: .maxSharePerAlly, country: c, period: period
                    ) { sourceCountry[$0] == c ? beta - 1 : beta }
                }
            }
        }
    }

    func countriesWithEligibleSources(of i: Int) -> [Int] {
        let present = Set(eligibleSourcesOfItem[i].map { sourceCountry[$0] })
        return scenario.countries.indices.filter { present.contains($0) }
    }

    /// Minimum sources (and countries): binary u per candidate, Σ_t q ≥ minShare·D·u, Σ u ≥ count.
    mutating func addMinimumSourcesAndCountries(of i: Int) {
        let item = scenario.items[i]
        let totalDemand = item.demand.reduce(0, +)
        func addRule(_ rule: MinimumCount, kind: PlanningModel.RelaxableRow.Rule, candidates: [(id: String, sources: [Int])]) {
            let countRow = model.addRow(lower: Double(rule.count), name: name(kind.rawValue, item.id))
            relaxable.append(.init(row: countRow, sign: 1, rule: kind, item: i))
            for candidate in candidates {
                let u = model.addColumn(upper: 1, kind: .binary, name: name(kind.rawValue + "Counts", item.id, candidate.id))
                model.addEntry(row: countRow, column: u, value: 1)
                let row = model.addRow(lower: 0, name: name(kind.rawValue + "Delivers", item.id, candidate.id))
                for s in candidate.sources {
                    for t in 0..<T {
                        if let x = orderColumn(s, deliveringIn: t) { model.addEntry(row: row, column: x, value: 1) }
                    }
                }
                if totalDemand > 0 { model.addEntry(row: row, column: u, value: -rule.minShare * totalDemand) }
            }
        }
        if let rule = item.minSources {
            addRule(rule, kind: .minSources, candidates: eligibleSourcesOfItem[i].map { (scenario.sources[$0].id, [$0]) })
        }
        if let rule = item.minCountries {
            let candidates = countriesWithEligibleSources(of: i).map { c in
                (scenario.countries[c].id, eligibleSourcesOfItem[i].filter { sourceCountry[$0] == c })
            }
            addRule(rule, kind: .minCountries, candidates: candidates)
        }
    }

    /// N-1 coverage: for each period from `from` with demand and each country (or source) with an
    /// eligible source, Σ_{s outside} r[s, t−L] + I[t−1] − B[t−1] ≥ ρ·d[t]. A component covers its
    /// requirement, demand plus draw: − ρ·Σ perUnit·x[consumer, t] joins the left side, and
    /// periods with a draw column but no demand get a row too.
    mutating func addResilienceCoverage(of i: Int) {
        let item = scenario.items[i]
        guard let resilience = item.resilience, resilience.from < T else { return }
        let sources = eligibleSourcesOfItem[i]
        let groups: [(country: Int?, source: Int?, members: Set<Int>, id: String)]
        switch resilience.survive {
        case .anySingleCountry:
            groups = countriesWithEligibleSources(of: i).map { c in
                (c, nil, Set(sources.filter { sourceCountry[$0] == c }), scenario.countries[c].id)
            }
        case .anySingleSource:
            groups = sources.map { (nil, $0, [$0], scenario.sources[$0].id) }
        }
        let columns = itemColumns[i]
        let draws = componentDraws(onItem: i)
        for t in resilience.from..<T where item.demand[t] > 0 || !draws[t].isEmpty {
            for group in groups {
                var rhs = resilience.coverage * item.demand[t]
                if t == 0 { rhs -= item.initialInventory }
                let row = model.addRow(lower: rhs, name: name("survives", item.id, group.id, label(t)))
                for s in sources where !group.members.contains(s) {
                    let τ = t - scenario.sources[s].leadTime
                    if τ >= 0, sourceColumns[s].reserve[τ] >= 0 {
                        model.addEntry(row: row, column: sourceColumns[s].reserve[τ], value: 1)
                    }
                }
                if t > 0 {
                    model.addEntry(row: row, column: columns.inventory[t - 1], value: 1)
                    if columns.backlog[t - 1] >= 0 { model.addEntry(row: row, column: columns.backlog[t - 1], value: -1) }
                }
                for (x, perUnit) in draws[t] { model.addEntry(row: row, column: x, value: -resilience.coverage * perUnit) }
                relaxable.append(.init(
                    row: row, sign: 1, rule: .resilience, item: i, source: group.source, country: group.country, period: t))
            }
        }
    }

    /// The per-period budget over all items: procurement after cost share, facility investment,
    /// reserve cost, and fixed costs in the first period, undiscounted.
    mutating func addBudget() {
        guard let budget = scenario.policy.budget else { return }
        for t in 0..<T {
            var entries: [(Int, Double)] = []
            for (s, source) in scenario.sources.enumerated() where eligible[s] {
                let columns = sourceColumns[s]
                let reserveCost = hasResilience(s) ? source.reserveCost : 0
                if columns.order[t] >= 0 {
                    let value = source.costShare * source.unitCost[t] - reserveCost
                    if value != 0 { entries.append((columns.order[t], value)) }
                }
                if columns.reserve[t] >= 0, reserveCost != 0 { entries.append((columns.reserve[t], reserveCost)) }
                if columns.invest[t] >= 0, let cost = source.onshoring?.facility?.cost, cost != 0 {
                    entries.append((columns.invest[t], cost))
                }
                if t == 0, columns.fixedCostBinary >= 0 { entries.append((columns.fixedCostBinary, source.fixedCost)) }
            }
            let row = model.addRow(upper: budget[t], name: name("budget", label(t)))
            for (column, value) in entries { model.addEntry(row: row, column: column, value: value) }
            budgetRows[t] = row
            relaxable.append(.init(row: row, sign: -1, rule: .budget, period: t))
        }
    }
}

/// A name GLPK accepts: control characters replaced, and at most 255 bytes (a long name keeps
/// its start and gets a short digest of the whole, so names stay distinct).
func solverName(_ text: String) -> String {
    var name = String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "_" : $0 }))
    guard name.utf8.count > 255 else { return name }
    let digest = String(SHA256.hexDigest(Array(name.utf8)).prefix(12))
    var kept = ""
    for character in name {
        if kept.utf8.count + character.utf8.count > 240 { break }
        kept.append(character)
    }
    name = kept + "~" + digest
    return name
}
