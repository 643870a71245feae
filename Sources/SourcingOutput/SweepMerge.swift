import SourcingAnalysis
import SourcingModel

// Reading sweep documents back: to merge shards into the result of one run, and to resume an
// interrupted sweep by solving only its missing points.

extension SweepDocument {
    /// Reads a sweep document written by `sourcing sweep --format json`. Numbers are read
    /// correctly rounded and object keys in order, so a document read back and written again
    /// gives the same bytes (what `merge` and `--resume` rely on).
    public init(jsonText: String) throws(AnalysisError) {
        func fail(_ why: String) -> AnalysisError { .badRequest("not a sweep document: \(why)") }
        let root: JSONValue
        do { root = try JSONValue(parsing: jsonText) } catch { throw fail("invalid JSON (\(error))") }
        guard case .string("sweep")? = root["kind"] else { throw fail("its kind is not \"sweep\"") }
        guard let name = root["scenario"]?["name"]?.stringValue, let sha = root["scenario"]?["sha256"]?.stringValue,
              case .array(let parameters)? = root["parameters"], let pointCount = root["pointCount"]?.numberValue,
              case .array(let rawPoints)? = root["points"]
        else { throw fail("missing scenario, parameters, pointCount or points") }
        var pairs: [(path: String, values: String)] = []
        for parameter in parameters {
            guard let path = parameter["path"]?.stringValue, let values = parameter["values"]?.stringValue else { throw fail("bad parameters") }
            pairs.append((path, values))
        }
        var shard: Shard?
        if let raw = root["shard"], raw != .null {
            guard let k = raw["index"]?.numberValue, let n = raw["count"]?.numberValue else { throw fail("bad shard") }
            shard = try Shard(index: Int(k), count: Int(n))
        }
        var items: [String]?, sources: [String]?
        var points: [PointResult] = []
        for raw in rawPoints {
            guard let index = raw["index"]?.numberValue, let status = raw["status"]?.stringValue.flatMap(PlanStatus.init(rawValue:)),
                  let values = raw["values"]?.objectMembers, let costs = raw["costs"],
                  let shares = raw["domesticShare"]?.objectMembers, let units = raw["units"]?.objectMembers
            else { throw fail("a point lacks index, status, values, costs, domesticShare or units") }
            // Item and source order: the first point's key order (every point has the same keys).
            if items == nil { items = shares.map(\.0) }
            if sources == nil { sources = units.map(\.0) }
            guard shares.map(\.0) == items!, units.map(\.0) == sources!, values.map(\.0) == pairs.map({ $0.path }) else {
                throw fail("point \(Int(index)) names other items, sources or parameters than the first point")
            }
            var breakdown = CostBreakdown()
            breakdown.procurement = costs["procurement"]?.numberValue ?? 0
            breakdown.fixed = costs["fixed"]?.numberValue ?? 0
            breakdown.holding = costs["holding"]?.numberValue ?? 0
            breakdown.backlog = costs["backlog"]?.numberValue ?? 0
            breakdown.unmet = costs["unmet"]?.numberValue ?? 0
            breakdown.investment = costs["investment"]?.numberValue ?? 0
            breakdown.reserve = costs["reserve"]?.numberValue ?? 0
            points.append(PointResult(
                index: Int(index), values: values.map { $0.1.numberValue ?? .nan }, status: status,
                objective: raw["objective"]?.numberValue, mipGap: raw["mipGap"]?.numberValue, costs: breakdown,
                domesticShare: shares.map { $0.1.numberValue }, units: units.map { $0.1.numberValue ?? 0 },
                error: raw["error"]?.stringValue))
        }
        self.init(
            scenario: ScenarioIdentity(name: name, sha256: sha), parameters: pairs, pointCount: Int(pointCount),
            shard: shard, items: items ?? [], sources: sources ?? [], points: points.sorted { $0.index < $1.index })
        currency = root["currency"]?.stringValue
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
        // A part with no points has no item or source list of its own.
        if let full = documents.first(where: { !$0.points.isEmpty }) {
            merged.items = full.items
            merged.sources = full.sources
        }
        merged.shard = nil
        merged.points = byIndex.keys.sorted().map { byIndex[$0]! }
        return merged
    }
}

extension JSONValue {
    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var numberValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }
}
