import SourcingAnalysis
import SourcingModel
import SourcingScenario

// The disruption stress test as a JSON document (top-level "kind": "stress") and as a table.
// Disruptions keep scenario order (countries, or sources); the same scenario and settings give
// the same bytes whatever the number of jobs. Periods are written as labels.

/// The stress test as JSON:
///
/// ```
/// {kind: "stress", schemaVersion: 1, scenario: {name, sha256}, currency, by: "country"|"source",
///  from: label, for: periods (Simchi-Levi's time-to-recover), through: label,
///  defaultWindow: whether from/for are the defaults (two periods from the first with demand),
///  stressPenalty: P, base: {status, objective (the plan's), penalties (its own backlog and unmet)},
///  disruptions: [{target, sources: [ids], status, extraCost, extraSpend, extraPenalty,
///    lostOrders: {units, cost},
///    unitsShort, unitsLate, shortfallUnitPeriods, survives, timeToSurvive, firstShortfall,
///    recoveryPeriods, exposure: {cost, shortfall},
///    items: [{id, unitsShort, unitsLate, firstShortfall, shortfall: [per period],
///      throughComponents: [item ids] (only for scenarios with components)}],
///    relaxedRules: [{rule, item?, source?, country?, period?, shortfall, message}]}],
///  missing: number of disruptions not solved (stopped)}
/// ```
/// Figures are null where the re-plan has no plan (`status` says why).
public func stressJSON(_ results: [StressResult?], test: StressTest) -> JSONValue {
    let periods = test.base.scenario.periods
    func label(_ t: Int?) -> JSONValue { JSONValue(t.map { periods[$0] }) }
    func count(_ n: Int?) -> JSONValue { JSONValue(n.map(Double.init)) }
    let base = test.base.plan
    let solved = results.compactMap { $0 }
    let withComponents = test.base.scenario.hasComponents
    return .object(
        AnalysisHeaderKey.header(.stress, test.base.identity, currency: test.base.scenario.currency)
            + StressKey.members([
                (.by, .string(test.by.rawValue)),
                (.from, .string(periods[test.from])),
                (.for, .number(Double(test.duration))),
                (.through, .string(periods[test.window.upperBound - 1])),
                (.defaultWindow, .bool(test.isDefaultWindow)),
                (.stressPenalty, .number(test.penalty)),
                (
                    .base,
                    StressKey.object([
                        (.status, .string(base.status.rawValue)),
                        (.objective, JSONValue(base.objective)),
                        (.penalties, .number(planFigure(base.costs.backlog + base.costs.unmet))),
                    ])
                ),
                (
                    .disruptions,
                    .array(
                        solved.map { disruptionJSON($0, label: label, count: count, withComponents: withComponents) })
                ),
                (.missing, .number(Double(results.count - solved.count))),
            ]))
}

/// One disruption of `stressJSON`.
private func disruptionJSON(
    _ result: StressResult, label: (Int?) -> JSONValue, count: (Int?) -> JSONValue, withComponents: Bool
) -> JSONValue {
    var members: [(StressKey, JSONValue)] = [
        (.target, .string(result.target)),
        (.sources, .array(result.sources.map { .string($0) })),
        (.status, .string(result.status.rawValue)),
        (.extraCost, JSONValue(result.extraCost)),
        (.extraSpend, JSONValue(result.extraSpend)),
        (.extraPenalty, JSONValue(result.extraPenalty)),
        (.lostOrders, StressKey.object([(.units, .number(result.lostUnits)), (.cost, .number(result.lostCost))])),
        (.unitsShort, JSONValue(result.unitsShort)),
        (.unitsLate, JSONValue(result.unitsLate)),
        (.shortfallUnitPeriods, JSONValue(result.shortfallUnitPeriods)),
        (.survives, result.survives.map { .bool($0) } ?? .null),
        (.timeToSurvive, count(result.timeToSurvive)),
        (.firstShortfall, label(result.firstShortfall)),
        (.recoveryPeriods, count(result.recoveryPeriods)),
        (
            .exposure,
            StressKey.object([
                (.cost, JSONValue(result.costExposure)), (.shortfall, JSONValue(result.shortfallExposure)),
            ])
        ),
        (
            .items,
            .array(
                result.items.map { item in
                    var members: [(StressKey, JSONValue)] = [
                        (.id, .string(item.id)),
                        (.unitsShort, .number(item.unitsShort)),
                        (.unitsLate, .number(item.unitsLate)),
                        (.firstShortfall, label(item.firstShortfall)),
                        (.shortfall, JSONValue(item.shortfall)),
                    ]
                    if withComponents {
                        members.append((.throughComponents, .array(item.throughComponents.map { .string($0) })))
                    }
                    return StressKey.object(members)
                })
        ),
        (.relaxedRules, .array(result.relaxedRules.map(\.json))),
    ]
    if let error = result.error { members.append((.error, .string(error))) }
    return StressKey.object(members)
}

/// The stress test as a table, one row per disruption, followed by the rules each re-plan broke.
public func stressTable(_ results: [StressResult?], test: StressTest) -> String {
    let scenario = test.base.scenario
    let periods = scenario.periods
    let base = test.base.plan
    let money = scenario.currency.map { " \($0)" } ?? ""
    let through = periods[test.window.upperBound - 1]
    let span = test.duration == 1 ? periods[test.from] : "\(periods[test.from])–\(through)"
    var text =
        "Stress test: each \(test.by.rawValue) knocked out \(span) (\(test.duration) period\(test.duration == 1 ? "" : "s")"
    if test.isDefaultWindow {
        text += "; the default: \(StressTest.defaultDuration) periods from the first period with demand"
    }
    text += "); base cost \(base.objective.map(formatMoney) ?? "–")\(money) (\(base.status.rawValue)"
    let basePenalties = base.costs.backlog + base.costs.unmet
    if basePenalties != 0 { text += "; of which penalties \(formatMoney(basePenalties))" }
    text += ")\n"
    var rows = [
        [
            test.by.rawValue, "status", "extra cost", "of which penalties", "lost orders", "units short", "units late",
            "time to survive", "first shortfall", "recovery", "exposure cost", "exposure short",
        ]
    ]
    var notes: [String] = []
    var lostThrough: [String] = []
    for (k, result) in results.enumerated() {
        guard let result else {
            rows.append([test.targets[k].id, "not run"] + Array(repeating: "", count: 10))
            continue
        }
        guard result.status.hasPlan else {
            rows.append(
                [result.target, result.status.rawValue, "–", "–", formatQuantity(result.lostUnits)]
                    + Array(repeating: "–", count: 7))
            continue
        }
        let survive =
            result.survives == true ? "survives (\(result.timeToSurvive ?? 0))" : "\(result.timeToSurvive ?? 0)"
        let recovery = result.recoveryPeriods.map(String.init) ?? "not by end"
        rows.append([
            result.target, result.status.rawValue, result.extraCost.map(formatMoney) ?? "–",
            result.extraPenalty.map(formatMoney) ?? "–",
            formatQuantity(result.lostUnits), formatQuantity(result.unitsShort ?? 0),
            formatQuantity(result.unitsLate ?? 0),
            survive, result.firstShortfall.map { periods[$0] } ?? "none", recovery,
            result.costExposure.map(formatShareOf) ?? "–", result.shortfallExposure.map(formatShareOf) ?? "–",
        ])
        for rule in result.relaxedRules { notes.append("  \(result.target): \(rule.message)") }
        for item in result.items where !item.throughComponents.isEmpty {
            lostThrough.append(
                "  \(result.target): \(item.id) loses output through \(item.throughComponents.joined(separator: ", "))")
        }
    }
    text += alignedTable(rows)
    let penalty = formatMoney(test.penalty) + money
    text +=
        "extra cost\(money.isEmpty ? "" : " (\(money.dropFirst()))"): the re-plan's cost plus the money of lost orders, less the base plan's; "
    text += "a unit late costs its item's backlog penalty each period and its unmet penalty once if never delivered, "
    text +=
        "\(penalty) each where the scenario sets none (the stress penalty), and each unit of a broken rule \(penalty); "
    text += "time to survive: periods from \(periods[test.from]) to the first shortfall the base plan does not have; "
    text += "recovery: periods after the disruption until that shortfall is cleared; "
    text += "exposure: impact over the worst disruption's (1 = worst)\n"
    if !lostThrough.isEmpty {
        text += "Output lost through components (their lines were knocked out):\n"
        text += lostThrough.joined(separator: "\n") + "\n"
    }
    if !notes.isEmpty {
        text += "Rules the re-plan cannot keep (soft at \(penalty) per unit of violation):\n"
        text += notes.joined(separator: "\n") + "\n"
    }
    return terminalSafe(text)
}

/// An index in 0…1 with two decimals.
private func formatShareOf(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
}
