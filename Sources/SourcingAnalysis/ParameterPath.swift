import SourcingModel
import SourcingScenario

// Names of numeric scenario fields for sweeps and tornado charts:
//   sources[rauma-yard].unitCost            every period of a per-period field
//   items[asc-hull].demand[FY30]            one period
//   policy.budget[FY27], discountRate, items[x].domesticShare.min,
//   sources[gulf-coast-yard].onshoring.facility.cost, sources[us-yard-2].onshoring.transfer.units,
//   countries[FI].ipProtection
//   capacityPools[gulf-docks].capacity[FY28], sources[gulf-coast-yard].consumes[pod].perUnit
// Collections are selected by id; per-period fields by period label (or 0-based index).

/// A numeric field of a scenario, named as planners write it.
public struct ParameterPath: Sendable, Equatable, CustomStringConvertible {
    /// The text as given.
    public let text: String
    let target: Target

    enum Target: Equatable {
        case discountRate
        case solverMipGap
        case item(id: String, field: ItemField, period: Int?)
        case source(id: String, field: SourceField, period: Int?)
        case country(id: String, field: CountryField)
        case budget(period: Int?)
        case poolCapacity(id: String, period: Int?)
        case component(source: String, item: String)
    }
    enum ItemField: String, CaseIterable {
        case demand, initialInventory, holdingCost, backlogPenalty, unmetPenalty, minIPProtection
        case maxSharePerSource, maxSharePerAlly
        case domesticShareMin = "domesticShare.min"
        case domesticShareMax = "domesticShare.max"
        case resilienceCoverage = "resilience.coverage"
        case minSourcesShare = "minSources.minShare"
        case minCountriesShare = "minCountries.minShare"
        var perPeriod: Bool { self == .demand }
    }
    enum SourceField: String, CaseIterable {
        case unitCost, capacity, fixedCost, minOrder, domesticContent, costShare, reserveCost
        case facilityCost = "onshoring.facility.cost"
        case sustainingRate = "onshoring.sustainingRate"
        case transferUnits = "onshoring.transfer.units"
        var perPeriod: Bool { self == .unitCost || self == .capacity }
    }
    enum CountryField: String, CaseIterable {
        case ipProtection
    }

    public var description: String { text }

    /// Parses a path against a scenario (ids and period labels must exist).
    public init(_ text: String, in scenario: Scenario) throws(AnalysisError) {
        self.text = text
        var rest = Substring(text)
        func fail(_ why: String) -> AnalysisError { .badPath(text, why) }
        func selector() throws(AnalysisError) -> String? {
            guard rest.first == "[" else { return nil }
            guard let close = rest.firstIndex(of: "]") else { throw fail("missing ]") }
            let key = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
            return key
        }
        func period(_ key: String?) throws(AnalysisError) -> Int? {
            guard let key else { return nil }
            if let index = scenario.periodIndex(key) { return index }
            if let index = Int(key), scenario.periods.indices.contains(index) { return index }
            throw fail("unknown period \"\(key)\"; periods are \(scenario.periods.joined(separator: ", "))")
        }
        let head = rest.prefix { $0 != "[" && $0 != "." }
        rest = rest.dropFirst(head.count)
        switch head {
        case "discountRate":
            target = .discountRate
        case "solver":
            guard rest == ".mipGap" else { throw fail("only solver.mipGap can be varied") }
            target = .solverMipGap
            rest = ""
        case "policy":
            guard rest.hasPrefix(".budget") else { throw fail("only policy.budget can be varied") }
            rest = rest.dropFirst(".budget".count)
            guard scenario.policy.budget != nil else { throw fail("the scenario has no policy.budget") }
            target = .budget(period: try period(try selector()))
        case "capacityPools":
            guard let id = try selector() else { throw fail("name the pool by id: capacityPools[ID].capacity") }
            guard scenario.capacityPools.contains(where: { $0.id == id }) else {
                throw fail("unknown capacity pool \"\(id)\"")
            }
            guard rest.hasPrefix(".capacity") else {
                throw fail("only the capacity of a pool can be varied: capacityPools[\(id)].capacity")
            }
            rest = rest.dropFirst(".capacity".count)
            target = .poolCapacity(id: id, period: try period(try selector()))
        case "items", "sources", "countries":
            guard let id = try selector() else { throw fail("name the \(head.dropLast()) by id: \(head)[ID].field") }
            guard rest.first == "." else { throw fail("expected .field after \(head)[\(id)]") }
            var fieldText = String(rest.dropFirst().prefix { $0 != "[" })
            rest = rest.dropFirst(fieldText.count + 1)
            if fieldText.hasSuffix(".") { fieldText.removeLast() }
            switch head {
            case "items":
                guard scenario.itemIndex(id) != nil else { throw fail("unknown item \"\(id)\"") }
                guard let field = ItemField(rawValue: fieldText) else {
                    throw fail(
                        "not a numeric item field; use one of \(ItemField.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                let p = try period(try selector())
                if p != nil && !field.perPeriod { throw fail("\(field.rawValue) is not per period") }
                target = .item(id: id, field: field, period: p)
            case "sources":
                guard let s = scenario.sourceIndex(id) else { throw fail("unknown source \"\(id)\"") }
                if fieldText == "consumes" {
                    guard let item = try selector() else {
                        throw fail("name the component by item id: sources[\(id)].consumes[ITEM].perUnit")
                    }
                    guard scenario.sources[s].consumes.contains(where: { $0.item == item }) else {
                        throw fail("source \"\(id)\" does not consume \"\(item)\"")
                    }
                    guard rest == ".perUnit" else {
                        throw fail(
                            "only perUnit of a component can be varied: sources[\(id)].consumes[\(item)].perUnit")
                    }
                    rest = ""
                    target = .component(source: id, item: item)
                    break
                }
                guard let field = SourceField(rawValue: fieldText) else {
                    throw fail(
                        "not a numeric source field; use one of \(SourceField.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                let p = try period(try selector())
                if p != nil && !field.perPeriod { throw fail("\(field.rawValue) is not per period") }
                target = .source(id: id, field: field, period: p)
            default:
                guard scenario.countryIndex(id) != nil else { throw fail("unknown country \"\(id)\"") }
                guard let field = CountryField(rawValue: fieldText) else {
                    throw fail("only ipProtection can be varied for a country")
                }
                target = .country(id: id, field: field)
            }
        default:
            throw fail(
                "unknown field \"\(head)\"; start with items[ID], sources[ID], countries[ID], policy.budget or discountRate"
            )
        }
        guard rest.isEmpty else { throw fail("unexpected \"\(rest)\"") }
        // The field must be present for the scenario (optional fields have no base value).
        guard value(in: scenario) != nil else { throw fail("the scenario does not set this field") }
    }

    /// The field's value (for a per-period field named without a period: its mean over the
    /// periods, so that a factor moves it as it moves every period).
    public func value(in scenario: Scenario) -> Double? {
        switch target {
        case .discountRate: return scenario.discountRate
        case .solverMipGap: return scenario.solver.mipGap
        case .budget(let period): return scenario.policy.budget.map { pick($0, period) }
        case .country(let id, .ipProtection): return scenario.countries[scenario.countryIndex(id)!].ipProtection
        case .poolCapacity(let id, let period):
            return scenario.capacityPools.first { $0.id == id }.map { pick($0.capacity, period) }
        case .component(let source, let item):
            return scenario.sources[scenario.sourceIndex(source)!].consumes.first { $0.item == item }?.perUnit
        case .item(let id, let field, let period):
            let item = scenario.items[scenario.itemIndex(id)!]
            switch field {
            case .demand: return pick(item.demand, period)
            case .initialInventory: return item.initialInventory
            case .holdingCost: return item.holdingCost
            case .backlogPenalty: return item.backlogPenalty
            case .unmetPenalty: return item.unmetPenalty
            case .minIPProtection: return item.minIPProtection
            case .maxSharePerSource: return item.maxSharePerSource
            case .maxSharePerAlly: return item.maxSharePerAlly
            case .domesticShareMin: return item.domesticShare?.min
            case .domesticShareMax: return item.domesticShare?.max
            case .resilienceCoverage: return item.resilience?.coverage
            case .minSourcesShare: return item.minSources?.minShare
            case .minCountriesShare: return item.minCountries?.minShare
            }
        case .source(let id, let field, let period):
            let source = scenario.sources[scenario.sourceIndex(id)!]
            switch field {
            case .unitCost: return pick(source.unitCost, period)
            case .capacity: return pick(source.capacity, period)
            case .fixedCost: return source.fixedCost
            case .minOrder: return source.minOrder
            case .domesticContent: return source.domesticContent
            case .costShare: return source.costShare
            case .reserveCost: return source.reserveCost
            case .facilityCost: return source.onshoring?.facility?.cost
            case .sustainingRate: return source.onshoring?.sustainingRate
            case .transferUnits: return source.onshoring?.transfer.map { Double($0.units) }
            }
        }
    }

    /// One period's value, or the mean over every period.
    private func pick(_ values: [Double], _ period: Int?) -> Double {
        if let period { return values[period] }
        return values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }

    /// Applies a change: `.set(v)` gives the field the value v (every period of a per-period
    /// field without a period), `.scale(f)` multiplies its current value(s) by f.
    public func apply(_ change: ParameterChange, to scenario: inout Scenario) {
        func update(_ value: inout Double) {
            switch change {
            case .set(let v): value = v
            case .scale(let f): value *= f
            }
        }
        func update(_ value: inout Double?) {
            guard var v = value else { return }
            update(&v)
            value = v
        }
        func update(_ values: inout [Double], _ period: Int?) {
            if let period { update(&values[period]) } else { for t in values.indices { update(&values[t]) } }
        }
        switch target {
        case .discountRate: update(&scenario.discountRate)
        case .solverMipGap: update(&scenario.solver.mipGap)
        case .budget(let period):
            if var budget = scenario.policy.budget {
                update(&budget, period)
                scenario.policy.budget = budget
            }
        case .country(let id, .ipProtection): update(&scenario.countries[scenario.countryIndex(id)!].ipProtection)
        case .poolCapacity(let id, let period):
            if let p = scenario.capacityPools.firstIndex(where: { $0.id == id }) {
                update(&scenario.capacityPools[p].capacity, period)
            }
        case .component(let source, let item):
            let s = scenario.sourceIndex(source)!
            if let k = scenario.sources[s].consumes.firstIndex(where: { $0.item == item }) {
                update(&scenario.sources[s].consumes[k].perUnit)
            }
        case .item(let id, let field, let period):
            let i = scenario.itemIndex(id)!
            switch field {
            case .demand: update(&scenario.items[i].demand, period)
            case .initialInventory: update(&scenario.items[i].initialInventory)
            case .holdingCost: update(&scenario.items[i].holdingCost)
            case .backlogPenalty: update(&scenario.items[i].backlogPenalty)
            case .unmetPenalty: update(&scenario.items[i].unmetPenalty)
            case .minIPProtection: update(&scenario.items[i].minIPProtection)
            case .maxSharePerSource: update(&scenario.items[i].maxSharePerSource)
            case .maxSharePerAlly: update(&scenario.items[i].maxSharePerAlly)
            case .domesticShareMin: update(&scenario.items[i].domesticShare!.min)
            case .domesticShareMax: update(&scenario.items[i].domesticShare!.max)
            case .resilienceCoverage: update(&scenario.items[i].resilience!.coverage)
            case .minSourcesShare: update(&scenario.items[i].minSources!.minShare)
            case .minCountriesShare: update(&scenario.items[i].minCountries!.minShare)
            }
        case .source(let id, let field, let period):
            let s = scenario.sourceIndex(id)!
            switch field {
            case .unitCost: update(&scenario.sources[s].unitCost, period)
            case .capacity: update(&scenario.sources[s].capacity, period)
            case .fixedCost: update(&scenario.sources[s].fixedCost)
            case .minOrder: update(&scenario.sources[s].minOrder)
            case .domesticContent: update(&scenario.sources[s].domesticContent)
            case .costShare: update(&scenario.sources[s].costShare)
            case .reserveCost: update(&scenario.sources[s].reserveCost)
            case .facilityCost: update(&scenario.sources[s].onshoring!.facility!.cost)
            case .sustainingRate: update(&scenario.sources[s].onshoring!.sustainingRate)
            case .transferUnits:
                // A whole number of units (≥ 1 is checked by `check`); the nearest one.
                var units = Double(scenario.sources[s].onshoring!.transfer!.units)
                update(&units)
                scenario.sources[s].onshoring!.transfer!.units = Int(max(0, min(units, 1e15)).rounded())
            }
        }
    }

    /// Whether the field counts whole units: an integer item's demand and opening stock and its
    /// sources' capacities, a pool's capacity when every member makes whole units, and an onshoring
    /// line's transfer units. A tornado moves such a field by whole units (at least one), never
    /// by a fraction.
    public func isWholeUnits(in scenario: Scenario) -> Bool {
        func integer(_ source: String) -> Bool {
            guard let s = scenario.sourceIndex(source), let i = scenario.itemIndex(scenario.sources[s].item) else {
                return false
            }
            return scenario.items[i].integerUnits
        }
        switch target {
        case .item(let id, .demand, _), .item(let id, .initialInventory, _):
            return scenario.items[scenario.itemIndex(id)!].integerUnits
        case .source(let id, .capacity, _): return integer(id)
        case .source(_, .transferUnits, _): return true
        case .poolCapacity(let id, _):
            guard let pool = scenario.capacityPools.first(where: { $0.id == id }) else { return false }
            return !pool.members.isEmpty
                && pool.members.allSatisfy { integer($0.source) && $0.perUnit == $0.perUnit.rounded() }
        default: return false
        }
    }

    /// Whether the path names every period of a per-period field (no period given).
    public var isWholeSeries: Bool {
        switch target {
        case .item(_, let field, nil): return field.perPeriod
        case .source(_, let field, nil): return field.perPeriod
        case .budget(nil), .poolCapacity(_, nil): return true
        default: return false
        }
    }

    /// The unit of the field's values for a reader: the item's unit for quantities ("hulls"),
    /// the scenario's currency for money, nil for shares, rates and other plain numbers.
    public func unitLabel(in scenario: Scenario) -> String? {
        func unit(ofItem id: String) -> String {
            unitWord(scenario.itemIndex(id).flatMap { scenario.items[$0].unit }, plural: true)
        }
        switch target {
        case .budget: return scenario.currency
        case .item(let id, let field, _):
            switch field {
            case .demand, .initialInventory: return unit(ofItem: id)
            case .holdingCost, .backlogPenalty, .unmetPenalty: return scenario.currency
            default: return nil
            }
        case .source(let id, let field, _):
            switch field {
            case .capacity, .minOrder, .sustainingRate, .transferUnits:
                return unit(ofItem: scenario.sources[scenario.sourceIndex(id)!].item)
            case .unitCost, .fixedCost, .reserveCost, .facilityCost: return scenario.currency
            default: return nil
            }
        default: return nil
        }
    }

    /// Gives every period of a per-period field (named without a period) its own value.
    /// - Precondition: `isWholeSeries` and one value per period.
    public func setSeries(_ values: [Double], in scenario: inout Scenario) {
        switch target {
        case .item(let id, .demand, nil): scenario.items[scenario.itemIndex(id)!].demand = values
        case .source(let id, .unitCost, nil): scenario.sources[scenario.sourceIndex(id)!].unitCost = values
        case .source(let id, .capacity, nil): scenario.sources[scenario.sourceIndex(id)!].capacity = values
        case .budget(nil): scenario.policy.budget = values
        case .poolCapacity(let id, nil):
            if let p = scenario.capacityPools.firstIndex(where: { $0.id == id }) {
                scenario.capacityPools[p].capacity = values
            }
        default: preconditionFailure("\(text) is not a whole per-period series")
        }
    }

    /// The range of values the format allows for this field, to reject sweep values that would
    /// make the scenario invalid.
    var allowedRange: ClosedRange<Double> {
        switch target {
        case .country: return 0...1
        case .solverMipGap: return 0...1
        case .item(_, let field, _):
            switch field {
            case .minIPProtection, .maxSharePerSource, .maxSharePerAlly, .domesticShareMin, .domesticShareMax,
                .resilienceCoverage, .minSourcesShare, .minCountriesShare:
                return 0...1
            default: return 0...1e15
            }
        case .source(_, let field, _):
            switch field {
            case .domesticContent, .costShare: return 0...1
            case .transferUnits: return 1...1e15
            default: return 0...1e15
            }
        default: return 0...1e15
        }
    }

    /// Whether the format wants the field above 0, not just at least 0 (a component's perUnit).
    var mustBePositive: Bool {
        if case .component = target { return true }
        return false
    }
}

/// How a sweep point changes a parameter.
public enum ParameterChange: Sendable, Equatable {
    /// Give the field this value (every period of a per-period field named without a period).
    case set(Double)
    /// Multiply the field's base value(s) by this factor.
    case scale(Double)
}
