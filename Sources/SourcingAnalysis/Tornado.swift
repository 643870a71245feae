import Foundation
import LinearSolver
import SourcingModel
import SourcingScenario

/// How a tornado bar reports a parameter's value.
public enum TornadoMeasure: String, Sendable, Equatable {
    /// One number (a scalar field, or one period of a per-period field).
    case value
    /// A per-period field with the same value in every period: that value.
    case perPeriod
    /// A per-period quantity (demand, capacity, budget) that varies by period: the sum over periods.
    case total
    /// A per-period price that varies by period: the mean over periods.
    case mean
}

/// One bar of a tornado chart: a parameter moved down and up, the scenario re-planned.
///
/// A per-period field named without a period moves as a whole (every period). A continuous field
/// is scaled by 1 ± share; a whole-unit field (an integer item's demand, its sources' capacities,
/// transfer units) moves by whole units, round(share × value) but at least 1: per period when
/// every period has the same value, else its total, spread over the periods in proportion to
/// their values (largest remainders, ties to the earlier period). A move that would take the
/// field below what the format allows (transfer units below 1, a quantity below 0) stops there;
/// a side that cannot move at all is the base plan itself.
public struct TornadoBar: Sendable, Equatable {
    public var path: String
    /// What `baseValue` and the sides' values are: a value, per period, a total or a mean.
    public var measure: TornadoMeasure
    /// The unit of the values ("hulls", "USD millions"); nil for plain numbers and shares.
    public var unit: String?
    /// Whether the field moves by whole units.
    public var wholeUnits: Bool
    public var baseValue: Double
    /// The two sides; each `values[0]` is the field's value there, in `measure`.
    public var low: PointResult
    public var high: PointResult
    /// |objective(high) − objective(low)|; nil when either side has no plan.
    public var swing: Double?
}

/// Every cost, capacity and demand parameter (or a given list) moved down and up (see
/// `TornadoBar` for how), ranked by the swing in total cost. Parameters whose move makes the
/// scenario infeasible come first (they matter most), then by swing, ties in scenario order.
public struct Tornado: Sendable {
    public let base: AnalysisBase
    public let share: Double
    public let paths: [ParameterPath]

    /// - Parameters:
    ///   - share: how far each parameter moves down and up, strictly between 0 and 1.
    ///   - paths: the parameters to move; nil for every cost, capacity, demand and transfer one.
    public init(base: AnalysisBase, share: Double, paths: [ParameterPath]? = nil) throws(AnalysisError) {
        guard share > 0, share < 1 else { throw .shareOutOfRange(share) }
        self.base = base
        self.share = share
        if let paths {
            self.paths = paths
        } else {
            self.paths = Tornado.defaultPaths(base.scenario)
        }
    }

    /// Unit cost and capacity of each eligible source, fixed, facility and reserve costs where
    /// set, transfer units of onshoring lines, the units of each component it consumes per unit,
    /// demand of each item with its opening stock, holding cost and backlog and unmet penalties
    /// where set, the capacity of each pool, and the budget.
    static func defaultPaths(_ scenario: Scenario) -> [ParameterPath] {
        var texts: [String] = []
        for (s, source) in scenario.sources.enumerated() where scenario.isEligible(source: s) {
            texts.append("sources[\(source.id)].unitCost")
            texts.append("sources[\(source.id)].capacity")
            if source.fixedCost > 0 { texts.append("sources[\(source.id)].fixedCost") }
            if source.reserveCost > 0 { texts.append("sources[\(source.id)].reserveCost") }
            if source.onshoring?.facility != nil { texts.append("sources[\(source.id)].onshoring.facility.cost") }
            if source.onshoring?.transfer != nil { texts.append("sources[\(source.id)].onshoring.transfer.units") }
            for component in source.consumes {
                texts.append("sources[\(source.id)].consumes[\(component.item)].perUnit")
            }
        }
        for item in scenario.items {
            texts.append("items[\(item.id)].demand")
            if item.initialInventory > 0 { texts.append("items[\(item.id)].initialInventory") }
            if item.holdingCost > 0 { texts.append("items[\(item.id)].holdingCost") }
            if item.backlogPenalty != nil { texts.append("items[\(item.id)].backlogPenalty") }
            if item.unmetPenalty != nil { texts.append("items[\(item.id)].unmetPenalty") }
        }
        for pool in scenario.capacityPools { texts.append("capacityPools[\(pool.id)].capacity") }
        if scenario.policy.budget != nil { texts.append("policy.budget") }
        return texts.compactMap { try? ParameterPath($0, in: scenario) }
    }

    /// How `path` is reported in `scenario`.
    func measure(of path: ParameterPath, in scenario: Scenario) -> TornadoMeasure {
        guard path.isWholeSeries else { return .value }
        let values = path.allValues(in: scenario)
        if let first = values.first, values.allSatisfy({ $0 == first }) { return .perPeriod }
        if case .source(_, .unitCost, _) = path.target { return .mean }
        return .total
    }

    /// The value of `path` in `scenario`, in `measure`, cleaned like plan figures.
    func value(of path: ParameterPath, _ measure: TornadoMeasure, in scenario: Scenario) -> Double {
        let values = path.allValues(in: scenario)
        let value: Double
        switch measure {
        case .value: value = path.value(in: scenario) ?? .nan
        case .perPeriod: value = values.first ?? .nan
        case .total: value = values.reduce(0, +)
        case .mean: value = values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
        }
        return planFigure(value)
    }

    /// The scenario with `path` moved down (`direction` −1) or up (+1); nil when it cannot move.
    func moved(_ path: ParameterPath, direction: Double, in scenario: Scenario) -> Scenario? {
        var changed = scenario
        guard path.isWholeUnits(in: scenario) else {
            path.apply(.scale(1 + direction * share), to: &changed)
            return changed
        }
        let floor: Double = {
            if case .source(_, .transferUnits, _) = path.target { return 1 }
            return 0
        }()
        func step(_ value: Double) -> Double { max(1, (share * value).rounded()) }
        switch measure(of: path, in: scenario) {
        case .value, .perPeriod:
            let values = path.allValues(in: scenario)
            guard let value = values.first else { return nil }
            let target = max(floor, value + direction * step(value))
            guard target != value else { return nil }
            if path.isWholeSeries {
                path.setSeries(values.map { _ in target }, in: &changed)
            } else {
                path.apply(.set(target), to: &changed)
            }
        case .total, .mean:
            let values = path.allValues(in: scenario)
            let total = values.reduce(0, +)
            guard total > 0 else { return nil }
            let target = max(0, total + direction * step(total))
            guard target != total else { return nil }
            path.setSeries(apportioned(values, to: target), in: &changed)
        }
        return changed
    }

    /// Solves the points (two per parameter; a side that cannot move is not solved) in parallel
    /// and ranks the bars.
    public func run(jobs: Int = defaultJobs, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in })
        -> [TornadoBar]
    {
        let tornado = self
        let scenario = base.scenario
        let sides: [Scenario?] = paths.flatMap { path in [-1.0, 1.0].map { moved(path, direction: $0, in: scenario) } }
        let count = sides.count
        let results = runInParallel(
            count: count, jobs: jobs,
            makeWorker: { PointSolver(base: tornado.base) },
            work: { solver, k -> PointResult? in
                guard let changed = sides[k] else { return nil }
                let path = tornado.paths[k / 2]
                let measure = tornado.measure(of: path, in: scenario)
                return PointResult(
                    index: k, values: [tornado.value(of: path, measure, in: changed)], plan: solver.solve(changed))
            },
            progress: { progress($0, count) })
        var bars: [(order: Int, bar: TornadoBar)] = []
        for (p, path) in paths.enumerated() {
            let measure = self.measure(of: path, in: scenario)
            let baseValue = value(of: path, measure, in: scenario)
            func side(_ k: Int) -> PointResult? {
                if sides[k] == nil { return PointResult(index: k, values: [baseValue], plan: base.plan) }
                return results[k] ?? nil
            }
            guard let low = side(2 * p), let high = side(2 * p + 1) else { continue }
            let swing = low.objective.flatMap { l in high.objective.map { planFigure(abs($0 - l)) } }
            bars.append(
                (
                    p,
                    TornadoBar(
                        path: path.text, measure: measure, unit: path.unitLabel(in: scenario),
                        wholeUnits: path.isWholeUnits(in: scenario),
                        baseValue: baseValue, low: low, high: high, swing: swing)
                ))
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

/// Whole numbers in proportion to `values` that sum to `total` (itself whole): each value scaled,
/// rounded down, and the units left over given to the largest remainders (ties to the earlier).
func apportioned(_ values: [Double], to total: Double) -> [Double] {
    let sum = values.reduce(0, +)
    guard sum > 0 else { return values }
    let exact = values.map { $0 * total / sum }
    var whole = exact.map { ($0 + 1e-9).rounded(.down) }
    var left = Int((total - whole.reduce(0, +)).rounded())
    let order = exact.indices.sorted { a, b in
        let ra = exact[a] - whole[a]
        let rb = exact[b] - whole[b]
        return abs(ra - rb) > 1e-12 ? ra > rb : a < b
    }
    for index in order where left > 0 {
        whole[index] += 1
        left -= 1
    }
    return whole
}
