import LinearSolver
import SourcingModel
import SourcingScenario

/// One point's outcome: what a sweep, tornado or frontier reports per solve.
public struct PointResult: Sendable, Equatable {
    /// The point's position in the full grid (0-based).
    public var index: Int
    /// Each varied parameter's value at this point (per-period fields named without a period:
    /// the mean over the periods).
    public var values: [Double]
    public var status: PlanStatus
    public var objective: Double?
    public var mipGap: Double?
    public var costs: CostBreakdown
    /// Per item (scenario order): domestic ÷ delivered over the horizon; nil where nothing is delivered.
    public var domesticShare: [Double?]
    /// Per source (scenario order): units ordered over the horizon.
    public var units: [Double]
    /// For status `error`: what went wrong (the plan's diagnosis), so that a failed point says why.
    public var error: String?

    public init(
        index: Int, values: [Double], status: PlanStatus, objective: Double?, mipGap: Double?,
        costs: CostBreakdown, domesticShare: [Double?], units: [Double], error: String? = nil
    ) {
        self.index = index
        self.values = values
        self.status = status
        self.objective = objective
        self.mipGap = mipGap
        self.costs = costs
        self.domesticShare = domesticShare
        self.units = units
        self.error = error
    }

    /// The figures of a plan.
    public init(index: Int, values: [Double], plan: Plan) {
        self.init(
            index: index, values: values, status: plan.status, objective: plan.objective, mipGap: plan.mipGap,
            costs: plan.costs,
            domesticShare: plan.items.map { item in
                let delivered = item.delivered.reduce(0, +)
                return delivered > 1e-9 ? planFigure(item.domestic.reduce(0, +) / delivered) : nil
            },
            units: plan.sources.map { planFigure($0.orders.reduce(0, +)) },
            error: plan.status == .error ? (plan.diagnosis ?? []).map(\.message).joined(separator: "; ") : nil)
    }
}

/// Which part of a large sweep this process solves: every `count`-th point from `index`.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) throws(AnalysisError) {
        guard count >= 1 else { throw .badShard("the shard count must be at least 1") }
        guard (0..<count).contains(index) else {
            throw .badShard("the shard index must be from 0 to \(count - 1), got \(index)")
        }
        self.index = index
        self.count = count
    }

    /// Parses "K/N" (K from 0 to N−1).
    public init(parsing text: String) throws(AnalysisError) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
            throw .badShard("expected K/N, e.g. 0/4, got \"\(text)\"")
        }
        try self.init(index: k, count: n)
    }

    /// The shard given by a Slurm job array or a Kubernetes Indexed Job, if any.
    public static func fromEnvironment(_ environment: [String: String]) throws(AnalysisError) -> Shard? {
        if let id = environment["SLURM_ARRAY_TASK_ID"], let count = environment["SLURM_ARRAY_TASK_COUNT"] {
            guard let k = Int(id), let n = Int(count) else {
                throw .badShard("SLURM_ARRAY_TASK_ID/COUNT are not numbers")
            }
            // Slurm arrays are often numbered from 1 (--array=1-N); map to 0-based.
            let minimum = environment["SLURM_ARRAY_TASK_MIN"].flatMap { Int($0) } ?? 0
            let (index, overflow) = k.subtractingReportingOverflow(minimum)
            guard !overflow else {
                throw .badShard("SLURM_ARRAY_TASK_ID \(k) minus SLURM_ARRAY_TASK_MIN \(minimum) is out of range")
            }
            return try Shard(index: index, count: n)
        }
        if let index = environment["JOB_COMPLETION_INDEX"] {
            guard let k = Int(index) else { throw .badShard("JOB_COMPLETION_INDEX is not a number") }
            guard let count = environment["SOURCING_SHARD_COUNT"].flatMap({ Int($0) }) else {
                throw .badShard("JOB_COMPLETION_INDEX is set: also set SOURCING_SHARD_COUNT to the Job's completions")
            }
            return try Shard(index: k, count: count)
        }
        return nil
    }

    public func contains(_ point: Int) -> Bool { point % count == index }
    public var description: String { "\(index)/\(count)" }
}

/// A grid of scenario variants: each parameter with its values; two make a grid
/// (the first varies slowest).
public struct Sweep: Sendable {
    public struct Parameter: Sendable {
        public let path: ParameterPath
        public let changes: [ParameterChange]
        /// The value list as given (recorded in the output).
        public let valuesText: String

        /// A parameter of changes taken as they are (not checked against the format's ranges:
        /// tests use it to reach values a scenario file cannot hold).
        init(path: ParameterPath, changes: [ParameterChange], valuesText: String) {
            self.path = path
            self.changes = changes
            self.valuesText = valuesText
        }

        /// A parameter from `PATH=VALUES` (`sources[ally].unitCost=x0.5..x2:16`), its path and
        /// every value checked against the scenario.
        public init(specification spec: String, in scenario: Scenario) throws(AnalysisError) {
            guard !spec.isEmpty else { throw .emptySpecification }
            guard let equals = spec.firstIndex(of: "=") else { throw .badRequest("\(spec): expected PATH=VALUES") }
            path = try ParameterPath(String(spec[..<equals]), in: scenario)
            valuesText = String(spec[spec.index(after: equals)...])
            do { changes = try parseValueList(valuesText) } catch {
                // Name the whole specification ("x=: no values …"), not only its values (": no values").
                guard case .badValues(_, let why) = error else { throw error }
                throw .badValues(spec, why)
            }
            for change in changes { try path.check(change, in: scenario) }
        }
    }
    public let base: AnalysisBase
    public let parameters: [Parameter]

    /// A sweep of `PATH=VALUES` specifications, each read by ``Parameter/init(specification:in:)``.
    public init(base: AnalysisBase, vary: [String]) throws(AnalysisError) {
        var parameters: [Parameter] = []
        for spec in vary { parameters.append(try Parameter(specification: spec, in: base.scenario)) }
        try self.init(base: base, parameters: parameters)
    }

    /// A sweep of one or more parameters; two or more make a grid (the first varies slowest).
    public init(base: AnalysisBase, parameters: [Parameter]) throws(AnalysisError) {
        guard !parameters.isEmpty else { throw .noParameters }
        self.base = base
        self.parameters = parameters
        guard pointCount <= 10_000_000 else { throw .badRequest("the grid has more than 10 million points") }
    }

    /// The number of points in the full grid.
    public var pointCount: Int { parameters.reduce(1) { $0 * $1.changes.count } }

    /// The scenario of a point and the varied fields' values there.
    public func scenario(at index: Int) -> (Scenario, [Double]) {
        var scenario = base.scenario
        var rest = index
        var choices = Array(repeating: 0, count: parameters.count)
        for p in parameters.indices.reversed() {
            choices[p] = rest % parameters[p].changes.count
            rest /= parameters[p].changes.count
        }
        for (p, parameter) in parameters.enumerated() {
            parameter.path.apply(parameter.changes[choices[p]], to: &scenario)
        }
        return (scenario, parameters.map { $0.path.value(in: scenario).map(planFigure) ?? .nan })
    }

    /// Solves the points of the grid (those of `shard`, less those in `skip`) on `jobs` threads.
    /// Results come back in point order, whatever the number of jobs.
    public func run(
        jobs: Int = defaultJobs, warm: Bool = true, shard: Shard? = nil, skip: Set<Int> = [],
        shouldStop: @escaping @Sendable () -> Bool = { false },
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) -> [PointResult?] {
        let indices = (0..<pointCount).filter { (shard?.contains($0) ?? true) && !skip.contains($0) }
        let total = indices.count
        let sweep = self
        return runInParallel(
            count: total, jobs: jobs,
            makeWorker: { PointSolver(base: sweep.base, warm: warm) },
            work: { solver, k in
                let (scenario, values) = sweep.scenario(at: indices[k])
                return PointResult(index: indices[k], values: values, plan: solver.solve(scenario))
            },
            shouldStop: shouldStop, progress: { progress($0, total) })
    }
}

extension ParameterPath {
    /// Rejects a change that would take the field outside what the format allows.
    func check(_ change: ParameterChange, in scenario: Scenario) throws(AnalysisError) {
        if case .source(_, .transferUnits, _) = target {
            // Checked before rounding: 1.5 transfer units is not a scenario anyone wrote.
            let asked: Double
            switch change {
            case .set(let v): asked = v
            case .scale(let f): asked = (value(in: scenario) ?? 0) * f
            }
            guard asked == asked.rounded(), asked >= 1 else {
                throw .badValues(
                    text, "\(formatQuantity(asked)) is not a whole number of at least 1, as transfer units must be")
            }
        }
        var changed = scenario
        apply(change, to: &changed)
        let range = allowedRange
        for value in allValues(in: changed) where !range.contains(value) {
            throw .badValues(
                text,
                "\(value) is outside \(formatQuantity(range.lowerBound))…\(formatQuantity(range.upperBound)), the range the format allows for this field"
            )
        }
        if mustBePositive, let value = allValues(in: changed).first(where: { $0 <= 0 }) {
            throw .badValues(text, "\(value) is not allowed: the format wants this field above 0")
        }
    }

    /// Every value the path covers (all periods of a per-period field named without a period).
    func allValues(in scenario: Scenario) -> [Double] {
        switch target {
        case .item(let id, .demand, nil): return scenario.items[scenario.itemIndex(id)!].demand
        case .source(let id, .unitCost, nil): return scenario.sources[scenario.sourceIndex(id)!].unitCost
        case .source(let id, .capacity, nil): return scenario.sources[scenario.sourceIndex(id)!].capacity
        case .budget(nil): return scenario.policy.budget ?? []
        case .poolCapacity(let id, nil): return scenario.capacityPools.first { $0.id == id }?.capacity ?? []
        default: return value(in: scenario).map { [$0] } ?? []
        }
    }
}
