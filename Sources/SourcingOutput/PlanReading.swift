import SourcingModel

// Reads a plan document (the JSON the solve command writes) back into a `Plan`, for
// the report, compare and CSV commands. Every error names the key path (`items[1].demand[3]`).
// Keys the reader does not know are ignored, as the format allows new keys to be added.

/// Why a plan document (or an analysis document the report draws) could not be read: the key
/// path and what was wrong there.
public struct PlanReadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the problem is, e.g. `items[0].byCountry.US[2]`; empty for the whole document.
    public var path: String
    public var message: String
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

extension Plan {
    /// Reads a plan from its JSON text.
    /// - Throws: `PlanReadError` naming the key that is missing or has the wrong type.
    public init(jsonText: String) throws(PlanReadError) {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: jsonText)
        } catch {
            throw PlanReadError(path: "", message: "not JSON: \(error)")
        }
        try self.init(json: document)
    }

    /// Reads a plan from a parsed JSON document.
    public init(json document: JSONValue) throws(PlanReadError) {
        let root = try ObjectReader(document, "")
        let version = try root.int("schemaVersion")
        guard version == 1 else {
            throw PlanReadError(path: "schemaVersion", message: "this tool reads plan schema version 1, not \(version)")
        }
        let scenario = try root.object("scenario")
        let tool = try root.object("tool")
        let status = try root.status("status")
        let periods = try root.array("periods").enumerated().map { (i, v) throws(PlanReadError) in
            try ObjectReader.string(v, "periods[\(i)]")
        }
        let T = periods.count
        let costsReader = try root.object("costs")
        // A status without a plan has null costs (older files: zeros); a plan has numbers.
        var costs = CostBreakdown()
        for kind in CostBreakdown.Kind.allCases {
            let key = kind.rawValue
            costs[kind] = status.hasPlan ? try costsReader.number(key) : try costsReader.optionalNumber(key) ?? 0
        }

        var items: [ItemPlan] = []
        for (i, value) in try root.array("items").enumerated() {
            let r = try ObjectReader(value, "items[\(i)]")
            let red = try r.object("redundancy")
            var item = ItemPlan(
                id: try r.string("id"), demand: try r.series("demand", T), delivered: try r.series("delivered", T),
                domestic: try r.series("domestic", T), allied: try r.series("allied", T),
                byCountry: try r.seriesObject("byCountry", T), bySource: try r.seriesObject("bySource", T),
                inventory: try r.series("inventory", T), backlog: try r.series("backlog", T),
                domesticShare: try r.optionalSeries("domesticShare", T),
                redundancy: Redundancy(
                    sourcesUsed: try red.int("sourcesUsed"), countriesUsed: try red.int("countriesUsed"),
                    largestSourceShare: try red.optionalNumber("largestSourceShare"),
                    largestAllyShare: try red.optionalNumber("largestAllyShare"),
                    hhiSources: try red.optionalNumber("hhiSources"),
                    hhiCountries: try red.optionalNumber("hhiCountries"),
                    worstCountryLossCovered: try red.optionalNumber("worstCountryLossCovered")),
                consumed: r.has("consumed") ? try r.series("consumed", T) : nil,
                components: r.has("components") ? try r.components(T) : nil)
            item.name = try r.optionalString("name")
            item.unit = try r.optionalString("unit")
            items.append(item)
        }
        var capacityPools: [PoolPlan]?
        if root.has("capacityPools") {
            capacityPools = []
            for (i, value) in try root.array("capacityPools").enumerated() {
                let r = try ObjectReader(value, "capacityPools[\(i)]")
                capacityPools?.append(
                    PoolPlan(
                        id: try r.string("id"), used: try r.series("used", T),
                        utilization: try r.optionalSeries("utilization", T)))
            }
        }
        var sources: [SourcePlan] = []
        for (i, value) in try root.array("sources").enumerated() {
            let r = try ObjectReader(value, "sources[\(i)]")
            var source = SourcePlan(
                id: try r.string("id"), country: try r.string("country"), item: try r.string("item"),
                orders: try r.series("orders", T), deliveries: try r.series("deliveries", T),
                utilization: try r.optionalSeries("utilization", T), used: try r.bool("used"),
                reserve: r.has("reserve") ? try r.series("reserve", T) : nil)
            source.name = try r.optionalString("name")
            sources.append(source)
        }
        var onshoring: [OnshoringTimeline] = []
        for (i, value) in try root.array("onshoring").enumerated() {
            let r = try ObjectReader(value, "onshoring[\(i)]")
            var line = OnshoringTimeline(
                source: try r.string("source"), transferComplete: try r.period("transferComplete", periods),
                facilityInvestment: try r.period("facilityInvestment", periods),
                facilityReady: try r.period("facilityReady", periods),
                firstProduction: try r.period("firstProduction", periods),
                unitsHome: try r.number("unitsHome"), unitsAbroad: try r.optionalNumber("unitsAbroad"))
            if r.has("capacity") { line.capacity = try r.series("capacity", T) }
            if r.has("utilization") { line.utilization = try r.optionalSeries("utilization", T) }
            onshoring.append(line)
        }
        var excluded: [ExcludedSource] = []
        for (i, value) in try root.array("excluded").enumerated() {
            let r = try ObjectReader(value, "excluded[\(i)]")
            let reasons = try r.array("reasons").enumerated().map { (k, v) throws(PlanReadError) in
                try ObjectReader.string(v, "excluded[\(i)].reasons[\(k)]")
            }
            excluded.append(ExcludedSource(source: try r.string("source"), reasons: reasons))
        }
        var diagnosis: [Diagnosis]?
        if root.has("diagnosis") {
            diagnosis = []
            for (i, value) in try root.array("diagnosis").enumerated() {
                let r = try ObjectReader(value, "diagnosis[\(i)]")
                let ruleText = try r.string("rule")
                guard let rule = Diagnosis.Rule(rawValue: ruleText) else {
                    throw PlanReadError(path: "diagnosis[\(i)].rule", message: "unknown rule \"\(ruleText)\"")
                }
                var entry = Diagnosis(
                    rule: rule, item: try r.optionalString("item"), source: try r.optionalString("source"),
                    country: try r.optionalString("country"), period: try r.optionalString("period"),
                    shortfall: try r.optionalNumber("shortfall"), message: try r.string("message"))
                if r.has("relativeShortfall") { entry.relativeShortfall = try r.optionalNumber("relativeShortfall") }
                diagnosis?.append(entry)
            }
        }
        var sensitivity: Sensitivity?
        if root.has("sensitivity") {
            let r = try root.object("sensitivity")
            func list<T>(_ key: String, _ make: (ObjectReader) throws(PlanReadError) -> T) throws(PlanReadError) -> [T]
            {
                var out: [T] = []
                for (i, v) in try r.array(key).enumerated() {
                    out.append(try make(try ObjectReader(v, "\(r.path).\(key)[\(i)]")))
                }
                return out
            }
            sensitivity = Sensitivity(
                basis: try r.string("basis"),
                complete: r.has("complete") ? try r.bool("complete") : true,
                capacityValue: try list("capacityValue") { (e) throws(PlanReadError) in
                    CapacityValue(
                        source: try e.string("source"), period: try e.string("period"),
                        savingPerUnit: try e.number("savingPerUnit"))
                },
                demandCost: try list("demandCost") { (e) throws(PlanReadError) in
                    var entry = DemandCost(
                        item: try e.string("item"), period: try e.string("period"),
                        costPerUnit: try e.optionalNumber("costPerUnit"))
                    if e.has("savingOneLess") { entry.savingOneLess = try e.optionalNumber("savingOneLess") }
                    if e.has("method") {
                        let text = try e.string("method")
                        guard let method = DemandCost.Method(rawValue: text) else {
                            throw PlanReadError(
                                path: e.key("method"), message: "unknown method \"\(text)\"; expected dual or resolve")
                        }
                        entry.method = method
                    }
                    return entry
                },
                unusedSources: try list("unusedSources") { (e) throws(PlanReadError) in
                    UnusedSource(
                        source: try e.string("source"), period: try e.string("period"),
                        reductionNeeded: try e.number("reductionNeeded"))
                },
                costRanges: try list("costRanges") { (e) throws(PlanReadError) in
                    UnitCostRange(
                        source: try e.string("source"), period: try e.string("period"),
                        unitCost: try e.number("unitCost"),
                        lower: try e.optionalNumber("lower"), upper: try e.optionalNumber("upper"))
                })
            if r.has("skipped") {
                let e = try r.object("skipped")
                let items = try e.array("items").enumerated().map { (k, v) throws(PlanReadError) in
                    try ObjectReader.string(v, e.key("items") + "[\(k)]")
                }
                sensitivity?.skipped = SkippedResolves(items: items, limit: try e.int("limit"))
            }
            if r.has("budgetValue") {
                sensitivity?.budgetValue = try list("budgetValue") { (e) throws(PlanReadError) in
                    BudgetValue(period: try e.string("period"), savingPerUnit: try e.number("savingPerUnit"))
                }
            }
        }
        let solverReader = try root.object("solver")
        let settings = try solverReader.object("settings")
        let figures = SolverFigures(
            rows: try solverReader.int("rows"), columns: try solverReader.int("columns"),
            nonzeros: try solverReader.int("nonzeros"), integerColumns: try solverReader.int("integerColumns"),
            seconds: try solverReader.number("seconds"), glpkVersion: try solverReader.string("glpkVersion"),
            settings: SolverSettingsUsed(
                timeLimitSeconds: try settings.optionalNumber("timeLimitSeconds"),
                mipGap: try settings.number("mipGap"), presolve: try settings.bool("presolve")),
            // Added with issue 13: absent in older plans, which were never verified.
            verified: solverReader.has("verified") ? try solverReader.bool("verified") : false,
            maxViolation: solverReader.has("maxViolation") ? try solverReader.optionalNumber("maxViolation") : nil)

        // Keys added after the first plans were written: absent in those files.
        let currency = try root.optionalString("currency")
        var spending: [Double] = []
        if root.has("spending") {
            // Without a plan every entry is null (older files: zeros): nothing was spent.
            if status.hasPlan {
                spending = try root.series("spending", T)
            } else {
                let entries = try root.array("spending")
                guard entries.count == T else { throw root.lengthMismatch("spending", entries.count, T) }
                for (t, entry) in entries.enumerated() where entry != .null {
                    _ = try ObjectReader.number(entry, "spending[\(t)]")
                }
            }
        }
        var budget: [Double]?
        if root.has("budget"), try root.value("budget") != .null { budget = try root.series("budget", T) }
        self.init(
            scenario: ScenarioIdentity(name: try scenario.string("name"), sha256: try scenario.string("sha256")),
            tool: ToolIdentity(name: try tool.string("name"), version: try tool.string("version")),
            status: status, objective: try root.optionalNumber("objective"), mipGap: try root.optionalNumber("mipGap"),
            costs: costs, periods: periods, items: items, sources: sources, onshoring: onshoring,
            excluded: excluded, capacityPools: capacityPools, diagnosis: diagnosis, sensitivity: sensitivity,
            solver: figures)
        self.currency = currency
        self.spending = spending
        self.budget = budget
    }
}

/// Typed access to one JSON object, with the key path for error messages: the plan reader's, and
/// the analysis documents' (AnalysisReading.swift).
struct ObjectReader {
    let members: [(String, JSONValue)]
    let path: String

    init(_ value: JSONValue, _ path: String) throws(PlanReadError) {
        guard case .object(let members) = value else {
            throw PlanReadError(path: path, message: "expected an object, found \(value.kindName)")
        }
        self.members = members
        self.path = path
    }

    func key(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }
    func has(_ name: String) -> Bool { members.contains { $0.0 == name } }

    func value(_ name: String) throws(PlanReadError) -> JSONValue {
        guard let value = members.first(where: { $0.0 == name })?.1 else {
            throw PlanReadError(path: key(name), message: "missing")
        }
        return value
    }

    func object(_ name: String) throws(PlanReadError) -> ObjectReader { try ObjectReader(try value(name), key(name)) }

    func array(_ name: String) throws(PlanReadError) -> [JSONValue] {
        guard case .array(let values) = try value(name) else { throw mismatch(name, "an array") }
        return values
    }

    func string(_ name: String) throws(PlanReadError) -> String { try ObjectReader.string(try value(name), key(name)) }

    func optionalString(_ name: String) throws(PlanReadError) -> String? {
        guard has(name), try value(name) != .null else { return nil }
        return try string(name)
    }

    func number(_ name: String) throws(PlanReadError) -> Double { try ObjectReader.number(try value(name), key(name)) }

    func optionalNumber(_ name: String) throws(PlanReadError) -> Double? {
        let found = try value(name)
        return found == .null ? nil : try ObjectReader.number(found, key(name))
    }

    func int(_ name: String) throws(PlanReadError) -> Int {
        let found = try number(name)
        guard found == found.rounded(), abs(found) < 1e15 else { throw mismatch(name, "a whole number") }
        return Int(found)
    }

    /// A plan status by its name ("optimal", "timeLimit", ...).
    func status(_ name: String) throws(PlanReadError) -> PlanStatus {
        let text = try string(name)
        guard let status = PlanStatus(rawValue: text) else {
            throw PlanReadError(path: key(name), message: "unknown status \"\(text)\"")
        }
        return status
    }

    func bool(_ name: String) throws(PlanReadError) -> Bool {
        guard case .bool(let flag) = try value(name) else { throw mismatch(name, "true or false") }
        return flag
    }

    /// A period label or null; a label must be one of the plan's periods.
    func period(_ name: String, _ periods: [String]) throws(PlanReadError) -> String? {
        guard let label = try optionalString(name) else { return nil }
        guard periods.contains(label) else {
            throw PlanReadError(path: key(name), message: "\"\(label)\" is not one of the plan's periods")
        }
        return label
    }

    func series(_ name: String, _ count: Int) throws(PlanReadError) -> [Double] {
        try ObjectReader.series(try value(name), key(name), count)
    }

    func optionalSeries(_ name: String, _ count: Int) throws(PlanReadError) -> [Double?] {
        let values = try array(name)
        guard values.count == count else { throw lengthMismatch(name, values.count, count) }
        return try values.enumerated().map { (i, v) throws(PlanReadError) in
            v == .null ? nil : try ObjectReader.number(v, "\(key(name))[\(i)]")
        }
    }

    func seriesObject(_ name: String, _ count: Int) throws(PlanReadError) -> [(id: String, values: [Double])] {
        let object = try self.object(name)
        return try object.members.map { (id, v) throws(PlanReadError) in
            (id: id, values: try ObjectReader.series(v, object.key(id), count))
        }
    }

    /// An item's `components` (the dependency figures).
    func components(_ count: Int) throws(PlanReadError) -> [ComponentDependency] {
        var out: [ComponentDependency] = []
        for (k, value) in try array("components").enumerated() {
            let r = try ObjectReader(value, key("components") + "[\(k)]")
            out.append(
                ComponentDependency(
                    item: try r.string("item"), drawn: try r.series("drawn", count),
                    domestic: try r.series("domestic", count),
                    allied: try r.series("allied", count), byCountry: try r.seriesObject("byCountry", count),
                    fromInitialInventory: try r.series("fromInitialInventory", count)))
        }
        return out
    }

    func mismatch(_ name: String, _ expected: String) -> PlanReadError {
        let found = members.first { $0.0 == name }?.1.kindName ?? "nothing"
        return PlanReadError(path: key(name), message: "expected \(expected), found \(found)")
    }

    func lengthMismatch(_ name: String, _ found: Int, _ expected: Int) -> PlanReadError {
        PlanReadError(path: key(name), message: "has \(found) entries; the plan has \(expected) periods")
    }

    static func string(_ value: JSONValue, _ path: String) throws(PlanReadError) -> String {
        guard case .string(let text) = value else {
            throw PlanReadError(path: path, message: "expected a string, found \(value.kindName)")
        }
        return text
    }

    static func number(_ value: JSONValue, _ path: String) throws(PlanReadError) -> Double {
        guard case .number(let number) = value else {
            throw PlanReadError(path: path, message: "expected a number, found \(value.kindName)")
        }
        return number
    }

    static func series(_ value: JSONValue, _ path: String, _ count: Int) throws(PlanReadError) -> [Double] {
        guard case .array(let values) = value else {
            throw PlanReadError(path: path, message: "expected an array, found \(value.kindName)")
        }
        guard values.count == count else {
            throw PlanReadError(path: path, message: "has \(values.count) entries; the plan has \(count) periods")
        }
        return try values.enumerated().map { (i, v) throws(PlanReadError) in try number(v, "\(path)[\(i)]") }
    }
}

extension JSONValue {
    /// A word for the value's type, for error messages.
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
