import Foundation
import SourcingAnalysis
import SourcingModel

// Reading sweep documents back: to merge shards into the result of one run, and to resume an
// interrupted sweep by solving only its missing points.

extension SweepDocument {
    /// Reads a sweep document written by `sourcing sweep --format json`.
    public init(jsonText: String) throws(AnalysisError) {
        func fail(_ why: String) -> AnalysisError { .badRequest("not a sweep document: \(why)") }
        guard let data = jsonText.data(using: .utf8),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { throw fail("invalid JSON") }
        guard root["kind"] as? String == "sweep" else { throw fail("its kind is not \"sweep\"") }
        guard let scenario = root["scenario"] as? [String: Any], let name = scenario["name"] as? String,
              let sha = scenario["sha256"] as? String,
              let parameters = root["parameters"] as? [[String: Any]],
              let pointCount = (root["pointCount"] as? NSNumber)?.intValue,
              let rawPoints = root["points"] as? [[String: Any]]
        else { throw fail("missing scenario, parameters, pointCount or points") }
        let paths = parameters.compactMap { $0["path"] as? String }
        let valueTexts = parameters.compactMap { $0["values"] as? String }
        guard paths.count == parameters.count, valueTexts.count == parameters.count else { throw fail("bad parameters") }
        var shard: Shard?
        if let raw = root["shard"] as? [String: Any] {
            guard let k = (raw["index"] as? NSNumber)?.intValue, let n = (raw["count"] as? NSNumber)?.intValue else { throw fail("bad shard") }
            shard = try Shard(index: k, count: n)
        }
        // Item and source order comes from the first point (JSON objects keep no order here),
        // so read it from the text's key order via the points' arrays when present.
        var items: [String] = []
        var sources: [String] = []
        var points: [PointResult] = []
        for raw in rawPoints {
            guard let index = (raw["index"] as? NSNumber)?.intValue, let status = (raw["status"] as? String).flatMap(PlanStatus.init(rawValue:)),
                  let values = raw["values"] as? [String: Any], let costs = raw["costs"] as? [String: Any],
                  let shares = raw["domesticShare"] as? [String: Any], let units = raw["units"] as? [String: Any]
            else { throw fail("a point lacks index, status, values, costs, domesticShare or units") }
            if items.isEmpty && sources.isEmpty {
                items = orderedKeys(of: "domesticShare", in: jsonText) ?? shares.keys.sorted()
                sources = orderedKeys(of: "units", in: jsonText) ?? units.keys.sorted()
            }
            var breakdown = CostBreakdown()
            breakdown.procurement = number(costs["procurement"]) ?? 0
            breakdown.fixed = number(costs["fixed"]) ?? 0
            breakdown.holding = number(costs["holding"]) ?? 0
            breakdown.backlog = number(costs["backlog"]) ?? 0
            breakdown.unmet = number(costs["unmet"]) ?? 0
            breakdown.investment = number(costs["investment"]) ?? 0
            breakdown.reserve = number(costs["reserve"]) ?? 0
            points.append(PointResult(
                index: index, values: paths.map { number(values[$0]) ?? .nan }, status: status,
                objective: number(raw["objective"]), mipGap: number(raw["mipGap"]), costs: breakdown,
                domesticShare: items.map { number(shares[$0]) }, units: sources.map { number(units[$0]) ?? 0 }))
        }
        self.init(
            scenario: ScenarioIdentity(name: name, sha256: sha), parameters: Array(zip(paths, valueTexts)).map { ($0.0, $0.1) },
            pointCount: pointCount, shard: shard, items: items, sources: sources, points: points.sorted { $0.index < $1.index })
    }

    /// Joins shard documents (or a partial run and its resumption) into one: they must come from
    /// the same scenario and grid. The result has no shard and lists every point once.
    public static func merge(_ documents: [SweepDocument]) throws(AnalysisError) -> SweepDocument {
        guard var merged = documents.first else { throw .badRequest("nothing to merge") }
        for other in documents.dropFirst() {
            guard other.scenario == merged.scenario else { throw .badRequest("the documents come from different scenarios (SHA-256 differs)") }
            guard other.parameters.map({ $0.path }) == merged.parameters.map({ $0.path }), other.parameters.map({ $0.values }) == merged.parameters.map({ $0.values }),
                  other.pointCount == merged.pointCount
            else { throw .badRequest("the documents come from different sweeps (parameters or values differ)") }
        }
        var byIndex: [Int: PointResult] = [:]
        for document in documents {
            for point in document.points {
                if let existing = byIndex[point.index], existing != point {
                    throw .badRequest("point \(point.index) appears twice with different results")
                }
                byIndex[point.index] = point
            }
        }
        merged.shard = nil
        merged.points = byIndex.keys.sorted().map { byIndex[$0]! }
        return merged
    }
}

private func number(_ value: Any?) -> Double? {
    guard let value = value as? NSNumber else { return nil }
    return value.doubleValue
}

/// The keys of the first object named `key` in the text, in written order (our writer puts one
/// object per line with its keys in order).
private func orderedKeys(of key: String, in text: String) -> [String]? {
    guard let start = text.range(of: "\"\(key)\": {") else { return nil }
    guard let end = text[start.upperBound...].firstIndex(of: "}") else { return nil }
    let body = text[start.upperBound..<end]
    var keys: [String] = []
    var rest = body[...]
    while let open = rest.firstIndex(of: "\"") {
        let afterOpen = rest.index(after: open)
        guard let close = rest[afterOpen...].firstIndex(of: "\"") else { break }
        keys.append(String(rest[afterOpen..<close]))
        // Skip to the next member.
        guard let comma = rest[close...].firstIndex(of: ",") else { break }
        rest = rest[rest.index(after: comma)...]
    }
    return keys
}
