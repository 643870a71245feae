import SourcingAnalysis
import SourcingModel
import Spreadsheet

// The analyses (sweep, tornado, frontier, stress test, plan comparison) as typed tables: the
// CSV output is the main table, and the workbook holds a summary sheet
// then every table. Figures are the JSON documents' figures.

extension SweepDocument {
    /// The sweep as an .xlsx workbook: summary, then the points.
    public func workbook(currency: String?) throws(SpreadsheetError) -> [UInt8] {
        var summary: [[TableCell]] = [
            ["analysis", "sweep"],
            ["scenario", .text(scenario.name)],
            ["sha256", .text(scenario.sha256)],
        ]
        for parameter in parameters { summary.append(["varied", .text(parameter.path), .text(parameter.values)]) }
        summary.append(["points", .number(Double(pointCount))])
        if let shard { summary.append(["shard", .number(Double(shard.index)), .number(Double(shard.count))]) }
        summary.append(["missing", .number(Double(missing.count))])
        return try outputWorkbook(summary: summary, tables: [table], currency: currency)
    }
}

private func scenarioRows(_ kind: String, _ base: AnalysisBase, currency: String?) -> [[TableCell]] {
    [
        ["analysis", .text(kind)],
        ["scenario", .text(base.identity.name)],
        ["sha256", .text(base.identity.sha256)],
        ["base status", .text(base.plan.status.rawValue)],
        [.text(withCurrency("base total cost", currency)), .optional(base.plan.objective)],
    ]
}

/// The tornado as a table (`tornado`), one row per parameter, widest swing first.
public func tornadoOutputTable(_ bars: [TornadoBar]) -> OutputTable {
    OutputTable(
        name: "tornado",
        header: [
            "parameter", "measure", "unit", "wholeUnits", "baseValue", "lowValue", "lowStatus", "lowObjective",
            "highValue", "highStatus", "highObjective", "swing",
        ],
        moneyColumns: ["lowObjective", "highObjective", "swing"],
        rows: bars.map { bar in
            [
                .text(bar.path), .text(bar.measure.rawValue), .optional(bar.unit), .bool(bar.wholeUnits),
                .number(bar.baseValue),
                .optional(bar.low.values.first), .text(bar.low.status.rawValue), .optional(bar.low.objective),
                .optional(bar.high.values.first), .text(bar.high.status.rawValue), .optional(bar.high.objective),
                .optional(bar.swing),
            ]
        })
}

/// The tornado as an .xlsx workbook: summary, then the bars.
public func tornadoWorkbook(_ bars: [TornadoBar], base: AnalysisBase, share: Double) throws(SpreadsheetError) -> [UInt8]
{
    let currency = base.scenario.currency
    var summary = scenarioRows("tornado", base, currency: currency)
    summary.append(["moved by (share)", .number(share)])
    return try outputWorkbook(summary: summary, tables: [tornadoOutputTable(bars)], currency: currency)
}

/// The frontier as a table (`frontier`): one row per required domestic share.
public func frontierOutputTable(_ points: [PointResult]) -> OutputTable {
    let costColumns = CostBreakdown().entries.map { "cost.\($0.0)" }
    var previous: Double?
    var rows: [[TableCell]] = []
    for point in points {
        let extra = point.objective.flatMap { objective in previous.map { objective - $0 } }
        rows.append(
            [.optional(point.values.first), .text(point.status.rawValue), .optional(point.objective), .optional(extra)]
                + point.costs.entries.map { TableCell.number($0.1) })
        if let objective = point.objective { previous = objective }
    }
    return OutputTable(
        name: "frontier", header: ["domesticShare", "status", "objective", "extraVsPrevious"] + costColumns,
        moneyColumns: ["objective", "extraVsPrevious"] + costColumns, rows: rows)
}

/// The frontier as an .xlsx workbook: summary, then the points.
public func frontierWorkbook(_ points: [PointResult], base: AnalysisBase, item: String) throws(SpreadsheetError)
    -> [UInt8]
{
    let currency = base.scenario.currency
    var summary = scenarioRows("frontier", base, currency: currency)
    summary.append(["item", .text(item)])
    return try outputWorkbook(summary: summary, tables: [frontierOutputTable(points)], currency: currency)
}

/// The stress test's tables: `disruptions` (one row per disruption, the CSV), `shortfalls`
/// (per disruption, item and period) and `relaxed-rules` (what each re-plan could not keep); for
/// scenarios with components also `lost-through-components` (target, item, component: the items
/// short through components the disruption hit).
public func stressOutputTables(_ results: [StressResult?], test: StressTest) -> [OutputTable] {
    let periods = test.base.scenario.periods
    func label(_ t: Int?) -> TableCell { .optional(t.map { periods[$0] }) }
    func count(_ n: Int?) -> TableCell { .optional(n.map(Double.init)) }
    var disruptions: [[TableCell]] = []
    var shortfalls: [[TableCell]] = []
    var rules: [[TableCell]] = []
    var lostThrough: [[TableCell]] = []
    for (k, result) in results.enumerated() {
        guard let result else {
            disruptions.append([.text(test.targets[k].id), .empty, "not run"])
            continue
        }
        disruptions.append([
            .text(result.target), .text(result.sources.joined(separator: ", ")), .text(result.status.rawValue),
            .optional(result.extraCost), .optional(result.extraSpend), .optional(result.extraPenalty),
            .number(result.lostUnits), .number(result.lostCost),
            .optional(result.unitsShort), .optional(result.unitsLate), .optional(result.shortfallUnitPeriods),
            result.survives.map(TableCell.bool) ?? .empty, count(result.timeToSurvive), label(result.firstShortfall),
            count(result.recoveryPeriods), .optional(result.costExposure), .optional(result.shortfallExposure),
        ])
        for item in result.items {
            for (t, amount) in item.shortfall.enumerated() {
                shortfalls.append([.text(result.target), .text(item.id), .text(periods[t]), .number(amount)])
            }
            for component in item.throughComponents {
                lostThrough.append([.text(result.target), .text(item.id), .text(component)])
            }
        }
        for rule in result.relaxedRules {
            rules.append([
                .text(result.target), .text(rule.rule.rawValue), .optional(rule.item), .optional(rule.source),
                .optional(rule.country), .optional(rule.period), .optional(rule.shortfall), .text(rule.message),
            ])
        }
    }
    return [
        OutputTable(
            name: "disruptions",
            header: [
                "target", "sources", "status", "extraCost", "extraSpend", "extraPenalty", "lostUnits", "lostCost",
                "unitsShort", "unitsLate",
                "shortfallUnitPeriods", "survives", "timeToSurvive", "firstShortfall", "recoveryPeriods",
                "exposureCost", "exposureShortfall",
            ],
            moneyColumns: ["extraCost", "extraSpend", "extraPenalty", "lostCost"], rows: disruptions),
        OutputTable(name: "shortfalls", header: ["target", "item", "period", "shortfall"], rows: shortfalls),
        OutputTable(
            name: "relaxed-rules",
            header: ["target", "rule", "item", "source", "country", "period", "shortfall", "message"], rows: rules),
    ]
        + (test.base.scenario.hasComponents
            ? [
                OutputTable(
                    name: "lost-through-components", header: ["target", "item", "component"], rows: lostThrough)
            ] : [])
}

/// The stress test as an .xlsx workbook: summary, disruptions, shortfalls, relaxed rules.
public func stressWorkbook(_ results: [StressResult?], test: StressTest) throws(SpreadsheetError) -> [UInt8] {
    let currency = test.base.scenario.currency
    let periods = test.base.scenario.periods
    var summary = scenarioRows("stress", test.base, currency: currency)
    summary += [
        ["knocked out", .text(test.by.rawValue)],
        ["from", .text(periods[test.from])],
        ["for (periods)", .number(Double(test.duration))],
        ["through", .text(periods[test.window.upperBound - 1])],
        ["default window", .bool(test.isDefaultWindow)],
        [.text(withCurrency("stress penalty", currency)), .number(test.penalty)],
    ]
    return try outputWorkbook(summary: summary, tables: stressOutputTables(results, test: test), currency: currency)
}

extension PlanComparison {
    /// Every difference as one table (`changes`): what changed (objective, cost, an item's
    /// domestic share or a period series, a source, a milestone, an exclusion), for what, the
    /// values before and after and the change.
    public var table: OutputTable {
        var rows: [[TableCell]] = []
        func numbers(_ c: Change) -> [TableCell] { [.optional(c.before), .optional(c.after), .optional(c.change)] }
        rows.append(["objective", .empty, .empty, .empty, .empty] + numbers(objective))
        for cost in costs { rows.append(["cost", .text(cost.kind), .empty, .empty, .empty] + numbers(cost.amount)) }
        for change in spending + budget {
            rows.append([.text(change.series), .empty, .empty, .text(change.period), .empty] + numbers(change.value))
        }
        for item in items {
            if item.presence != .both {
                rows.append([
                    .text("item \(item.presence.rawValue)"), .text(item.item), .empty, .empty, .empty, .empty, .empty,
                    .empty,
                ])
            }
            rows.append(["domesticShare", .text(item.item), .empty, .empty, .empty] + numbers(item.domesticShare))
            for change in item.periods {
                rows.append(
                    [.text(change.series), .text(item.item), .optional(change.country), .text(change.period), .empty]
                        + numbers(change.value))
            }
        }
        for (kind, list) in [
            ("source added", sourcesAdded), ("source dropped", sourcesDropped), ("source resized", sourcesResized),
        ] {
            for source in list {
                rows.append(
                    [.text(kind), .text(source.source), .text(source.country), .empty, .text(source.item)]
                        + numbers(source.units))
            }
        }
        for milestone in onshoring {
            rows.append([
                .text(milestone.milestone), .text(milestone.source), .empty, .empty, .empty,
                .optional(milestone.before), .optional(milestone.after), .empty,
            ])
        }
        for exclusion in excluded {
            rows.append([
                "excluded", .text(exclusion.source), .empty, .empty, .empty,
                .text(exclusion.before.joined(separator: ", ")), .text(exclusion.after.joined(separator: ", ")), .empty,
            ])
        }
        return OutputTable(
            name: "changes", header: ["change", "id", "country", "period", "item", "before", "after", "difference"],
            rows: rows)
    }

    /// The comparison as an .xlsx workbook: both plans on the summary sheet, then the changes.
    public func workbook(currency: String?) throws(SpreadsheetError) -> [UInt8] {
        let summary: [[TableCell]] = [
            ["analysis", "comparison"],
            [.empty, "A (before)", "B (after)"],
            ["scenario", .text(before.scenario.name), .text(after.scenario.name)],
            ["sha256", .text(before.scenario.sha256), .text(after.scenario.sha256)],
            ["same scenario", .bool(sameScenario)],
            ["status", .text(before.status.rawValue), .text(after.status.rawValue)],
            [.text(withCurrency("total cost", currency)), .optional(before.objective), .optional(after.objective)],
            ["differences", .bool(hasDifferences)],
        ]
        return try outputWorkbook(summary: summary, tables: [table], currency: currency)
    }
}
