import Foundation
import LinearSolver
import SourcingScenario

/// One rule that cannot be met in an infeasible scenario.
public struct Diagnosis: Sendable, Equatable {
    /// The rule family; its raw value is the plan JSON's `rule`.
    public enum Rule: String, Sendable, Equatable, CaseIterable {
        /// An item's demand in a period.
        case demand
        /// An item's minimum or maximum domestic share.
        case domesticShareMin, domesticShareMax
        /// The most one source or one allied country may supply.
        case maxSharePerSource, maxSharePerAlly
        /// The fewest sources or countries an item needs.
        case minSources, minCountries
        /// What an item must still get if a country or source drops out.
        case resilience
        /// A period's budget.
        case budget
        /// No plan whatever the relaxed rules: capacity, eligibility, onshoring or integrality.
        case structure
        /// The solver failed; no diagnosis of the scenario.
        case error
        /// GLPK cannot handle the scenario's numbers (a coefficient range too wide), even
        /// unscaled and without presolve: bad input (the CLI exits 2).
        case coefficientRange

        init(_ rule: PlanningModel.RelaxableRow.Rule) {
            switch rule {
            case .demand: self = .demand
            case .domesticShareMin: self = .domesticShareMin
            case .domesticShareMax: self = .domesticShareMax
            case .maxSharePerSource: self = .maxSharePerSource
            case .maxSharePerAlly: self = .maxSharePerAlly
            case .minSources: self = .minSources
            case .minCountries: self = .minCountries
            case .resilience: self = .resilience
            case .budget: self = .budget
            }
        }
    }

    public var rule: Rule
    public var item: String?
    public var source: String?
    public var country: String?
    public var period: String?
    /// By how much the rule is missed, in the rule's own unit.
    public var shortfall: Double?
    /// `shortfall` divided by the rule's scale (the item's largest period demand, the required
    /// count, the period's budget): what the diagnosis minimises the sum of.
    public var relativeShortfall: Double? = nil
    public var message: String

    public init(
        rule: Rule, item: String? = nil, source: String? = nil, country: String? = nil,
        period: String? = nil, shortfall: Double? = nil, message: String
    ) {
        self.rule = rule
        self.item = item
        self.source = source
        self.country = country
        self.period = period
        self.shortfall = shortfall
        self.message = message
    }
}

// Infeasible scenarios are never a bare "infeasible": the model is solved again with a penalised
// slack on every demand, domestic-share, share-cap, minimum-source, resilience and budget row,
// minimising the total *relative* violation: each slack, in its row's own unit, divided by its
// rule's scale (see `diagnosisScale`), so that money over budget and units of demand are never
// added as if they were the same thing. Capacity, eligibility, onshoring and integrality are
// never relaxed.

extension PlanningModel {
    /// Which rules cannot be met, where and by how much, with the smallest total violation.
    func diagnose(options: SolveOptions) throws(SolverError) -> [Diagnosis] {
        var relaxed = model
        for column in relaxed.columns { relaxed.setObjective(column: column, 0) }
        relaxed.objectiveConstant = 0
        var slacks: [(column: ColumnID, row: RelaxableRow)] = []
        // Each slack counts 1 / scale per unit of its row, all multiplied by the largest scale so
        // that the weights are at least 1 (a common factor changes no minimiser, and keeps the
        // tie-break below far above GLPK's reduced-cost tolerance). Among equally small totals,
        // demand shortfalls are placed as late as possible (a weight of 1 + 1e-6 per period
        // before the last), so a shortfall is reported in the period whose demand is missed, not
        // where stock was short.
        let last = scenario.periodCount - 1
        let scales = relaxableRows.map(diagnosisScale)
        let common = scales.max() ?? 1
        let components = consumedItems()
        for (row, scale) in zip(relaxableRows, scales) {
            let tieBreak =
                row.rule == .demand
                ? 1e-6 * Double(last - (row.period ?? last)) - componentTieBreak(row, components) : 0
            let column = relaxed.addColumn(lower: 0, upper: .infinity, objective: (1 + tieBreak) * (common / scale))
            relaxed.addEntry(row: row.row, column: column, value: row.sign)
            slacks.append((column, row))
        }
        // Relaxed demand is demand not met, not stock: a demand slack in τ raises I − B from τ
        // on, which the resilience rows of later periods would count as stock on hand (one
        // phantom unit covering every country's loss at once, so "demand short" would be blamed
        // for a coverage rule that cannot hold). Those rows count I − B less the slack so far.
        for slack in slacks where slack.row.rule == .demand {
            guard let τ = slack.row.period else { continue }
            for row in relaxableRows where row.rule == .resilience && row.item == slack.row.item {
                if let t = row.period, τ < t { relaxed.addEntry(row: row.row, column: slack.column, value: -1) }
            }
        }
        let problem = try LinearProblem(relaxed)
        let solution = problem.solve(options)
        guard solution.hasSolution else {
            let why =
                solution.termination == .infeasible
                ? "Even with every demand, share, minimum-source, resilience and budget rule relaxed, the rules that are never relaxed (capacity, eligibility, onshoring and integer units) cannot all hold: check onshoring sustaining rates, ramp-ups and minimum orders against capacity."
                : "The relaxed model could not be solved (\(solution.termination.rawValue)); no diagnosis is available."
            return [Diagnosis(rule: .structure, message: why)]
        }
        var found: [Diagnosis] = []
        for slack in slacks {
            let amount = clean(solution[slack.column])
            guard amount > zeroTolerance else { continue }
            found.append(describe(slack.row, shortfall: amount, values: solution.columnValues))
        }
        if found.isEmpty {
            found.append(
                Diagnosis(
                    rule: .structure,
                    message:
                        "GLPK reported the scenario infeasible, but every rule can be met when relaxed by less than \(zeroTolerance); the scenario is on the edge of feasibility (check very small or very large numbers)."
                ))
        }
        return found
    }

    /// The scale a rule's slack is divided by in the diagnosis (the format's "Infeasible
    /// scenarios"): the item's largest per-period demand for demand, share-cap, domestic-share and
    /// resilience rows (for a pure component, whose own demand is 0, the largest draw its eligible
    /// consuming lines could make in one period); the required count for minimum sources and
    /// countries; the period's budget for budget rows (the largest period budget where that one
    /// is 0); 1 where it is still 0.
    func diagnosisScale(_ relaxable: RelaxableRow) -> Double {
        var scale: Double
        switch relaxable.rule {
        case .demand, .domesticShareMin, .domesticShareMax, .maxSharePerSource, .maxSharePerAlly, .resilience:
            scale = relaxable.item.map { scenario.items[$0].demand.max() ?? 0 } ?? 0
            if scale == 0, let i = relaxable.item { scale = pureComponentScale(i) }
        case .minSources:
            scale = Double(relaxable.item.flatMap { scenario.items[$0].minSources?.count } ?? 0)
        case .minCountries:
            scale = Double(relaxable.item.flatMap { scenario.items[$0].minCountries?.count } ?? 0)
        case .budget:
            let budget = scenario.policy.budget ?? []
            let own = relaxable.period.map { budget.indices.contains($0) ? budget[$0] : 0 } ?? 0
            scale = own > 0 ? own : budget.max() ?? 0
        }
        return scale > 0 ? scale : 1
    }

    /// A planner's sentence for a missed rule; `values` (the relaxed solution) lets a component's
    /// shortfall name the lines it is short for, and a demand shortfall name a full capacity pool.
    func describe(_ relaxable: RelaxableRow, shortfall: Double, values: [Double]? = nil) -> Diagnosis {
        let itemId = relaxable.item.map { scenario.items[$0].id }
        let sourceId = relaxable.source.map { scenario.sources[$0].id }
        let countryId = relaxable.country.map { scenario.countries[$0].id }
        let period = relaxable.period.map { scenario.periods[$0] }
        let amount = formatQuantity(shortfall)
        let unit = relaxable.item.flatMap { scenario.items[$0].unit }
        let units = formatUnits(shortfall, unit)
        let when = period ?? "over the horizon"
        let scale = diagnosisScale(relaxable)
        var message: String
        switch relaxable.rule {
        case .demand:
            let i = relaxable.item ?? 0
            let t = relaxable.period ?? 0
            let hint = demandHint(i, period: t) + linkHint(i, period: t, values: values)
            if let users = componentUsers(i, period: t, values: values) {
                message = "\(itemId ?? "?") \(when): \(units) short for \(users); \(hint)"
            } else {
                message = "\(itemId ?? "?") \(when): demand short by \(units); \(hint)"
            }
        case .domesticShareMin:
            let rule = scenario.items[relaxable.item ?? 0].domesticShare
            message =
                "\(itemId ?? "?") \(when): domestic share cannot reach the minimum of \(formatShare(rule?.min ?? 0)); short by \(units) of domestic content"
        case .domesticShareMax:
            let rule = scenario.items[relaxable.item ?? 0].domesticShare
            message =
                "\(itemId ?? "?") \(when): domestic share cannot stay below the maximum of \(formatShare(rule?.max ?? 1)); over by \(units) of domestic content"
        case .maxSharePerSource:
            let cap = scenario.items[relaxable.item ?? 0].maxSharePerSource ?? 1
            message =
                "\(itemId ?? "?") \(when): source \(sourceId ?? "?") must deliver more than its cap of \(formatShare(cap)); over by \(units)"
        case .maxSharePerAlly:
            let cap = scenario.items[relaxable.item ?? 0].maxSharePerAlly ?? 1
            message =
                "\(itemId ?? "?") \(when): ally \(countryId ?? "?") must deliver more than its cap of \(formatShare(cap)); over by \(units)"
        case .minSources:
            let rule = scenario.items[relaxable.item ?? 0].minSources
            message =
                "\(itemId ?? "?"): cannot use \(rule?.count ?? 0) sources that each deliver at least \(formatShare(rule?.minShare ?? 0)) of demand; short by \(amount) \(shortfall == 1 ? "source" : "sources")"
        case .minCountries:
            let rule = scenario.items[relaxable.item ?? 0].minCountries
            message =
                "\(itemId ?? "?"): cannot use \(rule?.count ?? 0) countries that each deliver at least \(formatShare(rule?.minShare ?? 0)) of demand; short by \(amount) \(shortfall == 1 ? "country" : "countries")"
        case .resilience:
            let lost = countryId.map { "country \($0)" } ?? sourceId.map { "source \($0)" } ?? "?"
            message =
                "\(itemId ?? "?") \(when): if \(lost) drops out, reserves and stock fall short of the required coverage by \(units)"
        case .budget:
            // Money named as money: "FY26: budget short by 40 USD millions (4.4 %)".
            let money = scenario.currency.map { "\(amount) \($0)" } ?? amount
            let own = relaxable.period.flatMap { t in scenario.policy.budget.map { $0[t] } } ?? 0
            let share = own > 0 ? " (\(formatShare(shortfall / own).dropLast()) %)" : " (the period's budget is 0)"
            message = "\(when): budget short by \(money)\(share)"
        }
        var diagnosis = Diagnosis(
            rule: Diagnosis.Rule(relaxable.rule), item: itemId, source: sourceId, country: countryId,
            period: period, shortfall: shortfall, message: message)
        diagnosis.relativeShortfall = clean(shortfall / scale)
        return diagnosis
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
            (0...t).contains { τ in sourceColumns[s].order[τ] != nil && τ + scenario.sources[s].leadTime <= t }
        }
        if !canDeliver {
            return "no eligible source can deliver by then (lead times and availability windows)"
        }
        return "the eligible sources cannot deliver enough by then within their capacity and the other rules"
    }
}
