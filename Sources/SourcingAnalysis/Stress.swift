import LinearSolver
import SourcingModel
import SourcingScenario

// The disruption stress test (`sourcing stress`): knock out one country (or one source) at a time
// from period f for d periods, re-plan with everything decided before f as the base plan decided
// it, and measure what the disruption costs: demand short or late, extra money, how long the
// remaining network survives (time-to-survive) and how long the shortfall outlasts the
// disruption, with Simchi-Levi's risk-exposure index relative to the worst disruption.
//
// What a knock-out means (decided here; see the README of the command too):
// - The knocked-out sources take no order in [f, f+d): their capacity is 0 there (which also
//   lifts an onshoring line's sustaining floor for those periods).
// - An order of a knocked-out source placed before f whose work is not finished by f (delivery
//   in f or later: t + leadTime ≥ f) is lost: a yard that is hit loses the hull in its dock.
//   It was paid when ordered (the format pays procurement in the order period), so its cost
//   stays in the disrupted plan's cost as a sunk cost, and its units never arrive. A warm line's
//   sustaining floor is waived in the periods before f in which a lost order was in work (it
//   was kept by that order, which the re-plan cannot have).
// - Every other order placed before f is fixed at the base plan's value, and so are the other
//   decisions taken before f: reserves held (less the reserve taken up by a lost order, which
//   was paid as capacity in use), facility investments, and the fixed-cost contracts (paid at
//   the start of the horizon) of the sources the base plan uses. From f on the re-plan is free.
// - Components: a knocked-out country's component lines go with it. A line's draw stays hard
//   in the re-plan (a consumed item can owe only its own demand), so a lost component shows as
//   lost output of the items whose lines need it; an item short while some of its own lines
//   still stand names the components the disruption hit (`throughComponents`).
// - Demand becomes soft for the re-plan so that shortfalls can be measured: an item without a
//   `backlogPenalty` gets one, and one without an `unmetPenalty` gets one, both equal to the
//   stress penalty P = 10 × (the largest unit, fixed or facility cost in the scenario) + 1 (per
//   unit and period late; once more per unit never delivered). P is derived from the data, never
//   an arbitrary constant, and is high enough that the re-plan buys any unit it can get rather
//   than be short. Items with their own penalties keep them.
// - Policy rules (domestic share, share caps, minimum sources and countries, resilience) become
//   soft at P per unit of violation, so a re-plan is always feasible yet never breaks a rule to
//   save money (P exceeds ten times any unit cost); each rule the re-plan must break is
//   reported. Resilience rows inside the disruption window are waived: the N−1 event they
//   insure against is happening. Capacity, eligibility, onshoring, integrality and the budget
//   stay hard.
//
// Figures, all relative to the base plan (so a shortfall the base plan already has, such as a
// soft-demand item's planned backlog, is not blamed on the disruption):
// - extra shortfall E[i,t] = max(0, B'[i,t] − B[i,t]), backlog of the re-plan over the base's;
// - unitsShort = E at the last period (never delivered); unitsLate = units that fell short at
//   some point and were delivered later (Σ_t max(0, E[t] − E[t−1]) − unitsShort);
//   shortfallUnitPeriods = Σ_t E[t] (a unit short for two periods counts 2);
// - extraCost = cost of the re-plan + sunk cost of lost orders − cost of the base plan (its
//   objective, as `solve` reports it). The re-plan's cost values what goes unmet: each unit late
//   or never delivered at the item's own penalties, or at the stress penalty P for an item whose
//   demand was hard, and each unit of a broken policy rule at P. So a disruption that loses
//   supply never shows a saving because less was bought. `extraPenalty` is the part of
//   extraCost that is penalties (re-plan's less the base plan's own), `extraSpend` the rest:
//   money actually spent, lost orders included.
// - timeToSurvive = periods from f to the first period with an extra shortfall; d when none
//   falls inside the disruption (`survives`). `firstShortfall` also names a shortfall that comes
//   only after the disruption (lost orders, lead times).
// - d itself is Simchi-Levi's time-to-recover (how long the node is down); `recoveryPeriods`
//   counts the periods after the disruption until its shortfall is gone for good (0 if none is
//   left when it ends; nil if some is still owed at the end of the horizon).
// - exposure: Simchi-Levi's risk-exposure index, the disruption's impact over the worst
//   disruption's (0…1, the worst is 1): `costExposure` on extra cost, unmet demand valued as
//   above (as Simchi-Levi values lost sales; a negative extra cost counts 0), and
//   `shortfallExposure` on shortfall unit-periods (summed over items).
// - The default window: two periods from the first period in which any item has demand (fewer
//   when the horizon ends sooner). Knocking a supplier out for the whole horizon, from a period
//   with nothing yet to deliver, measures little but the end of the programme.
//
// Disruptions are independent solves, built and solved cold on the worker's thread, so the
// results do not depend on the number of jobs; they come back in scenario order.

/// What `sourcing stress` knocks out one at a time.
public enum StressTarget: String, Sendable, Equatable, CaseIterable {
    /// Every country with an eligible source (the domestic one included: losing the home line is
    /// a real risk), all its eligible sources at once.
    case country
    /// Every eligible source on its own.
    case source
}

/// The figures of one knocked-out item.
public struct StressItemResult: Sendable, Equatable {
    public var id: String
    public var unitsShort: Double
    public var unitsLate: Double
    /// Per period: backlog of the re-plan over the base plan's (never negative).
    public var shortfall: [Double]
    /// The first period (index) from the disruption's start with an extra shortfall.
    public var firstShortfall: Int?
    /// When the item falls short although some of its own lines were not knocked out: the
    /// components it depends on (directly or through other components) that the disruption hit,
    /// i.e. some knocked-out source makes them. Scenario order; empty otherwise.
    public var throughComponents: [String] = []
}

/// One disruption's outcome.
public struct StressResult: Sendable, Equatable {
    /// The knocked-out country or source.
    public var target: String
    /// The eligible sources knocked out (ids, scenario order).
    public var sources: [String]
    public var status: PlanStatus
    /// Extra cost over the base plan: the re-plan's cost with what goes unmet valued at its
    /// penalty, plus the sunk cost of lost orders, less the base plan's cost; nil when the
    /// re-plan has no plan.
    public var extraCost: Double?
    /// The part of `extraCost` that is penalties (units late or unmet, broken rules), over the
    /// base plan's own penalties.
    public var extraPenalty: Double?
    /// The rest of `extraCost`: money spent (lost orders included) over the base plan's.
    public var extraSpend: Double?
    /// Units ordered before the disruption and lost in it, and what they cost (discounted).
    public var lostUnits: Double
    public var lostCost: Double
    public var unitsShort: Double?
    public var unitsLate: Double?
    public var shortfallUnitPeriods: Double?
    /// No extra shortfall in the disruption's periods.
    public var survives: Bool?
    /// Periods from the start of the disruption until the first extra shortfall (its duration
    /// when it survives).
    public var timeToSurvive: Int?
    /// The first period (index) with an extra shortfall, inside the disruption or after it.
    public var firstShortfall: Int?
    /// Periods after the disruption until its shortfall is gone for good; nil when some is
    /// still owed at the end of the horizon.
    public var recoveryPeriods: Int?
    /// Risk-exposure index on extra cost and on shortfall unit-periods (0…1, the worst is 1).
    public var costExposure: Double?
    public var shortfallExposure: Double?
    /// Per item, scenario order.
    public var items: [StressItemResult]
    /// Policy rules the re-plan could not keep, with by how much.
    public var relaxedRules: [Diagnosis]
    /// For status `error`: what went wrong (the re-plan's diagnosis).
    public var error: String?
}

/// Knock out each country (or source) from `from` for `duration` periods and re-plan.
public struct StressTest: Sendable {
    /// One disruption: what is knocked out.
    public struct Target: Sendable, Equatable {
        public var id: String
        /// Indices of the knocked-out eligible sources.
        public var sources: [Int]
    }

    public let base: AnalysisBase
    public let by: StressTarget
    /// First disrupted period (index).
    public let from: Int
    /// Number of disrupted periods (Simchi-Levi's time-to-recover).
    public let duration: Int
    /// Whether the window is the default one (no `from` and no `duration` given).
    public let isDefaultWindow: Bool
    /// The stress penalty P (see the top of this file).
    public let penalty: Double
    public let targets: [Target]

    /// - Parameters:
    ///   - from: the label of the first disrupted period; default the first period in which any
    ///     item has demand.
    ///   - duration: how many periods; default 2 (fewer when the horizon ends sooner).
    /// - Throws: `AnalysisError.unknownPeriod`, `.durationTooShort` or `.durationPastHorizon`
    ///   for a window the horizon does not have; `.badRequest` for a base scenario without a plan
    ///   or nothing to knock out.
    public init(base: AnalysisBase, by: StressTarget = .country, from: String? = nil, duration: Int? = nil)
        throws(AnalysisError)
    {
        let scenario = base.scenario
        let T = scenario.periodCount
        var start = (0..<T).first { t in scenario.items.contains { $0.demand[t] > 0 } } ?? 0
        if let from {
            guard let index = scenario.periodIndex(from) else {
                throw .unknownPeriod(from, known: scenario.periods)
            }
            start = index
        }
        let left = T - start
        let length = duration ?? min(StressTest.defaultDuration, left)
        guard length >= 1 else { throw .durationTooShort(length) }
        guard length <= left else {
            throw .durationPastHorizon(
                length: length, from: scenario.periods[start], last: scenario.periods[T - 1], atMost: left)
        }
        guard base.plan.status.hasPlan else {
            throw .badRequest(
                "the scenario itself has no plan (status \(base.plan.status.rawValue)), so there is nothing to disrupt; `sourcing solve` says why"
            )
        }
        let eligible = scenario.sources.indices.filter { base.model.eligible[$0] }
        var targets: [Target] = []
        switch by {
        case .country:
            for country in scenario.countries {
                let members = eligible.filter { scenario.sources[$0].country == country.id }
                if !members.isEmpty { targets.append(Target(id: country.id, sources: members)) }
            }
        case .source:
            targets = eligible.map { Target(id: scenario.sources[$0].id, sources: [$0]) }
        }
        guard !targets.isEmpty else { throw .badRequest("no eligible source to knock out") }
        self.base = base
        self.by = by
        self.from = start
        self.duration = length
        self.isDefaultWindow = from == nil && duration == nil
        self.penalty = StressTest.penalty(for: scenario)
        self.targets = targets
    }

    /// Periods a disruption lasts when `duration` is not given.
    public static let defaultDuration = 2

    /// P = 10 × (the largest unit, fixed or facility cost in the scenario) + 1.
    static func penalty(for scenario: Scenario) -> Double {
        var largest = 0.0
        for source in scenario.sources {
            largest = max(largest, source.unitCost.max() ?? 0, source.fixedCost, source.onshoring?.facility?.cost ?? 0)
        }
        return 10 * largest + 1
    }

    /// The disrupted periods, from..<from + duration.
    public var window: Range<Int> { from..<(from + duration) }

    /// Solves every disruption on `jobs` threads; results in target order, whatever the jobs.
    public func run(
        jobs: Int = defaultJobs, shouldStop: @escaping @Sendable () -> Bool = { false },
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) -> [StressResult?] {
        let test = self
        let count = targets.count
        var results = runInParallel(
            count: count, jobs: jobs, makeWorker: { () },
            work: { _, k in test.solve(test.targets[k]) },
            shouldStop: shouldStop, progress: { progress($0, count) })
        // The risk-exposure index: each impact over the worst one.
        let worstCost = results.compactMap { $0?.extraCost }.max() ?? 0
        let worstShortfall = results.compactMap { $0?.shortfallUnitPeriods }.max() ?? 0
        for k in results.indices {
            guard var result = results[k], result.status.hasPlan else { continue }
            result.costExposure = worstCost > tolerance ? snap(max(0, result.extraCost ?? 0) / worstCost) : 0
            result.shortfallExposure =
                worstShortfall > tolerance ? snap((result.shortfallUnitPeriods ?? 0) / worstShortfall) : 0
            results[k] = result
        }
        return results
    }

    /// The base scenario with the target's capacity gone in the window and demand made soft.
    public func scenario(for target: Target) -> Scenario {
        var scenario = base.scenario
        for s in target.sources {
            for t in window { scenario.sources[s].capacity[t] = 0 }
        }
        for i in scenario.items.indices {
            if scenario.items[i].backlogPenalty == nil { scenario.items[i].backlogPenalty = penalty }
            if scenario.items[i].unmetPenalty == nil { scenario.items[i].unmetPenalty = penalty }
        }
        return scenario
    }

    /// Builds, solves and measures one disruption (on the calling thread).
    public func solve(_ target: Target) -> StressResult {
        let scenario = scenario(for: target)
        // Capacity as big-M: orders before the disruption are fixed at the base plan's values,
        // which bounds computed from this scenario's reduced capacity need not allow.
        var planning = PlanningModel(scenario: scenario, tightBigM: false)
        let basePlan = base.plan
        let knockedOut = Set(target.sources)
        var lostUnits = 0.0
        var lostCost = 0.0
        for s in scenario.sources.indices where planning.eligible[s] {
            let source = scenario.sources[s]
            let columns = planning.sourceColumns[s]
            let orders = basePlan.sources[s].orders
            for t in 0..<from {
                guard let order = columns.order[t] else { continue }
                let lost = knockedOut.contains(s) && t + source.leadTime >= from
                let x = orders[t]
                if lost {
                    lostUnits += x
                    lostCost += planning.discount[t] * source.costShare * base.scenario.sources[s].unitCost[t] * x
                }
                planning.setColumnBounds(order, lower: lost ? 0 : x, upper: lost ? 0 : x)
                if lost, x > 0 {
                    // The lost order no longer keeps a warm line's floor in the periods it was in work.
                    let window = source.capacityMode == .concurrent ? max(source.leadTime, 1) : 1
                    for τ in t..<min(from, t + window) { planning.waiveSustainingFloor(ofSource: s, period: τ) }
                }
                if let column = columns.reserve[t], let reserve = basePlan.sources[s].reserve?[t] {
                    let held = max(0, reserve - (lost ? x : 0))
                    planning.setColumnBounds(column, lower: held, upper: held)
                }
            }
            if let timeline = basePlan.onshoring.first(where: { $0.source == source.id }) {
                let invested = timeline.facilityInvestment.flatMap { scenario.periodIndex($0) }
                for t in 0..<from {
                    guard let column = columns.invest[t] else { continue }
                    let value: Double = t == invested ? 1 : 0
                    planning.setColumnBounds(column, lower: value, upper: value)
                }
            }
            if from > 0, let y = columns.fixedCostBinary, basePlan.sources[s].used {
                planning.setColumnBounds(y, lower: 1, upper: 1)
            }
        }
        let softened = planning.softenPolicyRules(penalty: penalty, waivingResilienceIn: window)
        planning.keepComponentDrawsOnTime()

        var options = base.options
        options.sensitivity = false
        options.diagnose = false
        let plan: Plan
        var relaxed: [Diagnosis] = []
        var rulePenalty = 0.0
        do {
            var problem = try LinearProblem(planning.model)
            let solution = LinearProblem.solveVerified(
                &problem, model: planning.model, options: options.solveOptions(for: scenario))
            plan = planning.makePlan(solution: solution, problem: problem, identity: base.identity, options: options)
            if plan.status.hasPlan {
                relaxed = planning.violations(of: softened, values: solution.columnValues)
                // The broken rules' penalty is in the re-plan's objective, not in its cost kinds.
                rulePenalty = softened.reduce(0) {
                    $0 + planning.model.objective[$1.column.index] * solution[$1.column]
                }
            }
        } catch {
            plan = planning.errorPlan(identity: base.identity, options: options, message: error.description)
        }
        return measure(
            plan, target: target, lostUnits: snap(lostUnits), lostCost: snap(lostCost), rulePenalty: rulePenalty,
            relaxed: relaxed)
    }

    /// The components of item i (directly or through others) that some knocked-out source makes;
    /// none when every eligible line of the item was knocked out itself (the loss is direct).
    func hitComponents(of i: Int, _ target: Target) -> [String] {
        let scenario = base.scenario
        guard scenario.hasComponents else { return [] }
        let knockedOut = Set(target.sources)
        let own = base.model.sourcesOfItem[i].filter { base.model.eligible[$0] }
        guard own.contains(where: { !knockedOut.contains($0) }) else { return [] }
        let hit = Set(target.sources.map { scenario.sources[$0].item })
        return scenario.componentsReachable(fromItem: i).map { scenario.items[$0].id }.filter(hit.contains)
    }

    /// The figures of a re-plan against the base plan.
    func measure(
        _ plan: Plan, target: Target, lostUnits: Double, lostCost: Double, rulePenalty: Double, relaxed: [Diagnosis]
    ) -> StressResult {
        let scenario = base.scenario
        var result = StressResult(
            target: target.id, sources: target.sources.map { scenario.sources[$0].id }, status: plan.status,
            lostUnits: lostUnits, lostCost: lostCost, items: [], relaxedRules: relaxed)
        if plan.status == .error { result.error = (plan.diagnosis ?? []).map(\.message).joined(separator: "; ") }
        guard plan.status.hasPlan else { return result }
        let T = scenario.periodCount
        func penalties(_ costs: CostBreakdown) -> Double { costs.backlog + costs.unmet }
        let extraPenalty = planFigure(penalties(plan.costs) + rulePenalty - penalties(base.plan.costs))
        let extraSpend = planFigure(
            plan.costs.total - penalties(plan.costs) + lostCost - (base.plan.costs.total - penalties(base.plan.costs)))
        result.extraPenalty = snap(extraPenalty)
        result.extraSpend = snap(extraSpend)
        result.extraCost = snap(planFigure(extraSpend + extraPenalty))
        var short = 0.0
        var late = 0.0
        var unitPeriods = 0.0
        var first: Int?
        var last: Int?
        for (i, item) in scenario.items.enumerated() {
            let extra = (0..<T).map { t in snap(max(0, plan.items[i].backlog[t] - base.plan.items[i].backlog[t])) }
            var arising = 0.0
            for t in 0..<T { arising += max(0, extra[t] - (t > 0 ? extra[t - 1] : 0)) }
            let itemShort = extra[T - 1]
            let itemFirst = (from..<T).first { extra[$0] > tolerance }
            if let l = (0..<T).last(where: { extra[$0] > tolerance }) { last = max(last ?? l, l) }
            if let f = itemFirst { first = min(first ?? f, f) }
            short += itemShort
            late += arising - itemShort
            unitPeriods += extra.reduce(0, +)
            result.items.append(
                StressItemResult(
                    id: item.id, unitsShort: itemShort, unitsLate: snap(arising - itemShort), shortfall: extra,
                    firstShortfall: itemFirst,
                    throughComponents: extra.contains { $0 > tolerance } ? hitComponents(of: i, target) : []))
        }
        result.unitsShort = snap(short)
        result.unitsLate = snap(late)
        result.shortfallUnitPeriods = snap(unitPeriods)
        result.firstShortfall = first
        let survives = first.map { !window.contains($0) } ?? true
        result.survives = survives
        result.timeToSurvive = survives ? duration : first! - from
        let end = window.upperBound - 1
        if let last {
            result.recoveryPeriods = last == T - 1 ? nil : max(0, last + 1 - end)
        } else {
            result.recoveryPeriods = 0
        }
        return result
    }
}

/// Below this a quantity or amount counts as zero.
private let tolerance = 1e-6

/// Solver noise off: within 1e-7 (relative) of a whole number becomes it, −0 becomes 0, and
/// every other value keeps 12 significant digits, as plan figures do.
private func snap(_ value: Double) -> Double {
    let rounded = value.rounded()
    if abs(value - rounded) <= 1e-7 * max(1, abs(value)) { return rounded == 0 ? 0 : rounded }
    return planFigure(value)
}
