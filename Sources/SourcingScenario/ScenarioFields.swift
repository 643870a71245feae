// The decoder's table of field names, per kind of object. The validator reads it to find
// unknown fields (and suggest the closest name) and missing required ones; a test compares it
// with models/scenario.schema.json so that the schema and the decoder accept the same fields.

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

    var fields: [String] {
        switch self {
        case .scenario:
            ["name", "currency", "periods", "discountRate", "countries", "items", "sources", "capacityPools", "policy", "solver"]
        case .country:
            ["id", "name", "domestic", "exportApproved", "ipProtection", "screening"]
        case .item:
            [
                "id", "name", "category", "unit", "demand", "integerUnits", "initialInventory", "holdingCost",
                "backlogPenalty", "unmetPenalty", "minIPProtection", "domesticShare", "maxSharePerSource",
                "maxSharePerAlly", "shareOver", "minSources", "minCountries", "resilience",
            ]
        case .domesticShare: ["min", "max", "from", "over"]
        case .minimumCount: ["count", "minShare"]
        case .resilience: ["survive", "coverage", "from"]
        case .source:
            [
                "id", "name", "country", "item", "unitCost", "capacity", "capacityMode", "leadTime", "fixedCost",
                "minOrder", "domesticContent", "costShare", "availableFrom", "availableUntil", "reserveCost",
                "onshoring", "consumes",
            ]
        case .onshoring: ["transfer", "facility", "rampUp", "sustainingRate"]
        case .transfer: ["fromSources", "units"]
        case .facility: ["cost", "buildTime", "earliest"]
        case .policy: ["allowPendingScreening", "embargo", "budget"]
        case .solver: ["timeLimitSeconds", "mipGap", "presolve"]
        case .component: ["item", "perUnit"]
        case .capacityPool: ["id", "name", "capacity", "capacityMode", "members"]
        case .poolMember: ["source", "perUnit"]
        }
    }

    var required: [String] {
        switch self {
        case .scenario: ["periods", "countries", "items", "sources"]
        case .country: ["id"]
        case .item: ["id", "category", "demand"]
        case .source: ["id", "country", "item", "unitCost", "capacity"]
        case .transfer: ["fromSources", "units"]
        case .facility: ["cost"]
        case .resilience: ["survive", "coverage"]
        // The format names no default for `count`, and a minimum of nothing means nothing.
        case .minimumCount: ["count"]
        case .component: ["item", "perUnit"]
        case .capacityPool: ["id", "capacity", "members"]
        case .poolMember: ["source"]
        case .domesticShare, .onshoring, .policy, .solver: []
        }
    }
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
    let a = Array(a), b = Array(b)
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
