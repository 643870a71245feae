import Foundation
import SourcingModel
import SourcingOutput
import SourcingScenario
import Testing

// Small scenarios built in code, and a solve that runs the independent plan checker on every plan.

let usa = Country(id: "US", domestic: true)
let finland = Country(id: "FI", exportApproved: ["*"], ipProtection: 1)
let sweden = Country(id: "SE", exportApproved: ["*"], ipProtection: 1)

func labels(_ count: Int) -> [String] { (0..<count).map { "P\($0 + 1)" } }

func item(_ id: String = "widget", demand: [Double], _ configure: (inout Item) -> Void = { _ in }) -> Item {
    var value = Item(id: id, category: "c", demand: demand)
    configure(&value)
    return value
}

/// A source; `unitCost` and `capacity` are per period (a single value is repeated).
func source(
    _ id: String, country: Country = usa, item: String = "widget", periods: Int,
    cost: Double, capacity: Double, _ configure: (inout Source) -> Void = { _ in }
) -> Source {
    var value = Source(
        id: id, country: country.id, item: item,
        unitCost: Array(repeating: cost, count: periods), capacity: Array(repeating: capacity, count: periods),
        domesticContent: country.domestic ? 1 : 0)
    configure(&value)
    return value
}

func scenario(
    periods: Int, countries: [Country] = [usa, finland], items: [Item], sources: [Source],
    _ configure: (inout Scenario) -> Void = { _ in }
) -> Scenario {
    var value = Scenario(name: "test", periods: labels(periods), countries: countries, items: items, sources: sources)
    configure(&value)
    return value
}

/// Solves, checks the plan against every rule with the independent checker, and returns it.
@discardableResult
func solveChecked(
    _ scenario: Scenario, options: PlanOptions = PlanOptions(), sourceLocation: SourceLocation = #_sourceLocation
) throws -> Plan {
    let plan = try scenario.solve(identity: ScenarioIdentity(name: scenario.name, sha256: "test"), options: options)
    let json = try JSONSerialization.jsonObject(with: Data(plan.jsonText().utf8)) as! [String: Any]
    let violations = checkPlan(json, against: scenario)
    #expect(violations.isEmpty, "plan violates the formulation: \(violations)", sourceLocation: sourceLocation)
    // Every plan with figures was checked on the model as built (issue 13).
    if plan.status.hasPlan {
        #expect(
            plan.solver.verified && (plan.solver.maxViolation ?? 1) <= 1e-6, "plan not verified",
            sourceLocation: sourceLocation)
    }
    return plan
}

extension Plan {
    func orders(_ id: String) -> [Double] { sources.first { $0.id == id }!.orders }
    func total(_ id: String) -> Double { orders(id).reduce(0, +) }
}

/// Equal within a relative 1e-9: hand-derived optima are exact, GLPK's arithmetic nearly so.
func close(_ a: Double?, _ b: Double) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= 1e-9 * max(1, abs(b))
}
