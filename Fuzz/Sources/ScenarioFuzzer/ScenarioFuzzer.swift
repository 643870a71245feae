// libFuzzer entry point: every input is read as a JSON scenario and as a YAML scenario. A
// valid one that is small enough is summarised, built into a model, loaded into GLPK and
// solved under a tiny time limit, and the plan is rendered as JSON and text.
//
// What counts as a finding (the process stops, libFuzzer keeps the input):
// - any crash, trap, stack overflow or sanitizer report (decoding must only ever throw);
// - a decoding error that carries no problem (the CLI would exit 2 saying nothing);
// - a valid scenario whose model GLPK's loader rejects, or whose solve throws, ends
//   `unbounded` (costs are non-negative) or `error` (a fatal GLPK error caught by the guard);
// - an input that takes far longer than the limits allow (libFuzzer's -timeout);
// - a plan with status optimal or feasible that breaks the rules GLPK's tolerances can hide
//   (issue 13): an order above capacity, below its minimum order, a fixed cost not paid for a
//   line that takes orders, or cost figures that do not add up to the objective.
//
// Build and run: `make fuzz` at the top of the repository, or see Fuzz/README.md.
import Sourcing

#if canImport(Glibc)
import Glibc
#endif

/// Models bigger than this (periods × (items + sources)) are decoded and built but not solved,
/// so that each input stays in the milliseconds.
let solveSizeLimit = 400
/// Models bigger than this are decoded only.
let buildSizeLimit = 5_000

private func finding(_ message: String) -> Never {
    let text = Array("FUZZ FINDING: \(message)\n".utf8)
    _ = text.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    abort()
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = size == 0 || data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    // The CLI's limits are 256 MiB; libFuzzer inputs are at most -max_len, so 1 MiB is plenty.
    let loader = ScenarioLoader(maxBytes: 1 << 20, maxDepth: 64)
    for format in [ScenarioFormat.json, .yaml] {
        let scenario: Scenario
        do {
            scenario = try loader.decode(bytes, format: format, defaultName: "fuzz")
        } catch {
            if error.problems.isEmpty { finding("\(format) decoding failed with no problem to report") }
            for problem in error.problems where problem.message.isEmpty {
                finding("\(format) decoding reported an empty problem")
            }
            continue
        }
        exercise(scenario, bytes: bytes, format: format)
    }
    return 0
}

private func exercise(_ scenario: Scenario, bytes: [UInt8], format: ScenarioFormat) {
    _ = ScenarioSummary(scenario: scenario).text
    let size = scenario.periods.count * (scenario.items.count + scenario.sources.count + 1)
    guard size <= buildSizeLimit else { return }
    let model = PlanningModel(scenario: scenario)
    let problem: LinearProblem
    do {
        problem = try LinearProblem(model.model)
    } catch {
        finding("\(format): the model of a valid scenario was rejected by the solver layer: \(error)")
    }
    _ = problem.rowCount
    guard size <= solveSizeLimit else { return }
    let identity = ScenarioIdentity(name: scenario.name, bytes: bytes)
    var options = PlanOptions(timeLimitSeconds: 0.05, sensitivity: true, jobs: 1)
    options.mipGap = 0.05
    let plan: Plan
    do {
        plan = try model.solve(identity: identity, options: options)
    } catch {
        finding("\(format): solving a valid scenario threw \(error)")
    }
    switch plan.status {
    case .unbounded: finding("\(format): a valid scenario solved unbounded (costs are non-negative)")
    case .error: finding("\(format): a valid scenario solved with status error")
    default: break
    }
    if plan.status.hasPlan { checkIndicatorRules(plan, scenario, format) }
    _ = plan.jsonText()
    _ = plan.summary(currency: scenario.currency)
}

/// The rules a hidden binary breaks, checked on the plan's own figures (the full independent
/// checker lives in the test suite: Tests/SourcingModelTests/PlanChecker.swift).
private func checkIndicatorRules(_ plan: Plan, _ scenario: Scenario, _ format: ScenarioFormat) {
    func slack(_ x: Double) -> Double { 1e-6 * max(1, abs(x)) }
    var fixed = 0.0
    for (source, figures) in zip(scenario.sources, plan.sources) {
        let ordered = figures.orders.contains { $0 > 1e-6 }
        if ordered { fixed += source.fixedCost }
        for (t, x) in figures.orders.enumerated() where x > 1e-6 {
            if x > source.capacity[t] + slack(source.capacity[t]) {
                finding("\(format): \(source.id) orders \(x) in period \(t), above its capacity \(source.capacity[t])")
            }
            if x < source.minOrder - slack(source.minOrder) {
                finding(
                    "\(format): \(source.id) orders \(x) in period \(t), below its minimum order \(source.minOrder)")
            }
        }
    }
    // Paying a fixed cost without ordering is allowed in a plan within its gap; not paying one is not.
    if plan.costs.fixed < fixed - slack(fixed) {
        finding("\(format): the plan reports fixed costs \(plan.costs.fixed), its orders imply at least \(fixed)")
    }
    if let objective = plan.objective, abs(plan.costs.total - objective) > slack(objective) {
        finding("\(format): the costs add up to \(plan.costs.total), the objective is \(objective)")
    }
}
