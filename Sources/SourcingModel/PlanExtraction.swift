import Foundation
import LinearSolver
import SourcingScenario

// Solution → plan: reads the column values back through the model's maps and derives every
// figure of the plan (deliveries, shares, costs, redundancy, onshoring timeline).

/// Snaps solver noise so that plans read cleanly and compare byte for byte: values within 1e-9
/// (relative, at most 1e-6 absolute) of a whole number become that number, −0 becomes 0, and
/// every value keeps 12 significant digits. The simplex's tolerances are far coarser than 1e-12,
/// so the digits dropped are arithmetic noise, the kind that differs between a warm-started and
/// a cold solve, or a decomposed and a monolithic one, of the same optimum.
@inline(__always)
func clean(_ value: Double) -> Double {
    let rounded = value.rounded()
    if abs(value - rounded) <= min(1e-6, 1e-9 * max(1, abs(value))) { return rounded == 0 ? 0 : rounded }
    return significant(value)
}

/// A figure derived from a plan, cleaned the same way as the plan's own figures (12 significant
/// digits, solver noise near whole numbers snapped), for analyses that report their own ratios.
public func planFigure(_ value: Double) -> Double { clean(value) }

private let powersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }

/// `value` rounded to 12 significant digits (exact powers of ten, so the result is the double
/// nearest to the 12-digit decimal and prints as it).
func significant(_ value: Double) -> Double {
    guard value != 0, value.isFinite else { return value }
    let shift = 11 - Int(log10(abs(value)).rounded(.down))
    if shift >= 0 && shift <= 22 { return (value * powersOfTen[shift]).rounded() / powersOfTen[shift] }
    if shift < 0 && -shift <= 22 { return (value / powersOfTen[-shift]).rounded() * powersOfTen[-shift] }
    return value
}

/// Tolerance below which a quantity counts as zero.
let zeroTolerance = 1e-6

extension PlanningModel {
    /// The plan for a solution of this model, solved by `problem` (a problem loaded from
    /// `model`, or changed in step with it). Adds no diagnosis or sensitivity, except for a
    /// solution whose values fail the check against `model`: never made into a plan, it gives
    /// status `error` with a diagnosis saying what failed. The check is the solution's own
    /// ``Solution/verification`` (from `LinearProblem.solveVerified`), or made here.
    public func makePlan(
        solution: Solution, problem: LinearProblem, identity: ScenarioIdentity, options: PlanOptions
    ) -> Plan {
        var status = PlanStatus(solution.termination)
        var verification = solution.verification
        if status.hasPlan, verification == nil { verification = model.verify(columnValues: solution.columnValues) }
        let refused = status.hasPlan && verification?.isVerified != true
        if refused { status = .error }
        let figures = SolverFigures(
            rows: problem.rowCount, columns: problem.columnCount, nonzeros: problem.nonzeroCount,
            integerColumns: problem.integerColumnCount, seconds: solution.seconds,
            glpkVersion: GLPK.version, settings: options.settings(for: scenario, isMIP: problem.isMIP),
            verified: status.hasPlan,
            maxViolation: verification.flatMap { SolverFigures.reported(violation: $0.maxViolation) })
        let values = status.hasPlan ? solution.columnValues : []
        var plan = makePlan(
            values: values, status: status, mipGap: problem.isMIP && status.hasPlan ? solution.mipGap.map(clean) : nil,
            identity: identity, figures: figures)
        if refused, let verification {
            plan.diagnosis = [Diagnosis(rule: .error, message: unverifiedMessage(verification))]
        }
        return plan
    }

    /// Why a solution was refused, naming the scenario's rule behind the row or column
    /// (the model is rebuilt with names for that, which only this rare path pays for).
    func unverifiedMessage(_ verification: Verification) -> String {
        var verification = verification
        if var worst = verification.worst, worst.name == nil {
            let named = PlanningModel(scenario: scenario, names: true).model
            let names = worst.rule == .rowBound ? named.rowNames : named.columnNames
            if let names, names.indices.contains(worst.index) { worst.name = names[worst.index] }
            verification.worst = worst
        }
        return "GLPK's answer breaks the scenario's rules, so it is not used: \(verification)"
    }

    /// The plan for a vector of column values (empty when there is no plan).
    func makePlan(
        values: [Double], status: PlanStatus, mipGap: Double?, identity: ScenarioIdentity, figures: SolverFigures
    ) -> Plan {
        let T = scenario.periodCount
        let hasValues = !values.isEmpty
        // A column's value; 0 where there is no column (or no plan).
        func value(_ column: ColumnID?) -> Double {
            guard hasValues, let column else { return 0 }
            return clean(values[column.index])
        }
        let zeros = Array(repeating: 0.0, count: T)

        // Sources: orders, deliveries, utilisation, reserves.
        var sources: [SourcePlan] = []
        var costs = CostBreakdown()
        // Undiscounted spending per period, as the budget rows count it.
        var spending = zeros
        for (s, source) in scenario.sources.enumerated() {
            let columns = sourceColumns[s]
            let item = scenario.items[sourceItem[s]]
            let orders = columns.order.map(value)
            var deliveries = zeros
            for t in 0..<T where t + source.leadTime < T { deliveries[t + source.leadTime] = orders[t] }
            let window = source.capacityMode == .concurrent ? max(source.leadTime, 1) : 1
            var utilization: [Double?] = []
            for t in 0..<T {
                let capacity = source.capacity[t]
                guard capacity > 0 else {
                    utilization.append(nil)
                    continue
                }
                let inWork = orders[max(0, t - window + 1)...t].reduce(0, +)
                utilization.append(clean(inWork / capacity))
            }
            let reserve: [Double]? = item.resilience != nil ? columns.reserve.map(value) : nil
            var plan = SourcePlan(
                id: source.id, country: source.country, item: source.item, orders: orders,
                deliveries: deliveries, utilization: utilization, used: orders.contains { $0 > zeroTolerance },
                reserve: reserve)
            plan.name = source.name
            sources.append(plan)

            let reserveCost = item.resilience != nil ? source.reserveCost : 0
            for t in 0..<T {
                let procurement = source.costShare * source.unitCost[t] * orders[t]
                costs.procurement += discount[t] * procurement
                spending[t] += procurement
                if let reserve {
                    costs.reserve += discount[t] * reserveCost * (reserve[t] - orders[t])
                    spending[t] += reserveCost * (reserve[t] - orders[t])
                }
                if columns.invest[t] != nil, let facility = source.onshoring?.facility {
                    costs.investment += discount[t] * facility.cost * value(columns.invest[t])
                    spending[t] += facility.cost * value(columns.invest[t])
                }
            }
            costs.fixed += source.fixedCost * value(columns.fixedCostBinary)
            spending[0] += source.fixedCost * value(columns.fixedCostBinary)
        }

        // Items: deliveries by country and source, stock, shares, redundancy.
        var items: [ItemPlan] = []
        for (i, item) in scenario.items.enumerated() {
            let columns = itemColumns[i]
            let members = sourcesOfItem[i]
            var delivered = zeros
            var domestic = zeros
            for s in members {
                for t in 0..<T {
                    delivered[t] += sources[s].deliveries[t]
                    domestic[t] += scenario.sources[s].domesticContent * sources[s].deliveries[t]
                }
            }
            delivered = delivered.map(clean)
            domestic = domestic.map(clean)
            var countryDeliveries: [Int: [Double]] = [:]
            for s in members {
                var values = countryDeliveries[sourceCountry[s]] ?? zeros
                for t in 0..<T { values[t] += sources[s].deliveries[t] }
                countryDeliveries[sourceCountry[s]] = values
            }
            let byCountry = countryDeliveries.keys.sorted().map { c in
                (id: scenario.countries[c].id, values: countryDeliveries[c]!.map(clean))
            }
            let bySource = members.map { (id: scenario.sources[$0].id, values: sources[$0].deliveries) }
            let inventory = columns.inventory.map(value)
            let backlog = columns.backlog.map(value)
            for t in 0..<T {
                costs.holding += discount[t] * item.holdingCost * inventory[t]
                costs.backlog += discount[t] * (item.backlogPenalty ?? 0) * backlog[t]
            }
            if let unmet = item.unmetPenalty { costs.unmet += discount[T - 1] * unmet * backlog[T - 1] }
            var itemPlan = ItemPlan(
                id: item.id, demand: item.demand, delivered: delivered, domestic: domestic,
                allied: zip(delivered, domestic).map { clean($0 - $1) },
                byCountry: byCountry, bySource: bySource, inventory: inventory, backlog: backlog,
                domesticShare: zip(domestic, delivered).map { $1 > zeroTolerance ? clean($0 / $1) : nil },
                redundancy: redundancy(of: i, sources: sources, inventory: inventory, backlog: backlog))
            itemPlan.name = item.name
            itemPlan.unit = item.unit
            items.append(itemPlan)
        }

        let pools = addLinkFigures(to: &items, sources: sources)
        let onshoring = scenario.sources.indices.compactMap { s in
            timeline(of: s, sources: sources, value: value)
        }
        let excluded = scenario.sources.indices.compactMap { s -> ExcludedSource? in
            let reasons = scenario.exclusionReasons(ofSource: s)
            return reasons.isEmpty
                ? nil : ExcludedSource(source: scenario.sources[s].id, reasons: reasons.map(\.rawValue))
        }
        costs = CostBreakdown(cleaning: costs)
        var plan = Plan(
            scenario: identity, status: status, objective: status.hasPlan ? clean(costs.total) : nil,
            mipGap: mipGap, costs: costs, periods: scenario.periods, items: items, sources: sources,
            onshoring: onshoring, excluded: excluded, capacityPools: pools, solver: figures)
        plan.currency = scenario.currency
        plan.spending = spending.map(clean)
        plan.budget = scenario.policy.budget
        return plan
    }

    /// Redundancy figures of item i over the horizon.
    func redundancy(of i: Int, sources: [SourcePlan], inventory: [Double], backlog: [Double]) -> Redundancy {
        let item = scenario.items[i]
        let T = scenario.periodCount
        let members = sourcesOfItem[i]
        let totals = members.map { sources[$0].deliveries.reduce(0, +) }
        let total = totals.reduce(0, +)
        var unitsByCountry: [Int: Double] = [:]
        for (s, units) in zip(members, totals) { unitsByCountry[sourceCountry[s], default: 0] += units }
        let byCountry = unitsByCountry.keys.sorted().map { (country: $0, units: unitsByCountry[$0]!) }
        let used = totals.filter { $0 > zeroTolerance }.count
        let countriesUsed = byCountry.filter { $0.units > zeroTolerance }.count
        var largestSource: Double?
        var largestAlly: Double?
        var hhiSources: Double?
        var hhiCountries: Double?
        if total > zeroTolerance {
            largestSource = clean(totals.map { $0 / total }.max() ?? 0)
            largestAlly = clean(
                byCountry.filter { !scenario.countries[$0.country].domestic }.map { $0.units / total }.max() ?? 0)
            hhiSources = clean(totals.reduce(0) { $0 + ($1 / total) * ($1 / total) })
            hhiCountries = clean(byCountry.reduce(0) { $0 + ($1.units / total) * ($1.units / total) })
        }
        // Worst single-country loss: reserves (or orders) delivering in t from outside the country,
        // plus the net stock carried into t, as a share of that period's demand.
        let eligibleMembers = members.filter { eligible[$0] }
        let countries = Set(eligibleMembers.map { sourceCountry[$0] }).sorted()
        var worst: Double?
        for t in 0..<T where item.demand[t] > 0 {
            let carried = t == 0 ? item.initialInventory : inventory[t - 1] - backlog[t - 1]
            for c in countries {
                var covered = carried
                for s in eligibleMembers where sourceCountry[s] != c {
                    let τ = t - scenario.sources[s].leadTime
                    guard τ >= 0 else { continue }
                    covered += sources[s].reserve?[τ] ?? sources[s].orders[τ]
                }
                let share = clean(min(1, covered / item.demand[t]))  // negative when a backlog exceeds what is left
                worst = min(worst ?? share, share)
            }
        }
        return Redundancy(
            sourcesUsed: used, countriesUsed: countriesUsed, largestSourceShare: largestSource,
            largestAllyShare: largestAlly, hhiSources: hhiSources, hhiCountries: hhiCountries,
            worstCountryLossCovered: worst)
    }

    /// The onshoring timeline of source s, or nil when it has no `onshoring` object.
    func timeline(of s: Int, sources: [SourcePlan], value: (ColumnID?) -> Double) -> OnshoringTimeline? {
        let source = scenario.sources[s]
        guard let onshoring = source.onshoring else { return nil }
        let T = scenario.periodCount
        let columns = sourceColumns[s]
        var transferComplete: String?
        var unitsAbroad: Double?
        if let transfer = onshoring.transfer {
            let from = transfer.fromSources.compactMap { scenario.sourceIndex($0) }
            var cumulative = 0.0
            for t in 0..<T {
                cumulative += from.reduce(0) { $0 + sources[$1].deliveries[t] }
                if cumulative >= Double(transfer.units) - zeroTolerance {
                    transferComplete = scenario.periods[t]
                    break
                }
            }
            unitsAbroad = clean(from.reduce(0) { $0 + sources[$1].orders.reduce(0, +) })
        }
        var investment: String?
        var ready: String?
        if let facility = onshoring.facility,
            let τ = columns.invest.indices.first(where: { value(columns.invest[$0]) > 0.5 })
        {
            investment = scenario.periods[τ]
            if τ + facility.buildTime < T { ready = scenario.periods[τ + facility.buildTime] }
        }
        let first = sources[s].orders.firstIndex { $0 > zeroTolerance }
        var line = OnshoringTimeline(
            source: source.id, transferComplete: transferComplete, facilityInvestment: investment,
            facilityReady: ready, firstProduction: first.map { scenario.periods[$0] },
            unitsHome: clean(sources[s].orders.reduce(0, +)), unitsAbroad: unitsAbroad)
        // The capacity the line really had: none before the first period it may work, then the
        // ramp-up counted from that period (the may-work binaries say when).
        let start = (0..<T).first { columns.mayWork[$0] != nil && value(columns.mayWork[$0]) > 0.5 }
        line.capacity = (0..<T).map { t in
            start.map { clean(source.capacityInForce(period: t, linePeriod: t - $0)) } ?? 0
        }
        let window = source.capacityMode == .concurrent ? max(source.leadTime, 1) : 1
        line.utilization = (0..<T).map { t in
            let capacity = line.capacity[t]
            guard capacity > 0 else { return nil }
            return clean(sources[s].orders[max(0, t - window + 1)...t].reduce(0, +) / capacity)
        }
        return line
    }
}

extension Source {
    /// An onshoring line's capacity in period t when t is its `linePeriod`-th period since the
    /// first one in which it may work (0 for that first period, negative before it): the ramp-up
    /// step, capped by the capacity K[t]; 0 before the line may work.
    func capacityInForce(period t: Int, linePeriod j: Int) -> Double {
        guard j >= 0 else { return 0 }
        if let ramp = onshoring?.rampUp, j < ramp.count { return min(ramp[j], capacity[t]) }
        return capacity[t]
    }
}

extension PlanningModel {
    /// A plan with status `error`, for a solve that could not run; the message says why.
    public func errorPlan(identity: ScenarioIdentity, options: PlanOptions, message: String) -> Plan {
        var plan = makePlan(
            values: [], status: .error, mipGap: nil, identity: identity,
            figures: SolverFigures(
                rows: model.rowCount, columns: model.columnCount, nonzeros: model.nonzeroCount,
                integerColumns: model.columnKinds.filter { $0 != .continuous }.count, seconds: 0,
                glpkVersion: GLPK.version,
                settings: options.settings(for: scenario, isMIP: model.columnKinds.contains { $0 != .continuous })))
        plan.diagnosis = [Diagnosis(rule: .error, message: message)]
        return plan
    }
}

extension CostBreakdown {
    init(cleaning costs: CostBreakdown) {
        self.init()
        procurement = clean(costs.procurement)
        fixed = clean(costs.fixed)
        holding = clean(costs.holding)
        backlog = clean(costs.backlog)
        unmet = clean(costs.unmet)
        investment = clean(costs.investment)
        reserve = clean(costs.reserve)
    }
}

extension PlanStatus {
    /// The planner's status for a solver termination.
    init(_ termination: Termination) {
        switch termination {
        case .optimal: self = .optimal
        case .feasible: self = .feasible
        case .infeasible: self = .infeasible
        case .unbounded: self = .unbounded
        case .timeLimit: self = .timeLimit
        case .error: self = .error
        }
    }
}
