// The one path from a scenario's bytes to the plan JSON, shared by every entry point: the
// CLI's solve command and the server (`POST /v1/solve`, `/v1/plans`) call this, so that the
// same bytes and options give the same plan bytes (timings aside).

/// A solved plan and its JSON document, exactly as the CLI's solve command prints it as JSON.
public struct PlanDocument: Sendable {
    public var plan: Plan
    /// The plan JSON (pretty, ordered, ending without a newline as `jsonText()` writes it).
    public var json: String

    /// Solves a validated scenario whose document had `bytes` (their SHA-256 is the checksum
    /// the plan records) with `options`, on the calling thread (GLPK's state is per thread).
    ///
    /// - Throws: `SolverError` only when the built model is invalid, which is a defect.
    public init<Bytes: Collection>(solving scenario: Scenario, bytes: Bytes, options: PlanOptions) throws(SolverError)
    where Bytes.Element == UInt8 {
        let plan = try scenario.solve(identity: ScenarioIdentity(name: scenario.name, bytes: bytes), options: options)
        self.init(plan: plan)
    }

    /// The document of a plan already solved.
    public init(plan: Plan) {
        self.plan = plan
        json = plan.jsonText()
    }
}
