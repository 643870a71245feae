import SourcingAnalysis
import SourcingModel

// The key names of the analysis documents, one enum per document kind: the writers
// (AnalysisJSON.swift, StressJSON.swift) and the readers (AnalysisReading.swift, SweepMerge.swift)
// both name keys through them, so each key is spelled once. Keys that are data (a parameter's
// path, an item's or source's id, a cost kind) are not here.

/// A document's key names: each case's raw value is the key as written.
protocol DocumentKey: RawRepresentable<String> {}

extension DocumentKey {
    /// Object members with these keys, in the order given.
    static func members(_ members: [(Self, JSONValue)]) -> [(String, JSONValue)] {
        members.map { ($0.0.rawValue, $0.1) }
    }

    /// An object with these keys, in the order given.
    static func object(_ members: [(Self, JSONValue)]) -> JSONValue { .object(Self.members(members)) }
}

/// The keys every analysis document starts with: `{kind, schemaVersion, scenario: {name, sha256}, currency}`.
enum AnalysisHeaderKey: String, DocumentKey, CaseIterable {
    case kind, schemaVersion, scenario, name, sha256, currency

    /// The first members of an analysis document of `kind`.
    static func header(_ kind: AnalysisKind, _ scenario: ScenarioIdentity, currency: String?) -> [(String, JSONValue)] {
        members([
            (.kind, .string(kind.rawValue)),
            (.schemaVersion, .number(1)),
            (.scenario, object([(.name, .string(scenario.name)), (.sha256, .string(scenario.sha256))])),
            (.currency, JSONValue(currency)),
        ])
    }
}

/// A sweep document's keys after the header (see `SweepDocument.json`).
enum SweepKey: String, DocumentKey, CaseIterable {
    case parameters, path, values, pointCount, shard, index, count, missing
    case points, status, objective, mipGap, costs, domesticShare, units, error
}

/// A tornado document's keys after the header (see `tornadoJSON`).
enum TornadoKey: String, DocumentKey, CaseIterable {
    case by, baseObjective, bars, path, measure, unit, wholeUnits, baseValue, low, high, swing
    case value, change, status, objective
}

/// A frontier document's keys after the header (see `frontierJSON`).
enum FrontierKey: String, DocumentKey, CaseIterable {
    case item, points, domesticShare, status, objective, costs
}

/// A stress document's keys after the header (see `stressJSON`).
enum StressKey: String, DocumentKey, CaseIterable {
    case by, from, `for`, through, defaultWindow, stressPenalty, base, status, objective, penalties, missing
    case disruptions, target, sources, extraCost, extraSpend, extraPenalty, lostOrders, units, cost
    case unitsShort, unitsLate, shortfallUnitPeriods, survives, timeToSurvive, firstShortfall, recoveryPeriods
    case exposure, shortfall, items, id, throughComponents, relaxedRules, error
    /// A relaxed rule's text (its entries are plan diagnoses, written by `Diagnosis.json`).
    case message
}

// MARK: - Reading with keys

/// An `ObjectReader` that names keys through a document's key enum; errors name the key path.
struct KeyedReader<Key: DocumentKey> {
    /// The object itself, for keys that are data (ids, parameter paths).
    let plain: ObjectReader

    init(_ plain: ObjectReader) { self.plain = plain }
    init(_ value: JSONValue, _ path: String = "") throws(PlanReadError) { plain = try ObjectReader(value, path) }

    var path: String { plain.path }

    /// The same object read with another document's keys (the header's).
    func with<Other: DocumentKey>(_: Other.Type) -> KeyedReader<Other> { KeyedReader<Other>(plain) }

    func key(_ key: Key) -> String { plain.key(key.rawValue) }
    func has(_ key: Key) -> Bool { plain.has(key.rawValue) }
    func isPresent(_ key: Key) -> Bool { plain.isPresent(key.rawValue) }
    func value(_ key: Key) throws(PlanReadError) -> JSONValue { try plain.value(key.rawValue) }

    func object(_ key: Key) throws(PlanReadError) -> KeyedReader { KeyedReader(try plain.object(key.rawValue)) }
    func objectIfPresent(_ key: Key) throws(PlanReadError) -> KeyedReader? {
        try plain.objectIfPresent(key.rawValue).map { KeyedReader($0) }
    }
    func objects(_ key: Key) throws(PlanReadError) -> [KeyedReader] {
        try plain.objects(key.rawValue).map { KeyedReader($0) }
    }
    func objectsIfPresent(_ key: Key) throws(PlanReadError) -> [KeyedReader] {
        try plain.objectsIfPresent(key.rawValue).map { KeyedReader($0) }
    }
    /// An object whose keys are data (a point's `values` by parameter path, `units` by source).
    func members(_ key: Key) throws(PlanReadError) -> ObjectReader { try plain.object(key.rawValue) }

    func string(_ key: Key) throws(PlanReadError) -> String { try plain.string(key.rawValue) }
    func optionalString(_ key: Key) throws(PlanReadError) -> String? { try plain.optionalString(key.rawValue) }
    func stringsIfPresent(_ key: Key) throws(PlanReadError) -> [String] { try plain.stringsIfPresent(key.rawValue) }
    func number(_ key: Key) throws(PlanReadError) -> Double { try plain.number(key.rawValue) }
    func numberIfPresent(_ key: Key) throws(PlanReadError) -> Double? { try plain.numberIfPresent(key.rawValue) }
    func int(_ key: Key) throws(PlanReadError) -> Int { try plain.int(key.rawValue) }
    func intIfPresent(_ key: Key) throws(PlanReadError) -> Int? { try plain.intIfPresent(key.rawValue) }
    func boolIfPresent(_ key: Key) throws(PlanReadError) -> Bool? { try plain.boolIfPresent(key.rawValue) }
    func status(_ key: Key) throws(PlanReadError) -> PlanStatus { try plain.status(key.rawValue) }

    /// The document's shard (`{index, count}`), checked as `Shard` checks it.
    func shard(index: Key, count: Key) throws(PlanReadError) -> Shard {
        let k = try int(index)
        let n = try int(count)
        do throws(AnalysisError) { return try Shard(index: k, count: n) } catch {
            guard case .badShard(let why) = error else { throw PlanReadError(path: path, message: "\(error)") }
            throw PlanReadError(path: path, message: why)
        }
    }
}

// MARK: - Keys that may be absent

extension ObjectReader {
    /// Whether the key is there with a value other than null.
    func isPresent(_ name: String) -> Bool {
        guard let value = members.first(where: { $0.0 == name })?.1 else { return false }
        return value != .null
    }

    func numberIfPresent(_ name: String) throws(PlanReadError) -> Double? { isPresent(name) ? try number(name) : nil }
    func intIfPresent(_ name: String) throws(PlanReadError) -> Int? { isPresent(name) ? try int(name) : nil }
    func boolIfPresent(_ name: String) throws(PlanReadError) -> Bool? { isPresent(name) ? try bool(name) : nil }
    func objectIfPresent(_ name: String) throws(PlanReadError) -> ObjectReader? {
        isPresent(name) ? try object(name) : nil
    }

    /// The objects of an array, each with its path (`points[3]`).
    func objects(_ name: String) throws(PlanReadError) -> [ObjectReader] {
        var out: [ObjectReader] = []
        for (i, value) in try array(name).enumerated() { out.append(try ObjectReader(value, "\(key(name))[\(i)]")) }
        return out
    }

    /// `objects(name)`, or none when the key is absent or null.
    func objectsIfPresent(_ name: String) throws(PlanReadError) -> [ObjectReader] {
        isPresent(name) ? try objects(name) : []
    }

    /// The strings of an array, or none when the key is absent or null.
    func stringsIfPresent(_ name: String) throws(PlanReadError) -> [String] {
        guard isPresent(name) else { return [] }
        var out: [String] = []
        for (i, value) in try array(name).enumerated() {
            out.append(try ObjectReader.string(value, "\(key(name))[\(i)]"))
        }
        return out
    }
}
