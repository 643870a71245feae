import Foundation
import LinearSolver
import SourcingScenario

// Infeasible scenarios are never a bare "infeasible": the model is solved again with a penalised
// slack on every demand, domestic-share, share-cap, minimum-source, resilience and budget row,
// minimising the total violation (each slack in its row's own unit). Capacity, eligibility,
// onshoring and integrality are never relaxed.

extension PlanningModel {
    /// Which rules cannot be met, where and by how much, with the smallest total violation.
    func diagnose(options: SolveOptions) throws(SolverError) -> [Diagnosis] {
        var relaxed = model
        for column in 0..<relaxed.columnCount { relaxed.setObjective(column: column, 0) }
        relaxed.objectiveConstant = 0
        var slacks: [(column: Int, row: RelaxableRow)] = []
        // Each slack counts 1 per unit of its row. Among equally small totals, demand shortfalls
        // are placed as late as possible (a weight of 1 + 1e-7 per period before the last), so a
        // shortfall is reported in the period whose demand is missed, not where stock was short.
        let last = scenario.periodCount - 1
        let components = consumedItems()
        for row in relaxableRows {
            let tieBreak = row.rule == .demand ? 1e-7 * Double(last - (row.period ?? last)) - componentTieBreak(row, components) : 0
            let column = relaxed.addColumn(lower: 0, upper: .infinity, objective: 1 + tieBreak)
            relaxed.addEntry(row: row.row, column: column, value: row.sign)
            slacks.append((column, row))
        }
        let problem = try LinearProblem(relaxed)
        let solution = problem.solve(options)
        guard solution.hasSolution else {
            let why = solution.termination == .infeasible
                ? "Even with every demand, share, minimum-source, resilience and budget rule relaxed, the rules that are never relaxed (capacity, eligibility, onshoring and integer units) cannot all hold: check onshoring sustaining rates, ramp-ups and minimum orders against capacity."
                : "The relaxed model could not be solved (\(solution.termination.rawValue)); no diagnosis is available."
            return [Diagnosis(rule: "structure", message: why)]
        }
        var found: [Diagnosis] = []
        for slack in slacks {
            let amount = clean(solution.columnValues[slack.column])
            guard amount > zeroTolerance else { continue }
            found.append(describe(slack.row, shortfall: amount, values: solution.columnValues))
        }
        if found.isEmpty {
            found.append(Diagnosis(
                rule: "structure",
                message: "GLPK reported the scenario infeasible, but every rule can be met when relaxed by less than \(zeroTolerance); the scenario is on the edge of feasibility (check very small or very large numbers)."))
        }
        return found
    }

    /// A planner's sentence for a missed rule; `values` (the relaxed solution) lets a component's
    /// shortfall name the lines it is short for, and a demand shortfall name a full capacity pool.
    func describe(_ relaxable: RelaxableRow, shortfall: Double, values: [Double]? = nil) -> Diagnosis {
        let itemId = relaxable.item.map { scenario.items[$0].id }
        let sourceId = relaxable.source.map { scenario.sources[$0].id }
        let countryId = relaxable.country.map { scenario.countries[$0].id }
        let period = relaxable.period.map { scenario.periods[$0] }
        let amount = formatQuantity(shortfall)
        let units = shortfall == 1 ? "unit" : "units"
        let when = period ?? "over the horizon"
        let money = scenario.currency.map { " \($0)" } ?? ""
        var message: String
        switch relaxable.rule {
        case .demand:
            let i = relaxable.item ?? 0, t = relaxable.period ?? 0
            let hint = demandHint(i, period: t) + linkHint(i, period: t, values: values)
            if let users = componentUsers(i, period: t, values: values) {
                message = "\(itemId ?? "?") \(when): \(amount) \(units) short for \(users); \(hint)"
            } else {
                message = "\(itemId ?? "?") \(when): demand short by \(amount) \(units); \(hint)"
            }
        case .domesticShareMin:
            let rule = scenario.items[relaxable.item ?? 0].domesticShare
            message = "\(itemId ?? "?") \(when): domestic share cannot reach the minimum of \(formatShare(rule?.min ?? 0)); short by \(amount) units of domestic content"
        case .domesticShareMax:
            let rule = scenario.items[relaxable.item ?? 0].domesticShare
            message = "\(itemId ?? "?") \(when): domestic share cannot stay below the maximum of \(formatShare(rule?.max ?? 1)); over by \(amount) units of domestic content"
        case .maxSharePerSource:
            let cap = scenario.items[relaxable.item ?? 0].maxSharePerSource ?? 1
            message = "\(itemId ?? "?") \(when): source \(sourceId ?? "?") must deliver more than its cap of \(formatShare(cap)); over by \(amount) units"
        case .maxSharePerAlly:
            let cap = scenario.items[relaxable.item ?? 0].maxSharePerAlly ?? 1
            message = "\(itemId ?? "?") \(when): ally \(countryId ?? "?") must deliver more than its cap of \(formatShare(cap)); over by \(amount) units"
        case .minSources:
            let rule = scenario.items[relaxable.item ?? 0].minSources
            message = "\(itemId ?? "?"): cannot use \(rule?.count ?? 0) sources that each deliver at least \(formatShare(rule?.minShare ?? 0)) of demand; short by \(amount) \(shortfall == 1 ? "source" : "sources")"
        case .minCountries:
            let rule = scenario.items[relaxable.item ?? 0].minCountries
            message = "\(itemId ?? "?"): cannot use \(rule?.count ?? 0) countries that each deliver at least \(formatShare(rule?.minShare ?? 0)) of demand; short by \(amount) \(shortfall == 1 ? "country" : "countries")"
        case .resilience:
            let lost = countryId.map { "country \($0)" } ?? sourceId.map { "source \($0)" } ?? "?"
            message = "\(itemId ?? "?") \(when): if \(lost) drops out, reserves and stock fall short of the required coverage by \(amount) \(units)"
        case .budget:
            message = "\(when): spending exceeds the budget by \(amount)\(money)"
        }
        return Diagnosis(
            rule: relaxable.rule.rawValue, item: itemId, source: sourceId, country: countryId,
            period: period, shortfall: shortfall, message: message)
    }

    /// Why demand of item i may be short in period t, in the planner's words.
    func demandHint(_ i: Int, period t: Int) -> String {
        let all = sourcesOfItem[i]
        let eligibleSources = all.filter { eligible[$0] }
        if all.isEmpty { return "no source makes this item" }
        if eligibleSources.isEmpty {
            let reasons = all.map { s in
                "\(scenario.sources[s].id): \(scenario.exclusionReasons(ofSource: s).map(\.rawValue).joined(separator: ", "))"
            }
            return "no eligible source (excluded: \(reasons.joined(separator: "; ")))"
        }
        let canDeliver = eligibleSources.contains { s in
            (0...t).contains { τ in sourceColumns[s].order[τ] >= 0 && τ + scenario.sources[s].leadTime <= t }
        }
        if !canDeliver {
            return "no eligible source can deliver by then (lead times and availability windows)"
        }
        return "the eligible sources cannot deliver enough by then within their capacity and the other rules"
    }
}

/// A quantity as a planner reads it: whole numbers without decimals, others with up to 4.
public func formatQuantity(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    var text = String(format: "%.4f", value)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
}

/// A share in 0…1 as a percentage.
public func formatShare(_ share: Double) -> String {
    formatQuantity((share * 1000).rounded() / 10) + "%"
}
