// The decoder's table of field names, per kind of object: one enum per kind (`ItemField`, …)
// whose cases are the fields. The validator switches over them exhaustively, finds unknown
// fields (and suggests the closest name) and missing required ones from them; a test compares
// the table with models/scenario.schema.json so that the schema and the decoder accept the same
// fields.

/// The fields one kind of object in a scenario file may hold.
public struct ScenarioObjectFields: Sendable, Equatable {
    /// The kind of object, named as in the JSON Schema's `$defs` (`scenario` is the top level).
    public var kind: String
    /// Every field the decoder accepts, in the order the format lists them.
    public var fields: [String]
    /// The fields that must be present.
    public var required: [String]
}

/// The kinds of object in a scenario file.
enum ScenarioObjectKind: String, CaseIterable {
    case scenario, country, item, domesticShare, minimumCount, resilience
    case source, onshoring, transfer, facility, policy, solver
    case component, capacityPool, poolMember

    /// The field names of this kind, in the format's order: the cases of its field enum.
    var fields: [String] {
        switch self {
        case .scenario: ScenarioField.names
        case .country: CountryField.names
        case .item: ItemField.names
        case .domesticShare: DomesticShareField.names
        case .minimumCount: MinimumCountField.names
        case .resilience: ResilienceField.names
        case .source: SourceField.names
        case .onshoring: OnshoringField.names
        case .transfer: TransferField.names
        case .facility: FacilityField.names
        case .policy: PolicyField.names
        case .solver: SolverField.names
        case .component: ComponentField.names
        case .capacityPool: CapacityPoolField.names
        case .poolMember: PoolMemberField.names
        }
    }

    /// The fields that must be present.
    var required: [String] {
        switch self {
        case .scenario: ScenarioField.requiredNames
        case .country: CountryField.requiredNames
        case .item: ItemField.requiredNames
        case .domesticShare: DomesticShareField.requiredNames
        case .minimumCount: MinimumCountField.requiredNames
        case .resilience: ResilienceField.requiredNames
        case .source: SourceField.requiredNames
        case .onshoring: OnshoringField.requiredNames
        case .transfer: TransferField.requiredNames
        case .facility: FacilityField.requiredNames
        case .policy: PolicyField.requiredNames
        case .solver: SolverField.requiredNames
        case .component: ComponentField.requiredNames
        case .capacityPool: CapacityPoolField.requiredNames
        case .poolMember: PoolMemberField.requiredNames
        }
    }
}

/// One field of one kind of object: each kind's enum lists every field the decoder accepts, and
/// the validator switches over it exhaustively, so a field listed here without the code that
/// reads it does not compile.
protocol ObjectField: RawRepresentable, CaseIterable, Hashable where RawValue == String, AllCases == [Self] {
    /// The fields that must be present.
    static var required: [Self] { get }
}

extension ObjectField {
    static var names: [String] { allCases.map(\.rawValue) }
    static var requiredNames: [String] { required.map(\.rawValue) }
}

/// The fields of the top level, in the order the format lists them.
enum ScenarioField: String, ObjectField {
    case name, currency, periods, discountRate, countries, items, sources, capacityPools, policy, solver
    static let required: [Self] = [.periods, .countries, .items, .sources]
}

/// The fields of a country, in the order the format lists them.
enum CountryField: String, ObjectField {
    case id, name, domestic, exportApproved, ipProtection, screening
    static let required: [Self] = [.id]
}

/// The fields of an item, in the order the format lists them.
enum ItemField: String, ObjectField {
    case id, name, category, unit, demand, integerUnits, initialInventory, holdingCost, backlogPenalty
    case unmetPenalty, minIPProtection, domesticShare, maxSharePerSource, maxSharePerAlly, shareOver
    case minSources, minCountries, resilience
    static let required: [Self] = [.id, .category, .demand]
}

/// The fields of an item's `domesticShare`, in the order the format lists them.
enum DomesticShareField: String, ObjectField {
    case min, max, from, over
    static let required: [Self] = []
}

/// The fields of an item's `minSources` or `minCountries`, in the order the format lists them.
enum MinimumCountField: String, ObjectField {
    case count, minShare
    // The format names no default for `count`, and a minimum of nothing means nothing.
    static let required: [Self] = [.count]
}

/// The fields of an item's `resilience`, in the order the format lists them.
enum ResilienceField: String, ObjectField {
    case survive, coverage, from
    static let required: [Self] = [.survive, .coverage]
}

/// The fields of a source, in the order the format lists them.
enum SourceField: String, ObjectField {
    case id, name, country, item, unitCost, capacity, capacityMode, leadTime, fixedCost, minOrder
    case domesticContent, costShare, availableFrom, availableUntil, reserveCost, onshoring, consumes
    static let required: [Self] = [.id, .country, .item, .unitCost, .capacity]
}

/// The fields of a source's `onshoring`, in the order the format lists them.
enum OnshoringField: String, ObjectField {
    case transfer, facility, rampUp, sustainingRate
    static let required: [Self] = []
}

/// The fields of an onshoring's `transfer`, in the order the format lists them.
enum TransferField: String, ObjectField {
    case fromSources, units
    static let required: [Self] = [.fromSources, .units]
}

/// The fields of an onshoring's `facility`, in the order the format lists them.
enum FacilityField: String, ObjectField {
    case cost, buildTime, earliest
    static let required: [Self] = [.cost]
}

/// The fields of `policy`, in the order the format lists them.
enum PolicyField: String, ObjectField {
    case allowPendingScreening, embargo, budget
    static let required: [Self] = []
}

/// The fields of `solver`, in the order the format lists them.
enum SolverField: String, ObjectField {
    case timeLimitSeconds, mipGap, presolve
    static let required: [Self] = []
}

/// The fields of one of a source's `consumes`, in the order the format lists them.
enum ComponentField: String, ObjectField {
    case item, perUnit
    static let required: [Self] = [.item, .perUnit]
}

/// The fields of a capacity pool, in the order the format lists them.
enum CapacityPoolField: String, ObjectField {
    case id, name, capacity, capacityMode, members
    static let required: [Self] = [.id, .capacity, .members]
}

/// The fields of one of a pool's `members`, in the order the format lists them.
enum PoolMemberField: String, ObjectField {
    case source, perUnit
    static let required: [Self] = [.source]
}

extension ScenarioLoader {
    /// Every kind of object the decoder reads, with the fields it accepts and requires.
    /// `minSources` and `minCountries` share the kind `minimumCount`.
    public static let knownFields: [ScenarioObjectFields] = ScenarioObjectKind.allCases.map {
        ScenarioObjectFields(kind: $0.rawValue, fields: $0.fields, required: $0.required)
    }
}

// MARK: - Suggestions

/// The known name closest to a misspelt one, if it is close enough to be a likely typo.
func closestName(to name: String, among candidates: [String]) -> String? {
    let lowered = name.lowercased()
    var best: (name: String, distance: Int)?
    for candidate in candidates {
        let distance = editDistance(lowered, candidate.lowercased())
        if best.map({ distance < $0.distance }) ?? true { best = (candidate, distance) }
    }
    guard let best else { return nil }
    let allowed = max(1, min(name.count, best.name.count) / 3)
    return best.distance <= allowed ? best.name : nil
}

/// Levenshtein distance over characters.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = Array(repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
