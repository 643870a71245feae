// One walk over the document tree that builds a `Scenario` and collects every problem.
//
// Problems are recorded in the order the walk meets them, which follows the document: the
// fields of an object in the order written, then what concerns the object as a whole
// (missing required fields, rules between fields). References between sections (a source's
// country, a period label) are checked against a first, silent pass over the document, so
// that a file listing `sources` before `countries` reads the same. When a section is itself
// broken, references into it are not checked, so that one mistake is reported once.

final class ScenarioValidator {
    let root: DocumentNode
    private(set) var problems: [ScenarioProblem] = []

    /// The number of periods, when `periods` is a non-empty array.
    private(set) var periodCount: Int?
    /// The period labels, when every label is valid and unique (so references can be resolved).
    private(set) var periodLabels: [String]?
    /// Country id → domestic, when every country has a string id.
    private var knownCountries: [String: Bool]?
    /// Item ids, when every item has a string id.
    private(set) var knownItems: Set<String>?
    /// Source id → item id (nil when not a string), when every source has a string id.
    private(set) var knownSources: [String: String?]?
    /// The domestic country's id, when exactly one country is domestic.
    private var domesticCountryID: String?

    init(root: DocumentNode) {
        self.root = root
    }

    /// The scenario, or nil when there are problems (see `problems`).
    func validate(defaultName: String) -> Scenario? {
        guard case .object = root else {
            report("", "expected an object (a mapping of fields) at the top level, got \(root.phrase)")
            return nil
        }
        survey()
        var name: String?
        var currency: String?
        var periods: [String] = []
        var discountRate = 0.0
        var countries: [Country] = []
        var items: [Item] = []
        var sources: [Source] = []
        var capacityPools: [CapacityPool] = []
        var policy = Policy()
        var solver = SolverSettings()
        object(root, "", ScenarioField.self) { field, value, path in
            switch field {
            case .name: name = string(value, path)
            case .currency: currency = string(value, path)
            case .periods: periods = walkPeriods(value, path)
            case .discountRate: discountRate = number(value, path, .nonNegative) ?? 0
            case .countries: countries = walkCountries(value, path)
            case .items: items = walkArray(value, path, registry: IDRegistry(noun: "item"), walkItem)
            case .sources: sources = walkArray(value, path, registry: IDRegistry(noun: "source"), walkSource)
            case .capacityPools:
                capacityPools = walkArray(value, path, registry: IDRegistry(noun: "capacity pool"), walkCapacityPool)
            case .policy: policy = walkPolicy(value, path)
            case .solver: solver = walkSolver(value, path)
            }
        }
        checkComponentRelation()
        guard problems.isEmpty else { return nil }
        return Scenario(
            name: name ?? defaultName, currency: currency, periods: periods, discountRate: discountRate,
            countries: countries, items: items, sources: sources, capacityPools: capacityPools,
            policy: policy, solver: solver)
    }

    // MARK: - First pass

    /// Learns, without reporting anything, what references may point at.
    private func survey() {
        guard case .object = root else { return }
        /// The elements of a top-level array when every one is an object.
        func objects(_ key: String) -> [DocumentNode]? {
            guard case .array(let nodes)? = root[key], nodes.allSatisfy({ $0.objectMembers != nil }) else { return nil }
            return nodes
        }
        if case .array(let labels)? = root["periods"], !labels.isEmpty {
            periodCount = labels.count
            let texts = labels.compactMap { periodLabelText($0) }.filter { !$0.isEmpty }
            if texts.count == labels.count, Set(texts).count == texts.count { periodLabels = texts }
        }
        if let countries = objects("countries") {
            var known: [String: Bool] = [:]
            var complete = true
            for fields in countries {
                guard case .string(let id)? = fields["id"] else {
                    complete = false
                    continue
                }
                if case .bool(true)? = fields["domestic"] {
                    known[id] = true
                } else if known[id] == nil {
                    known[id] = false
                }
            }
            if complete { knownCountries = known }
            let domestic = known.filter(\.value).map(\.key)
            if domestic.count == 1 { domesticCountryID = domestic[0] }
        }
        if let items = objects("items") {
            let ids = items.compactMap { fields -> String? in
                if case .string(let id)? = fields["id"] { return id } else { return nil }
            }
            if ids.count == items.count { knownItems = Set(ids) }
        }
        if let sources = objects("sources") {
            var known: [String: String?] = [:]
            var complete = true
            for fields in sources {
                guard case .string(let id)? = fields["id"] else {
                    complete = false
                    continue
                }
                guard known[id] == nil else { continue }
                if case .string(let item)? = fields["item"] { known[id] = .some(item) } else { known[id] = .some(nil) }
            }
            if complete { knownSources = known }
        }
    }

    // MARK: - Sections

    private func walkPeriods(_ node: DocumentNode, _ path: String) -> [String] {
        guard let elements = array(node, path) else { return [] }
        if elements.isEmpty { report(path, "list at least one period") }
        var labels: [String] = []
        var firstIndex: [String: Int] = [:]
        for (index, element) in elements.enumerated() {
            let elementPath = "\(path)[\(index)]"
            guard let label = periodLabelText(element) else {
                report(
                    elementPath,
                    "a period label must be a string (such as \"FY26\") or a whole number of 0 or more, got \(element.phrase)"
                )
                continue
            }
            if label.isEmpty {
                report(elementPath, "a period label must not be empty")
            } else if let control = controlCharacterPlace(in: label) {
                report(
                    elementPath,
                    "\(quoted(label)) holds a control character (\(control)); a period label must be printable text")
            } else if let first = firstIndex[label] {
                report(
                    elementPath,
                    "duplicate period \(quoted(label)) (also \(path)[\(first)]); each period is listed once")
            } else {
                firstIndex[label] = index
            }
            labels.append(label)
        }
        return labels
    }

    private func walkCountries(_ node: DocumentNode, _ path: String) -> [Country] {
        guard let elements = array(node, path) else { return [] }
        let registry = IDRegistry(noun: "country")
        var countries: [Country] = []
        // When an element is not an object or its `domestic` is not a boolean, the count
        // below would only repeat that mistake.
        var countable = true
        for (index, element) in elements.enumerated() {
            let before = problems.count
            guard let country = walkCountry(element, "\(path)[\(index)]", registry) else {
                countable = false
                continue
            }
            if problems[before...].contains(where: { $0.path.hasSuffix("].domestic") }) { countable = false }
            countries.append(country)
        }
        let domestic = countries.filter(\.domestic)
        if countable && domestic.count != 1 {
            var message = "exactly one country must be domestic, found \(domestic.count)"
            if domestic.count > 1 { message += " (\(domestic.map { quoted($0.id) }.joined(separator: ", ")))" }
            if domestic.isEmpty { message += "; mark the home country with \"domestic: true\"" }
            report(path, message)
        }
        return countries
    }

    private func walkCountry(_ node: DocumentNode, _ path: String, _ registry: IDRegistry) -> Country? {
        var country = Country(id: "")
        let present = object(node, path, CountryField.self) { field, value, path in
            switch field {
            case .id: country.id = id(value, path, registry) ?? ""
            case .name: country.name = string(value, path)
            case .domestic: country.domestic = bool(value, path) ?? false
            case .exportApproved: country.exportApproved = stringArray(value, path, what: "item category")
            case .ipProtection: country.ipProtection = number(value, path, .unitInterval) ?? 0
            case .screening: country.screening = choice(value, path, Screening.self) ?? .cleared
            }
        }
        return present == nil ? nil : country
    }

    private func walkItem(_ node: DocumentNode, _ path: String, _ registry: IDRegistry) -> Item? {
        var item = Item(id: "", category: "", demand: [])
        let present = object(node, path, ItemField.self) { field, value, path in
            switch field {
            case .id: item.id = id(value, path, registry) ?? ""
            case .name: item.name = string(value, path)
            case .category: item.category = nonEmptyString(value, path) ?? ""
            case .unit: item.unit = string(value, path)
            case .demand: item.demand = perPeriod(value, path, .nonNegative)
            case .integerUnits: item.integerUnits = bool(value, path) ?? false
            case .initialInventory: item.initialInventory = number(value, path, .nonNegative) ?? 0
            case .holdingCost: item.holdingCost = number(value, path, .nonNegative) ?? 0
            case .backlogPenalty: item.backlogPenalty = number(value, path, .positive)
            case .unmetPenalty: item.unmetPenalty = number(value, path, .positive)
            case .minIPProtection: item.minIPProtection = number(value, path, .unitInterval) ?? 0
            case .domesticShare: item.domesticShare = walkDomesticShare(value, path)
            case .maxSharePerSource: item.maxSharePerSource = number(value, path, .unitInterval)
            case .maxSharePerAlly: item.maxSharePerAlly = number(value, path, .unitInterval)
            case .shareOver: item.shareOver = choice(value, path, ShareScope.self) ?? .horizon
            case .minSources: item.minSources = walkMinimumCount(value, path)
            case .minCountries: item.minCountries = walkMinimumCount(value, path)
            case .resilience: item.resilience = walkResilience(value, path)
            }
        }
        guard let present else { return nil }
        if present.contains("unmetPenalty") && !present.contains("backlogPenalty") {
            report(
                join(path, "unmetPenalty"),
                "unmetPenalty is allowed only together with backlogPenalty (demand that may stay unmet may also be late); add backlogPenalty or remove unmetPenalty"
            )
        }
        return item
    }

    private func walkDomesticShare(_ node: DocumentNode, _ path: String) -> DomesticShareRule? {
        var rule = DomesticShareRule()
        let present = object(node, path, DomesticShareField.self) { field, value, path in
            switch field {
            case .min: rule.min = number(value, path, .unitInterval)
            case .max: rule.max = number(value, path, .unitInterval)
            case .from: rule.from = periodReference(value, path) ?? 0
            case .over: rule.over = choice(value, path, ShareScope.self) ?? .period
            }
        }
        guard let present else { return nil }
        if !present.contains("min") && !present.contains("max") {
            report(path, "give min, max or both (shares of delivered units between 0 and 1)")
        } else if let min = rule.min, let max = rule.max, min > max {
            report(path, "min (\(format(min))) is above max (\(format(max))); min must not exceed max")
        }
        return rule
    }

    private func walkMinimumCount(_ node: DocumentNode, _ path: String) -> MinimumCount? {
        var rule = MinimumCount(count: 1)
        let present = object(node, path, MinimumCountField.self) { field, value, path in
            switch field {
            case .count: rule.count = integer(value, path, minimum: 1) ?? 1
            case .minShare: rule.minShare = number(value, path, .unitInterval) ?? 0.1
            }
        }
        return present == nil ? nil : rule
    }

    private func walkResilience(_ node: DocumentNode, _ path: String) -> Resilience? {
        var rule = Resilience(survive: .anySingleCountry, coverage: 0)
        let present = object(node, path, ResilienceField.self) { field, value, path in
            switch field {
            case .survive: rule.survive = choice(value, path, Resilience.Survive.self) ?? .anySingleCountry
            case .coverage: rule.coverage = number(value, path, .unitInterval) ?? 0
            case .from: rule.from = periodReference(value, path) ?? 0
            }
        }
        return present == nil ? nil : rule
    }

    private func walkSource(_ node: DocumentNode, _ path: String, _ registry: IDRegistry) -> Source? {
        var source = Source(id: "", country: "", item: "", unitCost: [], capacity: [], domesticContent: 0)
        var sourceID: String?
        var itemID: String?
        var domesticContent: Double?
        let present = object(node, path, SourceField.self) { field, value, path in
            switch field {
            case .id:
                sourceID = id(value, path, registry)
                source.id = sourceID ?? ""
            case .name: source.name = string(value, path)
            case .country:
                source.country =
                    reference(value, path, known: knownCountries.map { Set($0.keys) }, noun: "country") ?? ""
            case .item:
                itemID = reference(value, path, known: knownItems, noun: "item")
                source.item = itemID ?? ""
            case .unitCost: source.unitCost = perPeriod(value, path, .nonNegative)
            case .capacity: source.capacity = perPeriod(value, path, .nonNegative)
            case .capacityMode: source.capacityMode = choice(value, path, CapacityMode.self) ?? .starts
            case .leadTime: source.leadTime = integer(value, path, minimum: 0) ?? 0
            case .fixedCost: source.fixedCost = number(value, path, .nonNegative) ?? 0
            case .minOrder: source.minOrder = number(value, path, .nonNegative) ?? 0
            case .domesticContent: domesticContent = number(value, path, .unitInterval)
            case .costShare: source.costShare = number(value, path, .unitInterval) ?? 1
            case .availableFrom: source.availableFrom = periodReference(value, path)
            case .availableUntil: source.availableUntil = periodReference(value, path)
            case .reserveCost: source.reserveCost = number(value, path, .nonNegative) ?? 0
            case .onshoring: source.onshoring = walkOnshoring(value, path, sourceID: sourceID, itemID: itemID)
            case .consumes: source.consumes = walkConsumes(value, path)
            }
        }
        guard present != nil else { return nil }
        checkConsumesOwnItem(source.consumes, path, itemID: itemID)
        source.domesticContent = domesticContent ?? (knownCountries?[source.country] == true ? 1 : 0)
        if let from = source.availableFrom, let until = source.availableUntil, from > until, let labels = periodLabels {
            report(
                join(path, "availableUntil"),
                "\(quoted(labels[until])) comes before availableFrom \(quoted(labels[from])); the window must not be empty"
            )
        }
        return source
    }

    private func walkOnshoring(_ node: DocumentNode, _ path: String, sourceID: String?, itemID: String?) -> Onshoring? {
        var onshoring = Onshoring()
        let present = object(node, path, OnshoringField.self) { field, value, path in
            switch field {
            case .transfer: onshoring.transfer = walkTransfer(value, path, sourceID: sourceID, itemID: itemID)
            case .facility: onshoring.facility = walkFacility(value, path)
            case .rampUp:
                if let elements = array(value, path) {
                    if elements.isEmpty { report(path, "list at least one capacity, or remove rampUp") }
                    onshoring.rampUp = elements.enumerated().map { index, element in
                        number(element, "\(path)[\(index)]", .nonNegative) ?? 0
                    }
                }
            case .sustainingRate: onshoring.sustainingRate = number(value, path, .nonNegative)
            }
        }
        return present == nil ? nil : onshoring
    }

    private func walkTransfer(_ node: DocumentNode, _ path: String, sourceID: String?, itemID: String?) -> Onshoring
        .Transfer?
    {
        var transfer = Onshoring.Transfer(fromSources: [], units: 1)
        let present = object(node, path, TransferField.self) { field, value, path in
            switch field {
            case .fromSources:
                guard let elements = array(value, path) else { return }
                if elements.isEmpty { report(path, "list at least one source that builds the first units") }
                var seen: Set<String> = []
                for (index, element) in elements.enumerated() {
                    let elementPath = "\(path)[\(index)]"
                    guard case .string(let other) = element else {
                        report(elementPath, "expected a source id (a string), got \(element.phrase)")
                        continue
                    }
                    transfer.fromSources.append(other)
                    if !seen.insert(other).inserted {
                        report(elementPath, "source \(quoted(other)) is listed twice")
                    } else if let sourceID, other == sourceID {
                        report(
                            elementPath,
                            "a line cannot take the transfer from itself; name the sources that build the first units")
                    } else if let knownSources, knownSources[other] == nil {
                        report(elementPath, unknownMessage(other, noun: "source", known: Array(knownSources.keys)))
                    } else if let itemID, knownItems?.contains(itemID) == true,
                        let otherItem = knownSources?[other] ?? nil, otherItem != itemID
                    {
                        report(
                            elementPath,
                            "source \(quoted(other)) makes item \(quoted(otherItem)), not \(quoted(itemID)); transfer sources must make the same item"
                        )
                    }
                }
            case .units: transfer.units = integer(value, path, minimum: 1) ?? 1
            }
        }
        return present == nil ? nil : transfer
    }

    private func walkFacility(_ node: DocumentNode, _ path: String) -> Onshoring.Facility? {
        var facility = Onshoring.Facility(cost: 0)
        let present = object(node, path, FacilityField.self) { field, value, path in
            switch field {
            case .cost: facility.cost = number(value, path, .nonNegative) ?? 0
            case .buildTime: facility.buildTime = integer(value, path, minimum: 0) ?? 0
            case .earliest: facility.earliest = periodReference(value, path) ?? 0
            }
        }
        return present == nil ? nil : facility
    }

    private func walkPolicy(_ node: DocumentNode, _ path: String) -> Policy {
        var policy = Policy()
        object(node, path, PolicyField.self) { field, value, path in
            switch field {
            case .allowPendingScreening: policy.allowPendingScreening = bool(value, path) ?? false
            case .embargo:
                guard let elements = array(value, path) else { return }
                for (index, element) in elements.enumerated() {
                    let elementPath = "\(path)[\(index)]"
                    let known = knownCountries.map { Set($0.keys) }
                    guard let country = reference(element, elementPath, known: known, noun: "country") else { continue }
                    if country == domesticCountryID {
                        report(
                            elementPath,
                            "\(quoted(country)) is the domestic country, which cannot be embargoed; embargo only allies"
                        )
                    }
                    policy.embargo.append(country)
                }
            case .budget: policy.budget = perPeriod(value, path, .nonNegative)
            }
        }
        return policy
    }

    private func walkSolver(_ node: DocumentNode, _ path: String) -> SolverSettings {
        var settings = SolverSettings()
        object(node, path, SolverField.self) { field, value, path in
            switch field {
            case .timeLimitSeconds: settings.timeLimitSeconds = number(value, path, .positive)
            case .mipGap: settings.mipGap = number(value, path, .nonNegative) ?? 1e-4
            case .presolve: settings.presolve = bool(value, path) ?? true
            }
        }
        return settings
    }

    func walkArray<T>(
        _ node: DocumentNode, _ path: String, registry: IDRegistry,
        _ walk: (DocumentNode, String, IDRegistry) -> T?
    ) -> [T] {
        guard let elements = array(node, path) else { return [] }
        return elements.enumerated().compactMap { index, element in walk(element, "\(path)[\(index)]", registry) }
    }

    // MARK: - Objects

    /// Walks an object's fields in the order written: unknown and repeated fields are reported,
    /// known ones handed to `body` as their `Field` case with their path; then missing required
    /// fields are reported. Returns the fields present, or nil (with a problem) when `node` is
    /// not an object.
    @discardableResult
    func object<Field: ObjectField>(
        _ node: DocumentNode, _ path: String, _: Field.Type,
        _ body: (_ field: Field, _ value: DocumentNode, _ path: String) -> Void
    ) -> Set<String>? {
        guard case .object(let pairs) = node else {
            report(
                path,
                "expected an object with fields such as \(Field.names.prefix(3).map(quoted).joined(separator: ", ")), got \(node.phrase)"
            )
            return nil
        }
        let known = Field.names
        var present: Set<String> = []
        for (key, value) in pairs {
            let fieldPath = join(path, key)
            guard let field = Field(rawValue: key) else {
                if key == "<<" {
                    report(
                        fieldPath, "YAML merge keys are not part of YAML 1.2, which scenarios use; write the fields out"
                    )
                } else if let suggestion = closestName(to: key, among: known) {
                    report(fieldPath, "unknown field; did you mean \(quoted(suggestion))?")
                } else {
                    report(fieldPath, "unknown field; the fields here are \(known.joined(separator: ", "))")
                }
                continue
            }
            guard present.insert(key).inserted else {
                report(fieldPath, "duplicate field; each field may appear only once")
                continue
            }
            body(field, value, fieldPath)
        }
        for field in Field.requiredNames where !present.contains(field) {
            report(join(path, field), "required field is missing")
        }
        return present
    }

    func report(_ path: String, _ message: String) {
        problems.append(ScenarioProblem(path: path, message: message))
    }
}

/// Ids seen so far in one array, for duplicate detection.
final class IDRegistry {
    let noun: String
    var firstPath: [String: String] = [:]
    init(noun: String) { self.noun = noun }
}
