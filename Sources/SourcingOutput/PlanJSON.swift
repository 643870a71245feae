import SourcingModel

// The plan as the JSON document of the format's "plan" section. Keys appear in the order the
// format lists them; new keys may be added, none renamed or removed without a new schemaVersion.

extension Plan {
    /// The plan as an ordered JSON value.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("schemaVersion", .number(Double(schemaVersion))),
            ("scenario", .object([("name", .string(scenario.name)), ("sha256", .string(scenario.sha256))])),
            ("tool", .object([("name", .string(tool.name)), ("version", .string(tool.version))])),
            ("currency", JSONValue(currency)),
            // Without a plan (infeasible, time limit, error) nothing is spent and nothing costs:
            // null, like the objective, never a 0 that reads as a free plan.
            ("spending", status.hasPlan ? JSONValue(spending) : .array(periods.map { _ in .null })),
            ("budget", budget.map { JSONValue($0) } ?? .null),
            ("status", .string(status.rawValue)),
            ("objective", JSONValue(objective)),
            ("mipGap", JSONValue(mipGap)),
            ("costs", .object(costs.entries.map { ($0.0, status.hasPlan ? .number($0.1) : .null) })),
            ("periods", .array(periods.map { .string($0) })),
            ("items", .array(items.map(\.json))),
        ]
        // Only for scenarios with pools, so other scenarios keep their bytes.
        if let capacityPools { members.append(("capacityPools", .array(capacityPools.map(\.json)))) }
        members += [
            ("sources", .array(sources.map(\.json))),
            ("onshoring", .array(onshoring.map(\.json))),
            (
                "excluded",
                .array(
                    excluded.map {
                        .object([("source", .string($0.source)), ("reasons", .array($0.reasons.map { .string($0) }))])
                    })
            ),
        ]
        if let diagnosis { members.append(("diagnosis", .array(diagnosis.map(\.json)))) }
        if let sensitivity { members.append(("sensitivity", sensitivity.json)) }
        members.append(("solver", solver.json))
        return .object(members)
    }

    /// The plan as JSON text (UTF-8), the bytes the CLI's solve command prints as JSON.
    public func jsonText(pretty: Bool = true) -> String { json.serialized(pretty: pretty) }
}

extension ItemPlan {
    var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .string(id)),
            ("name", JSONValue(name)),
            ("unit", JSONValue(unit)),
            ("demand", JSONValue(demand)),
            ("delivered", JSONValue(delivered)),
            ("domestic", JSONValue(domestic)),
            ("allied", JSONValue(allied)),
            ("byCountry", .object(byCountry.map { ($0.id, JSONValue($0.values)) })),
            ("bySource", .object(bySource.map { ($0.id, JSONValue($0.values)) })),
            ("inventory", JSONValue(inventory)),
            ("backlog", JSONValue(backlog)),
        ]
        // `consumed` and `components` only for scenarios with components (see Plan.swift).
        if let consumed { members.append(("consumed", JSONValue(consumed))) }
        members += [
            ("domesticShare", JSONValue(domesticShare)),
            (
                "redundancy",
                .object([
                    ("sourcesUsed", .number(Double(redundancy.sourcesUsed))),
                    ("countriesUsed", .number(Double(redundancy.countriesUsed))),
                    ("largestSourceShare", JSONValue(redundancy.largestSourceShare)),
                    ("largestAllyShare", JSONValue(redundancy.largestAllyShare)),
                    ("hhiSources", JSONValue(redundancy.hhiSources)),
                    ("hhiCountries", JSONValue(redundancy.hhiCountries)),
                    ("worstCountryLossCovered", JSONValue(redundancy.worstCountryLossCovered)),
                ])
            ),
        ]
        if let components { members.append(("components", .array(components.map(\.json)))) }
        return .object(members)
    }
}

extension ComponentDependency {
    var json: JSONValue {
        .object([
            ("item", .string(item)),
            ("drawn", JSONValue(drawn)),
            ("domestic", JSONValue(domestic)),
            ("allied", JSONValue(allied)),
            ("byCountry", .object(byCountry.map { ($0.id, JSONValue($0.values)) })),
            ("fromInitialInventory", JSONValue(fromInitialInventory)),
        ])
    }
}

extension PoolPlan {
    var json: JSONValue {
        .object([("id", .string(id)), ("used", JSONValue(used)), ("utilization", JSONValue(utilization))])
    }
}

extension SourcePlan {
    var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .string(id)), ("name", JSONValue(name)), ("country", .string(country)), ("item", .string(item)),
            ("orders", JSONValue(orders)), ("deliveries", JSONValue(deliveries)),
            ("utilization", JSONValue(utilization)), ("used", .bool(used)),
        ]
        if let reserve { members.append(("reserve", JSONValue(reserve))) }
        return .object(members)
    }
}

extension OnshoringTimeline {
    var json: JSONValue {
        .object([
            ("source", .string(source)),
            ("transferComplete", JSONValue(transferComplete)),
            ("facilityInvestment", JSONValue(facilityInvestment)),
            ("facilityReady", JSONValue(facilityReady)),
            ("firstProduction", JSONValue(firstProduction)),
            ("unitsHome", .number(unitsHome)),
            ("unitsAbroad", JSONValue(unitsAbroad)),
            ("capacity", JSONValue(capacity)),
            ("utilization", JSONValue(utilization)),
        ])
    }
}

extension Diagnosis {
    var json: JSONValue {
        var members: [(String, JSONValue)] = [("rule", .string(rule.rawValue))]
        if let item { members.append(("item", .string(item))) }
        if let source { members.append(("source", .string(source))) }
        if let country { members.append(("country", .string(country))) }
        if let period { members.append(("period", .string(period))) }
        members.append(("shortfall", JSONValue(shortfall)))
        members.append(("relativeShortfall", JSONValue(relativeShortfall)))
        members.append(("message", .string(message)))
        return .object(members)
    }
}

extension Sensitivity {
    var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("basis", .string(basis)),
            ("complete", .bool(complete)),
            (
                "capacityValue",
                .array(
                    capacityValue.map {
                        .object([
                            ("source", .string($0.source)), ("period", .string($0.period)),
                            ("savingPerUnit", .number($0.savingPerUnit)),
                        ])
                    })
            ),
            (
                "demandCost",
                .array(
                    demandCost.map { entry in
                        var members: [(String, JSONValue)] = [
                            ("item", .string(entry.item)), ("period", .string(entry.period)),
                            ("costPerUnit", JSONValue(entry.costPerUnit)),
                        ]
                        if entry.method == .resolve {
                            members.append(("savingOneLess", JSONValue(entry.savingOneLess)))
                        }
                        members.append(("method", .string(entry.method.rawValue)))
                        return .object(members)
                    })
            ),
            (
                "budgetValue",
                .array(
                    budgetValue.map {
                        .object([("period", .string($0.period)), ("savingPerUnit", .number($0.savingPerUnit))])
                    })
            ),
            (
                "unusedSources",
                .array(
                    unusedSources.map {
                        .object([
                            ("source", .string($0.source)), ("period", .string($0.period)),
                            ("reductionNeeded", .number($0.reductionNeeded)),
                        ])
                    })
            ),
            (
                "costRanges",
                .array(
                    costRanges.map {
                        .object([
                            ("source", .string($0.source)), ("period", .string($0.period)),
                            ("unitCost", .number($0.unitCost)),
                            ("lower", JSONValue($0.lower)), ("upper", JSONValue($0.upper)),
                        ])
                    })
            ),
        ]
        // Only when re-solves were skipped, so other plans keep their bytes.
        if let skipped {
            members.append(
                (
                    "skipped",
                    .object([
                        ("items", .array(skipped.items.map { .string($0) })), ("limit", .number(Double(skipped.limit))),
                        ("reason", .string(skipped.reason)),
                    ])
                ))
        }
        return .object(members)
    }
}

extension SolverFigures {
    var json: JSONValue {
        .object([
            ("rows", .number(Double(rows))),
            ("columns", .number(Double(columns))),
            ("nonzeros", .number(Double(nonzeros))),
            ("integerColumns", .number(Double(integerColumns))),
            ("seconds", .number((seconds * 1000).rounded() / 1000)),
            ("glpkVersion", .string(glpkVersion)),
            ("verified", .bool(verified)),
            ("maxViolation", JSONValue(maxViolation)),
            (
                "settings",
                .object([
                    ("timeLimitSeconds", JSONValue(settings.timeLimitSeconds)),
                    ("mipGap", .number(settings.mipGap)),
                    ("presolve", .bool(settings.presolve)),
                ])
            ),
        ])
    }
}
