import Foundation
import LinearSolver
import SourcingModel
import SourcingScenario

/// The cost of onshoring: the least cost for each required domestic share of one item
/// (a horizon-wide minimum, replacing the item's own domestic-share rule).
public struct Frontier: Sendable {
    public let base: AnalysisBase
    public let item: String
    public let shares: [Double]

    /// - Parameter shares: the required domestic shares, each in 0…1.
    public init(base: AnalysisBase, item: String, shares: [Double]) throws(AnalysisError) {
        guard base.scenario.itemIndex(item) != nil else { throw .badRequest("unknown item \"\(item)\"") }
        if let outside = shares.first(where: { !(0...1).contains($0) }) { throw .domesticShareOutOfRange(outside) }
        self.base = base
        self.item = item
        self.shares = shares.map(planFigure)  // 0..1:11 gives 0.30000000000000004; the share is 0.3
    }

    /// The shares of a value list (`0..1:11`, `0.5,0.6`): values from 0 to 1, no factors.
    public static func shares(parsing text: String) throws(AnalysisError) -> [Double] {
        try parseValueList(text).map { change throws(AnalysisError) in
            guard case .set(let value) = change, (0...1).contains(value) else {
                throw .badValues(text, "domestic shares are values from 0 to 1 (no factors)")
            }
            return value
        }
    }

    public func run(jobs: Int = defaultJobs, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in })
        -> [PointResult]
    {
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
