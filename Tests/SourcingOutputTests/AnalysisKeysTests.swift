import Foundation
import SourcingAnalysis
import SourcingModel
import Testing

@testable import SourcingOutput

// The analysis documents' keys live in one enum per kind (AnalysisKeys.swift), and the sweep
// reader `merge` and `--resume` use names the key path of whatever is wrong.

@Suite struct AnalysisKeysTests {
    /// Every key the writers write is a case of the header's or the kind's enum (keys that are
    /// data, under `dataKeyed`, aside): a key written as a bare string would fail here.
    @Test func writersNameEveryKeyThroughTheKindsEnum() throws {
        let base = try Case.base()
        func keys<K: DocumentKey & CaseIterable>(_ json: JSONValue, _: K.Type, dataKeyed: Set<String>) -> Set<String> {
            let known = Set(AnalysisHeaderKey.allCases.map(\.rawValue) + K.allCases.map(\.rawValue))
            var unknown: Set<String> = []
            func walk(_ value: JSONValue) {
                switch value {
                case .object(let members):
                    for (key, child) in members {
                        if !known.contains(key) { unknown.insert(key) }
                        if !dataKeyed.contains(key) { walk(child) }
                    }
                case .array(let values): values.forEach(walk)
                default: break
                }
            }
            walk(json)
            return unknown
        }
        let sweep = try Case.sweep(base, ["sources[a].capacity=x0..x1:3"])
        #expect(keys(sweep, SweepKey.self, dataKeyed: ["values", "costs", "domesticShare", "units"]).isEmpty)
        #expect(keys(try Case.tornado(base), TornadoKey.self, dataKeyed: []).isEmpty)
        #expect(keys(try Case.frontier(base), FrontierKey.self, dataKeyed: ["costs"]).isEmpty)
        let stress = try Case.stress(base, by: .country)
        #expect(keys(stress, StressKey.self, dataKeyed: ["relaxedRules"]).isEmpty)
        // The walk does look: the sweep has keys outside the stress document's enum.
        #expect(keys(sweep, StressKey.self, dataKeyed: []).contains("pointCount"))
    }

    /// A two-point sweep as `sourcing sweep --format json` writes it, the second point without a plan.
    static let sweep = """
        {"kind": "sweep", "schemaVersion": 1, "scenario": {"name": "s", "sha256": "abc"}, "currency": "EUR",
         "parameters": [{"path": "policy.budget", "values": "800,900"}], "pointCount": 2, "shard": null, "missing": 0,
         "points": [
          {"index": 0, "values": {"policy.budget": 800}, "status": "optimal", "objective": 10.5, "mipGap": null,
           "costs": {"procurement": 10, "fixed": 0.5, "holding": 0, "backlog": 0, "unmet": 0, "investment": 0, "reserve": 0},
           "domesticShare": {"radar": 0.25}, "units": {"a": 3}},
          {"index": 1, "values": {"policy.budget": 900}, "status": "infeasible", "objective": null, "mipGap": null,
           "costs": {"procurement": null, "fixed": null, "holding": null, "backlog": null, "unmet": null, "investment": null,
             "reserve": null},
           "domesticShare": {"radar": null}, "units": {"a": null}, "error": "why"}
         ]}
        """

    /// Read and written again, the document is the same: every figure was read.
    @Test func aSweepReadsBackToTheSameBytes() throws {
        let read = try SweepDocument(jsonText: Self.sweep)
        #expect(read.json.serialized() == (try JSONValue(parsing: Self.sweep)).serialized())
        #expect(read.points.map(\.costs.fixed) == [0.5, 0])
        #expect(read.currency == "EUR")
    }

    @Test(arguments: [
        ("\"objective\": 10.5", "\"objective\": \"10.5\"", "points[0].objective: expected a number, found a string"),
        (
            "\"kind\": \"sweep\"", "\"kind\": \"tornado\"",
            "kind: not a sweep document (expected \"sweep\", found \"tornado\")"
        ),
        ("\"kind\": \"sweep\", ", "", "kind: not a sweep document (expected \"sweep\", found nothing)"),
        ("\"pointCount\": 2", "\"pointCount\": null", "pointCount: expected a number, found null"),
        ("\"index\": 1,", "\"index\": 1.5,", "points[1].index: expected a whole number, found a number"),
        ("\"status\": \"infeasible\"", "\"status\": \"unsure\"", "points[1].status: unknown status \"unsure\""),
        ("\"units\": {\"a\": 3}", "\"units\": {\"a\": true}", "points[0].units.a: expected a number, found a boolean"),
        ("\"costs\": {\"procurement\": 10,", "\"cost\": {\"procurement\": 10,", "points[0].costs: missing"),
        ("\"fixed\": 0.5", "\"fixed\": \"0.5\"", "points[0].costs.fixed: expected a number, found a string"),
        (
            "\"domesticShare\": {\"radar\": null}", "\"domesticShare\": {\"sonar\": null}",
            "points[1].domesticShare: names other items than the first point"
        ),
        (
            "\"values\": {\"policy.budget\": 900}", "\"values\": {\"discountRate\": 900}",
            "points[1].values: names other parameters than the document's"
        ),
        (
            "\"shard\": null", "\"shard\": {\"index\": 2, \"count\": 2}",
            "shard: the shard index must be from 0 to 1, got 2"
        ),
        ("\"error\": \"why\"", "\"error\": 7", "points[1].error: expected a string, found a number"),
        ("\"scenario\": {\"name\": \"s\", ", "\"scenario\": {", "scenario.name: missing"),
    ])
    func aBadSweepNamesTheKeyPath(_ old: String, _ new: String, _ message: String) throws {
        let text = Self.sweep.replacingOccurrences(of: old, with: new)
        #expect(text != Self.sweep)
        #expect(throws: PlanReadError.self) { try SweepDocument(jsonText: text) }
        do {
            _ = try SweepDocument(jsonText: text)
        } catch {
            #expect(error.description == message)
        }
    }
}
