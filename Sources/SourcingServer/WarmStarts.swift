import Foundation
import Sourcing

// Re-solving a what-if warm (`POST /v1/solve?warmFrom=PLAN`): the stored plan's scenario is built
// and solved once more without presolve, which keeps its optimal basis (an `AnalysisBase`, kept
// here for the last few plans asked for); each solver thread then keeps a GLPK problem of that
// model (`SolverThread`), loads the changed costs and bounds into it and re-solves from that
// basis: the path of a sweep point, which answers in a fraction of a cold solve's time. A change
// of structure (a rule switched off) is built afresh. The plan has no sensitivity and no
// diagnosis: it is a preview; `POST /v1/plans` makes the full plan.

/// The bases of recent warm starts, by plan id.
final class WarmStarts: @unchecked Sendable {
    private let lock = NSLock()
    private var bases: [(id: String, base: AnalysisBase)] = []
    static let kept = 8

    /// The base of a stored plan, built (on the calling solver thread) when not kept.
    func base(for plan: StoredPlan, maxBytes: Int, ceiling: Double) throws(APIError) -> AnalysisBase {
        if let base = lock.withLock({ bases.first { $0.id == plan.id }?.base }) { return base }
        let upload = ScenarioUpload(
            bytes: Array(plan.scenario), format: UploadFormat(rawValue: plan.format) ?? .yaml, defaultName: plan.name)
        let scenario = try upload.decode(maxBytes: maxBytes)
        let settings = SolveSettings(json: try? JSONValue(parsing: plan.options))
        let base: AnalysisBase
        do {
            base = try AnalysisBase(
                scenario: scenario, identity: ScenarioIdentity(name: scenario.name, bytes: upload.bytes),
                options: settings.planOptions(for: scenario, ceiling: ceiling))
        } catch {
            throw APIError.solverDefect(error)
        }
        lock.withLock {
            bases.removeAll { $0.id == plan.id }
            bases.append((plan.id, base))
            if bases.count > WarmStarts.kept { bases.removeFirst() }
        }
        return base
    }
}
