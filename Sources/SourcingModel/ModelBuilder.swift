import LinearSolver
import SourcingScenario

// The formulation of ../shared/design/scenario-format.md, turned into flat arrays in one pass.
// Rows and columns are added in a fixed order (sources, then items, then policy rows), so the
// same scenario always gives the same program. Nothing here calls GLPK. This file holds the
// builder, orders, balance, capacity, fixed cost and minimum order, and the budget (format:
// "Formulation"); the rules of the other sections are extensions by section:
// ModelBuilder+Onshoring ("Phased onshoring"), +Resilience ("Resilience"), +Shares (domestic
// share, share caps, minimum sources and countries), +Links ("Components", "Capacity pools") and
// +Bounds (the big-M of indicator rows).

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
    var budgetRows: [RowID?]
    /// What each source's order (or reserve) in each period can be bounded by; infinity for none.
    var orderBound: [[Double]] = []
    /// Rows of each capacity pool per period (nil where the pool has no term); ModelBuilder+Links.
    var poolRows: [[RowID?]] = []

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
        let none = [ColumnID?](repeating: nil, count: T)
        let noRows = [RowID?](repeating: nil, count: T)
        sourceColumns = scenario.sources.map { _ in
            PlanningModel.SourceColumns(
                order: none, reserve: none, minOrderBinary: none, mayWork: none, invest: none,
                transferDone: none, capacityRow: noRows)
        }
        itemColumns = []
        budgetRows = noRows
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
    func orderColumn(_ s: Int, deliveringIn t: Int) -> ColumnID? {
        let τ = t - scenario.sources[s].leadTime
        return τ >= 0 ? sourceColumns[s].order[τ] : nil
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
            // The reserve cost is charged on r − x, the unused reserve (addReserves): −reserveCost here.
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
            if item.resilience != nil { addReserves(of: s, periods: first...last) }
        }
    }

    /// Inventory, backlog and the balance row of every item and period:
    /// I[t] − B[t] − I[t−1] + B[t−1] − Σ deliveries[t] = −d[t] (+ initial inventory at t = 0).
    mutating func addItemColumnsAndBalance() {
        for (i, item) in scenario.items.enumerated() {
            var columns = PlanningModel.ItemColumns(
                inventory: [], backlog: Array(repeating: nil, count: T), balanceRow: [])
            for t in 0..<T {
                columns.inventory.append(
                    model.addColumn(
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
                if let backlog = columns.backlog[t] { model.addEntry(row: row, column: backlog, value: -1) }
                if t > 0 {
                    model.addEntry(row: row, column: columns.inventory[t - 1], value: -1)
                    if let backlog = columns.backlog[t - 1] { model.addEntry(row: row, column: backlog, value: 1) }
                }
                for s in eligibleSourcesOfItem[i] {
                    if let x = orderColumn(s, deliveringIn: t) { model.addEntry(row: row, column: x, value: -1) }
                }
                relaxable.append(.init(row: row, sign: -1, rule: .demand, item: i, period: t))
            }
            itemColumns.append(columns)
        }
    }

    /// Capacity (format: "Formulation", Capacity): `starts` bounds each order (a column bound);
    /// `concurrent` bounds the units in work in every period. An onshoring line gets may-work
    /// binaries, its capacity counted along its ramp-up and, for a warm line, a sustaining floor
    /// (ModelBuilder+Onshoring). Where resilience applies, capacity is written on the reserves.
    mutating func addCapacity(of s: Int) {
        let source = scenario.sources[s]
        if let onshoring = source.onshoring {
            let mayWork = addMayWork(of: s, onshoring)
            addRampUpCapacity(of: s, mayWork: mayWork)
            if let rate = onshoring.sustainingRate, rate > 0 { addSustainingFloor(of: s, rate: rate, mayWork: mayWork) }
            return
        }
        let window = capacityWindow(of: s)
        guard window > 1 else { return }  // starts: the column bound is the capacity
        let columns = capacityColumns(of: s)
        for t in 0..<T {
            let terms = inWork(columns, t, window: window)
            guard !terms.isEmpty else { continue }
            let row = model.addRow(upper: source.capacity[t], name: name("capacity", source.id, label(t)))
            for column in terms { model.addEntry(row: row, column: column, value: 1) }
            sourceColumns[s].capacityRow[t] = row
        }
    }

    /// How many order periods are in work in a period: max(L, 1) for `concurrent` capacity, 1 for `starts`.
    func capacityWindow(of s: Int) -> Int {
        let source = scenario.sources[s]
        return source.capacityMode == .concurrent ? max(source.leadTime, 1) : 1
    }

    /// The columns a source's capacity is written on: its reserves where resilience applies, else its orders.
    func capacityColumns(of s: Int) -> [ColumnID?] {
        hasResilience(s) ? sourceColumns[s].reserve : sourceColumns[s].order
    }

    /// The columns of `list` (per order period) in work in period t: those of the last `window` periods.
    func inWork(_ list: [ColumnID?], _ t: Int, window: Int) -> [ColumnID] {
        (max(0, t - window + 1)...t).compactMap { list[$0] }
    }

    /// Fixed cost (x[t] ≤ M[t]·y) and minimum order (m·o[t] ≤ x[t] ≤ M[t]·o[t]); M is the period's
    /// capacity, or less where the item cannot use that much (`bigM`, ModelBuilder+Bounds.swift),
    /// never an arbitrary constant. Binaries bind orders only.
    mutating func addFixedCostAndMinimumOrder(of s: Int) {
        let source = scenario.sources[s]
        let orders = sourceColumns[s].order
        if source.fixedCost > 0, orders.contains(where: { $0 != nil }) {
            let y = model.addColumn(
                upper: 1, objective: source.fixedCost, kind: .binary, name: name("opens", source.id))
            sourceColumns[s].fixedCostBinary = y
            for t in 0..<T where source.capacity[t] > 0 {
                guard let x = orders[t] else { continue }
                let row = model.addRow(upper: 0, name: name("fixedCost", source.id, label(t)))
                model.addEntry(row: row, column: x, value: 1)
                let bound = bigM(s, t)  // 0: nothing the item can use, x ≤ 0
                if bound > 0 { model.addEntry(row: row, column: y, value: -bound) }
            }
        }
        if source.minOrder > 0 {
            for t in 0..<T {
                guard let x = orders[t] else { continue }
                let capacity = source.capacity[t]
                if capacity < source.minOrder {
                    model.setColumnBounds(x, lower: 0, upper: 0)  // too small to take an order
                    continue
                }
                let o = model.addColumn(upper: 1, kind: .binary, name: name("ordersIn", source.id, label(t)))
                sourceColumns[s].minOrderBinary[t] = o
                let low = model.addRow(upper: 0, name: name("minOrder", source.id, label(t)))
                model.addEntry(row: low, column: o, value: source.minOrder)
                model.addEntry(row: low, column: x, value: -1)
                let high = model.addRow(upper: 0, name: name("orderIfChosen", source.id, label(t)))
                model.addEntry(row: high, column: x, value: 1)
                model.addEntry(row: high, column: o, value: -bigM(s, t))  // ≥ minOrder > 0
            }
        }
    }

    /// The per-period budget over all items (format: "Formulation", Budget): procurement after
    /// cost share, facility investment, reserve cost on the unused reserve (r − x, as in the
    /// objective: addReserves), and fixed costs in the first period, undiscounted.
    mutating func addBudget() {
        guard let budget = scenario.policy.budget else { return }
        for t in 0..<T {
            var entries: [(ColumnID, Double)] = []
            for (s, source) in scenario.sources.enumerated() where eligible[s] {
                let columns = sourceColumns[s]
                let reserveCost = hasResilience(s) ? source.reserveCost : 0
                if let x = columns.order[t] {
                    let value = source.costShare * source.unitCost[t] - reserveCost
                    if value != 0 { entries.append((x, value)) }
                }
                if let r = columns.reserve[t], reserveCost != 0 { entries.append((r, reserveCost)) }
                if let v = columns.invest[t], let cost = source.onshoring?.facility?.cost, cost != 0 {
                    entries.append((v, cost))
                }
                if t == 0, let y = columns.fixedCostBinary { entries.append((y, source.fixedCost)) }
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
    var name = String(
        String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "_" : $0 }))
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
