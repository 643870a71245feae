import SourcingModel
import SourcingScenario

/// One bar of a tornado chart: a parameter moved down and up by the same share.
public struct TornadoBar: Sendable, Equatable {
    public var path: String
    public var baseValue: Double
    public var low: PointResult
    public var high: PointResult
    /// |objective(high) − objective(low)|; nil when either side has no plan.
    public var swing: Double?
}

/// Every cost, capacity and demand parameter (or a given list) moved by ±`share`, ranked by the
/// swing in total cost. Parameters whose move makes the scenario infeasible come first (they
/// matter most), then by swing, ties in scenario order.
public struct Tornado: Sendable {
    public let base: AnalysisBase
    public let share: Double
    public let paths: [ParameterPath]

    public init(base: AnalysisBase, share: Double, paths: [String]? = nil) throws(AnalysisError) {
        guard share > 0, share < 1 else { throw .badRequest("--by must be between 0% and 100%, exclusive") }
        self.base = base
        self.share = share
        if let paths {
            var parsed: [ParameterPath] = []
            for path in paths { parsed.append(try ParameterPath(path, in: base.scenario)) }
            self.paths = parsed
        } else {
            self.paths = Tornado.defaultPaths(base.scenario)
        }
    }

    /// Unit cost and capacity of each eligible source, fixed and facility costs where set, the
    /// units of each component it consumes per unit, demand and holding cost of each item, the
    /// capacity of each pool, and the budget.
    static func defaultPaths(_ scenario: Scenario) -> [ParameterPath] {
        var texts: [String] = []
        for (s, source) in scenario.sources.enumerated() where scenario.isEligible(source: s) {
            texts.append("sources[\(source.id)].unitCost")
            texts.append("sources[\(source.id)].capacity")
            if source.fixedCost > 0 { texts.append("sources[\(source.id)].fixedCost") }
            if source.onshoring?.facility != nil { texts.append("sources[\(source.id)].onshoring.facility.cost") }
            for component in source.consumes { texts.append("sources[\(source.id)].consumes[\(component.item)].perUnit") }
        }
        for item in scenario.items {
            texts.append("items[\(item.id)].demand")
            if item.holdingCost > 0 { texts.append("items[\(item.id)].holdingCost") }
        }
        for pool in scenario.capacityPools { texts.append("capacityPools[\(pool.id)].capacity") }
        if scenario.policy.budget != nil { texts.append("policy.budget") }
        return texts.compactMap { try? ParameterPath($0, in: scenario) }
    }

    /// Solves the 2 × parameters points in parallel and ranks the bars.
    public func run(jobs: Int = defaultJobs, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) -> [TornadoBar] {
        let tornado = self
        let count = paths.count * 2
        let results = runInParallel(
            count: count, jobs: jobs,
            makeWorker: { PointSolver(base: tornado.base) },
            work: { solver, k in
                let path = tornado.paths[k / 2]
                var scenario = tornado.base.scenario
                path.apply(.scale(k % 2 == 0 ? 1 - tornado.share : 1 + tornado.share), to: &scenario)
                return PointResult(index: k, values: [path.value(in: scenario) ?? .nan], plan: solver.solve(scenario))
            },
            progress: { progress($0, count) })
        var bars: [(order: Int, bar: TornadoBar)] = []
        for (p, path) in paths.enumerated() {
            guard let low = results[2 * p], let high = results[2 * p + 1] else { continue }
            let swing = low.objective.flatMap { l in high.objective.map { abs($0 - l) } }
            bars.append((p, TornadoBar(path: path.text, baseValue: path.value(in: base.scenario) ?? .nan, low: low, high: high, swing: swing)))
        }
        bars.sort { a, b in
            switch (a.bar.swing, b.bar.swing) {
            case (nil, nil): return a.order < b.order
            case (nil, _): return true
            case (_, nil): return false
            case let (x?, y?): return x != y ? x > y : a.order < b.order
            }
        }
        return bars.map(\.bar)
    }
}

/// The cost of onshoring: the least cost for each required domestic share of one item
/// (a horizon-wide minimum, replacing the item's own domestic-share rule).
public struct Frontier: Sendable {
    public let base: AnalysisBase
    public let item: String
    public let shares: [Double]

    public init(base: AnalysisBase, item: String, shares: String) throws(AnalysisError) {
        guard base.scenario.itemIndex(item) != nil else { throw .badRequest("unknown item \"\(item)\"") }
        var values: [Double] = []
        for change in try parseValueList(shares) {
            guard case .set(let value) = change, (0...1).contains(value) else {
                throw .badValues(shares, "domestic shares are values from 0 to 1 (no factors)")
            }
            values.append(value)
        }
        self.base = base
        self.item = item
        self.shares = values
    }

    public func run(jobs: Int = defaultJobs, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) -> [PointResult] {
        let frontier = self
        let i = base.scenario.itemIndex(item)!
        return runInParallel(
            count: shares.count, jobs: jobs,
            makeWorker: { PointSolver(base: frontier.base) },
            work: { solver, k in
                var scenario = frontier.base.scenario
                scenario.items[i].domesticShare = DomesticShareRule(min: frontier.shares[k], from: 0, over: .horizon)
                return PointResult(index: k, values: [frontier.shares[k]], plan: solver.solve(scenario))
            },
            progress: { progress($0, frontier.shares.count) }
        ).map { $0! }
    }
}
