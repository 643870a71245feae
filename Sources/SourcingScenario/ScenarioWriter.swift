// A scenario as the text of a scenario file (JSON or YAML), for generated scenarios and tools
// that change a scenario and write it back.
//
// Every field of the typed `Scenario` is written, defaults included, so the file decodes to an
// equal `Scenario` (period indices as their labels, each per-period field as an array with one
// number per period). Two optional lists are written only when they hold something (`consumes`
// of a source, the top-level `capacityPools`), so scenarios without them keep their bytes.
// Fields are written in the order the format lists them; numbers in their shortest text that
// reads back to the same Double ("0.1", "12", "1e-05"). The tree is the Documents module's
// `JSONValue`, so JSON goes through the one JSON writer and strings through its escaper. The
// same scenario always gives the same bytes: nothing here depends on hashing, locale or the
// machine.

import Documents

/// Writes a `Scenario` as JSON or YAML text that `ScenarioLoader` reads back to an equal scenario.
public enum ScenarioWriter {
    /// The scenario as the text of a file in `format`, ending in a newline.
    ///
    /// - Precondition: every number is finite (a validated or generated scenario's are).
    public static func text(_ scenario: Scenario, format: ScenarioFormat) -> String {
        let tree = document(scenario)
        switch format {
        case .json: return tree.serialized()
        case .yaml:
            var out = ""
            writeYAMLMapping(tree.objectMembers ?? [], indent: 0, into: &out)
            return out
        }
    }

    /// The UTF-8 bytes of `text(_:format:)`.
    public static func bytes(_ scenario: Scenario, format: ScenarioFormat) -> [UInt8] {
        Array(text(scenario, format: format).utf8)
    }
}

// MARK: - The document tree

/// Builds an object's field list, skipping optional fields that are absent; keys are the
/// validator's field enums, so the writer cannot write a field the reader does not know.
private struct Fields<Field: ObjectField> {
    var pairs: [(String, JSONValue)] = []
    mutating func add(_ key: Field, _ value: JSONValue) { pairs.append((key.rawValue, value)) }
    mutating func add(_ key: Field, _ value: String?) { if let value { pairs.append((key.rawValue, .string(value))) } }
    mutating func add(_ key: Field, _ value: Double?) { if let value { pairs.append((key.rawValue, .number(value))) } }
    mutating func add(_ key: Field, _ value: Int?) {
        if let value { pairs.append((key.rawValue, .number(Double(value)))) }
    }
    mutating func add(_ key: Field, _ value: Bool) { pairs.append((key.rawValue, .bool(value))) }
    mutating func add(_ key: Field, numbers: [Double]?) {
        if let numbers { pairs.append((key.rawValue, .array(numbers.map { .number($0) }))) }
    }
    mutating func add(_ key: Field, strings: [String]) {
        pairs.append((key.rawValue, .array(strings.map { .string($0) })))
    }
    var object: JSONValue { .object(pairs) }
}

private func document(_ s: Scenario) -> JSONValue {
    let label = { (index: Int) in s.periods[index] }
    var top = Fields<ScenarioField>()
    top.add(.name, s.name)
    top.add(.currency, s.currency)
    top.add(.periods, strings: s.periods)
    top.add(.discountRate, s.discountRate)
    top.add(
        .countries,
        .array(
            s.countries.map { country in
                var f = Fields<CountryField>()
                f.add(.id, country.id)
                f.add(.name, country.name)
                f.add(.domestic, country.domestic)
                f.add(.exportApproved, strings: country.exportApproved)
                f.add(.ipProtection, country.ipProtection)
                f.add(.screening, country.screening.rawValue)
                return f.object
            }))
    top.add(
        .items,
        .array(
            s.items.map { item in
                var f = Fields<ItemField>()
                f.add(.id, item.id)
                f.add(.name, item.name)
                f.add(.category, item.category)
                f.add(.unit, item.unit)
                f.add(.demand, numbers: item.demand)
                f.add(.integerUnits, item.integerUnits)
                f.add(.initialInventory, item.initialInventory)
                f.add(.holdingCost, item.holdingCost)
                f.add(.backlogPenalty, item.backlogPenalty)
                f.add(.unmetPenalty, item.unmetPenalty)
                f.add(.minIPProtection, item.minIPProtection)
                if let rule = item.domesticShare {
                    var r = Fields<DomesticShareField>()
                    r.add(.min, rule.min)
                    r.add(.max, rule.max)
                    r.add(.from, label(rule.from))
                    r.add(.over, rule.over.rawValue)
                    f.add(.domesticShare, r.object)
                }
                f.add(.maxSharePerSource, item.maxSharePerSource)
                f.add(.maxSharePerAlly, item.maxSharePerAlly)
                f.add(.shareOver, item.shareOver.rawValue)
                for (key, rule) in [(ItemField.minSources, item.minSources), (.minCountries, item.minCountries)] {
                    guard let rule else { continue }
                    var r = Fields<MinimumCountField>()
                    r.add(.count, rule.count)
                    r.add(.minShare, rule.minShare)
                    f.add(key, r.object)
                }
                if let rule = item.resilience {
                    var r = Fields<ResilienceField>()
                    r.add(.survive, rule.survive.rawValue)
                    r.add(.coverage, rule.coverage)
                    r.add(.from, label(rule.from))
                    f.add(.resilience, r.object)
                }
                return f.object
            }))
    top.add(
        .sources,
        .array(
            s.sources.map { source in
                var f = Fields<SourceField>()
                f.add(.id, source.id)
                f.add(.name, source.name)
                f.add(.country, source.country)
                f.add(.item, source.item)
                f.add(.unitCost, numbers: source.unitCost)
                f.add(.capacity, numbers: source.capacity)
                f.add(.capacityMode, source.capacityMode.rawValue)
                f.add(.leadTime, source.leadTime)
                f.add(.fixedCost, source.fixedCost)
                f.add(.minOrder, source.minOrder)
                f.add(.domesticContent, source.domesticContent)
                f.add(.costShare, source.costShare)
                f.add(.availableFrom, source.availableFrom.map(label))
                f.add(.availableUntil, source.availableUntil.map(label))
                f.add(.reserveCost, source.reserveCost)
                if let onshoring = source.onshoring {
                    var o = Fields<OnshoringField>()
                    if let transfer = onshoring.transfer {
                        var t = Fields<TransferField>()
                        t.add(.fromSources, strings: transfer.fromSources)
                        t.add(.units, transfer.units)
                        o.add(.transfer, t.object)
                    }
                    if let facility = onshoring.facility {
                        var t = Fields<FacilityField>()
                        t.add(.cost, facility.cost)
                        t.add(.buildTime, facility.buildTime)
                        t.add(.earliest, label(facility.earliest))
                        o.add(.facility, t.object)
                    }
                    o.add(.rampUp, numbers: onshoring.rampUp)
                    o.add(.sustainingRate, onshoring.sustainingRate)
                    f.add(.onshoring, o.object)
                }
                if !source.consumes.isEmpty {
                    f.add(
                        .consumes,
                        .array(
                            source.consumes.map { component in
                                var c = Fields<ComponentField>()
                                c.add(.item, component.item)
                                c.add(.perUnit, component.perUnit)
                                return c.object
                            }))
                }
                return f.object
            }))
    if !s.capacityPools.isEmpty {
        top.add(
            .capacityPools,
            .array(
                s.capacityPools.map { pool in
                    var f = Fields<CapacityPoolField>()
                    f.add(.id, pool.id)
                    f.add(.name, pool.name)
                    f.add(.capacity, numbers: pool.capacity)
                    f.add(.capacityMode, pool.capacityMode.rawValue)
                    f.add(
                        .members,
                        .array(
                            pool.members.map { member in
                                var m = Fields<PoolMemberField>()
                                m.add(.source, member.source)
                                m.add(.perUnit, member.perUnit)
                                return m.object
                            }))
                    return f.object
                }))
    }
    var policy = Fields<PolicyField>()
    policy.add(.allowPendingScreening, s.policy.allowPendingScreening)
    policy.add(.embargo, strings: s.policy.embargo)
    policy.add(.budget, numbers: s.policy.budget)
    top.add(.policy, policy.object)
    var solver = Fields<SolverField>()
    solver.add(.timeLimitSeconds, s.solver.timeLimitSeconds)
    solver.add(.mipGap, s.solver.mipGap)
    solver.add(.presolve, s.solver.presolve)
    top.add(.solver, solver.object)
    return top.object
}

// MARK: - YAML

/// A value written on one line: a scalar, a list of scalars in flow style, an empty object.
private func inlineText(_ value: JSONValue) -> String {
    switch value {
    case .null: return "null"
    case .string(let text): return JSONText.quoted(text)
    case .number(let number): return number.jsonText
    case .bool(let flag): return flag ? "true" : "false"
    case .array(let elements): return "[" + elements.map(inlineText).joined(separator: ", ") + "]"
    case .object(let pairs):
        precondition(pairs.isEmpty, "an object with fields is written as a block")
        return "{}"
    }
}

private func spaces(_ count: Int) -> String { String(repeating: " ", count: count) }

/// Block-style YAML: mappings and sequences of objects as blocks, scalar lists in flow style,
/// every string double-quoted by the JSON escaper (so `NO` or `2026` stay strings; a JSON
/// string literal is a YAML double-quoted scalar). Keys are field names, written plain.
private func writeYAMLMapping(_ pairs: [(String, JSONValue)], indent: Int, into out: inout String) {
    for (key, value) in pairs {
        out += spaces(indent) + key + ":"
        writeYAMLValue(value, indent: indent, into: &out)
    }
}

/// Writes what follows "key:" (or "-") at `indent`, ending with a newline.
private func writeYAMLValue(_ value: JSONValue, indent: Int, into out: inout String) {
    switch value {
    case .object(let pairs) where !pairs.isEmpty:
        out += "\n"
        writeYAMLMapping(pairs, indent: indent + 2, into: &out)
    case .array(let elements) where !elements.allSatisfy(\.isScalar):
        out += "\n"
        for element in elements {
            if case .object(let pairs) = element, !pairs.isEmpty {
                // "- first: value" then the other fields aligned under "first".
                out += spaces(indent + 2) + "- " + pairs[0].0 + ":"
                writeYAMLValue(pairs[0].1, indent: indent + 4, into: &out)
                writeYAMLMapping(Array(pairs.dropFirst()), indent: indent + 4, into: &out)
            } else {
                out += spaces(indent + 2) + "-"
                writeYAMLValue(element, indent: indent + 2, into: &out)
            }
        }
    default:
        out += " " + inlineText(value) + "\n"
    }
}
