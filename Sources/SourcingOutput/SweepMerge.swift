import SourcingAnalysis
import SourcingModel

// Reading sweep documents back: to merge shards into the result of one run, and to resume an
// interrupted sweep by solving only its missing points.

extension SweepDocument {
    /// Reads a sweep document as a sweep writes it in JSON. Numbers are read
    /// correctly rounded and object keys in order, so a document read back and written again
    /// gives the same bytes (what merging shards and resuming a sweep rely on).
    /// - Throws: `PlanReadError` naming the key path that is missing or wrong (`points[3].objective`).
    public init(jsonText: String) throws(PlanReadError) {
        let document: JSONValue
        do { document = try JSONValue(parsing: jsonText) } catch {
            throw PlanReadError(path: "", message: "not JSON: \(error)")
        }
        try self.init(json: document)
    }

    /// Reads a parsed sweep document. Unlike `SweepFigures` it needs every figure of every point
    /// (null where the point has no plan), since it writes them all back out; every point must
    /// name the same parameters, items and sources in the same order.
    public init(json document: JSONValue) throws(PlanReadError) {
        let header = try KeyedReader<AnalysisHeaderKey>(document)
        let kind = header.has(.kind) ? try header.value(.kind) : nil
        guard kind == .string(AnalysisKind.sweep.rawValue) else {
            let found = kind.map { if case .string(let text) = $0 { "\"\(text)\"" } else { $0.kindName } } ?? "nothing"
            throw PlanReadError(
                path: header.key(.kind), message: "not a sweep document (expected \"sweep\", found \(found))")
        }
        let scenario = try header.object(.scenario)
        let root = header.with(SweepKey.self)
        var parameters: [(path: String, values: String)] = []
        for r in try root.objects(.parameters) { parameters.append((try r.string(.path), try r.string(.values))) }
        let paths = parameters.map(\.path)
        var items: [String]?
        var sources: [String]?
        var points: [PointResult] = []
        for r in try root.objects(.points) {
            let values = try r.members(.values)
            let shares = try r.members(.domesticShare)
            let units = try r.members(.units)
            func sameKeys(_ object: ObjectReader, _ expected: [String], _ what: String) throws(PlanReadError) {
                guard object.members.map(\.0) == expected else {
                    throw PlanReadError(path: object.path, message: "names other \(what)")
                }
            }
            // Item and source order: the first point's key order.
            try sameKeys(values, paths, "parameters than the document's")
            try sameKeys(shares, items ?? shares.members.map(\.0), "items than the first point")
            try sameKeys(units, sources ?? units.members.map(\.0), "sources than the first point")
            items = shares.members.map(\.0)
            sources = units.members.map(\.0)
            let costs = try r.members(.costs)
            var breakdown = CostBreakdown()
            for kind in CostBreakdown.Kind.allCases { breakdown[kind] = try costs.numberIfPresent(kind.rawValue) ?? 0 }
            points.append(
                PointResult(
                    index: try r.int(.index),
                    values: try paths.map { (p) throws(PlanReadError) in try values.optionalNumber(p) ?? .nan },
                    status: try r.status(.status), objective: try r.numberIfPresent(.objective),
                    mipGap: try r.numberIfPresent(.mipGap), costs: breakdown,
                    domesticShare: try items!.map { (i) throws(PlanReadError) in try shares.optionalNumber(i) },
                    units: try sources!.map { (s) throws(PlanReadError) in try units.optionalNumber(s) ?? 0 },
                    error: try r.optionalString(.error)))
        }
        self.init(
            scenario: ScenarioIdentity(name: try scenario.string(.name), sha256: try scenario.string(.sha256)),
            parameters: parameters, pointCount: try root.int(.pointCount),
            shard: try root.objectIfPresent(.shard)?.shard(index: .index, count: .count),
            items: items ?? [], sources: sources ?? [], points: points.sorted { $0.index < $1.index })
        currency = try header.optionalString(.currency)
    }

    /// Joins shard documents (or a partial run and its resumption) into one: they must come from
    /// the same scenario and grid. The result has no shard and lists every point once.
    public static func merge(_ documents: [SweepDocument]) throws(AnalysisError) -> SweepDocument {
        guard var merged = documents.first else { throw .badRequest("nothing to merge") }
        for other in documents.dropFirst() {
            guard other.scenario == merged.scenario else {
                throw .badRequest("the documents come from different scenarios (SHA-256 differs)")
            }
            guard other.parameters.map({ $0.path }) == merged.parameters.map({ $0.path }),
                other.parameters.map({ $0.values }) == merged.parameters.map({ $0.values }),
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
