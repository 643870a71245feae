import SourcingAnalysis
import SourcingModel
import SourcingScenario

// Sweep, tornado and frontier results as JSON documents (with a top-level "kind") and CSV.
// Like plans, they keep scenario order and give the same bytes for the same inputs.

/// A sweep's output: the grid, and the points solved (all of them, or one shard's).
public struct SweepDocument: Sendable, Equatable {
    public var scenario: ScenarioIdentity
    /// The scenario's currency: objective and costs are in it.
    public var currency: String? = nil
    /// Each varied path with its value list as given.
    public var parameters: [(path: String, values: String)]
    public var pointCount: Int
    public var shard: Shard?
    public var items: [String]
    public var sources: [String]
    /// Solved points in index order.
    public var points: [PointResult]

    public init(
        scenario: ScenarioIdentity, parameters: [(path: String, values: String)], pointCount: Int, shard: Shard?,
        items: [String], sources: [String], points: [PointResult]
    ) {
        self.scenario = scenario
        self.parameters = parameters
        self.pointCount = pointCount
        self.shard = shard
        self.items = items
        self.sources = sources
        self.points = points
    }

    public init(sweep: Sweep, shard: Shard?, points: [PointResult]) {
        self.init(
            scenario: sweep.base.identity,
            parameters: sweep.parameters.map { ($0.path.text, $0.valuesText) },
            pointCount: sweep.pointCount, shard: shard,
            items: sweep.base.scenario.items.map(\.id), sources: sweep.base.scenario.sources.map(\.id),
            points: points)
        currency = sweep.base.scenario.currency
    }

    /// Indices of the points this document should hold (its shard's) but does not.
    public var missing: [Int] {
        let have = Set(points.map(\.index))
        return (0..<pointCount).filter { (shard?.contains($0) ?? true) && !have.contains($0) }
    }

    public static func == (a: SweepDocument, b: SweepDocument) -> Bool {
        a.json == b.json
    }

    /// The document: header, `parameters: [{path, values}], pointCount, shard: {index, count}|null,
    /// missing` (how many of its shard's points it lacks) and `points` (see `PointResult.json`).
    public var json: JSONValue {
        .object(
            AnalysisHeaderKey.header(.sweep, scenario, currency: currency)
                + SweepKey.members([
                    (
                        .parameters,
                        .array(
                            parameters.map {
                                SweepKey.object([(.path, .string($0.path)), (.values, .string($0.values))])
                            })
                    ),
                    (.pointCount, .number(Double(pointCount))),
                    (
                        .shard,
                        shard.map {
                            SweepKey.object([(.index, .number(Double($0.index))), (.count, .number(Double($0.count)))])
                        } ?? .null
                    ),
                    (.missing, .number(Double(missing.count))),
                    (
                        .points,
                        .array(
                            points.map { $0.json(parameters: parameters.map(\.path), items: items, sources: sources) })
                    ),
                ]))
    }

    /// One row per point: the varied values, status, objective, currency, costs, domestic share
    /// per item and units per source. A point without a plan has only its values and status:
    /// its other cells are empty, never 0.
    public var csv: String { table.csv }

    /// The points as a table (`points`): the CSV's rows, typed.
    public var table: OutputTable {
        var header = ["point"] + parameters.map(\.path) + ["status", "objective", "mipGap", "currency"]
        let costColumns = CostBreakdown().entries.map { "cost.\($0.0)" }
        header += costColumns
        header += items.map { "domesticShare.\($0)" } + sources.map { "units.\($0)" }
        var rows: [[TableCell]] = []
        for point in points {
            var row: [TableCell] = [.number(Double(point.index))] + point.values.map(TableCell.number)
            row += [.text(point.status.rawValue), .optional(point.objective), .optional(point.mipGap)]
            if point.status.hasPlan {
                row.append(.optional(currency))
                row += point.costs.entries.map { TableCell.number($0.1) }
                row += point.domesticShare.map(TableCell.optional) + point.units.map(TableCell.number)
            } else {
                row += Array(repeating: TableCell.empty, count: header.count - row.count)
            }
            rows.append(row)
        }
        return OutputTable(name: "points", header: header, moneyColumns: ["objective"] + costColumns, rows: rows)
    }
}

extension PointResult {
    /// A point; without a plan its costs and units are null (there is no plan to count). A point
    /// with status `error` also has `error`, the reason.
    func json(parameters: [String], items: [String], sources: [String]) -> JSONValue {
        let planned = status.hasPlan
        var members: [(SweepKey, JSONValue)] = [
            (.index, .number(Double(index))),
            (.values, .object(zip(parameters, values).map { ($0, .number($1)) })),
            (.status, .string(status.rawValue)),
            (.objective, JSONValue(objective)),
            (.mipGap, JSONValue(mipGap)),
            (.costs, .object(costs.entries.map { ($0.0, planned ? .number($0.1) : .null) })),
            (.domesticShare, .object(zip(items, domesticShare).map { ($0, JSONValue($1)) })),
            (.units, .object(zip(sources, units).map { ($0, planned ? .number($1) : .null) })),
        ]
        if let error { members.append((.error, .string(error))) }
        return SweepKey.object(members)
    }
}

/// A tornado chart's bars as JSON:
///
/// ```
/// {kind: "tornado", schemaVersion: 1, scenario: {name, sha256}, currency, by: share,
///  baseObjective, bars: [{path, measure: value|perPeriod|total|mean, unit, wholeUnits,
///    baseValue, low: {value, change, status, objective}, high: {...}, swing}]}
/// ```
/// `value` is the field's value on that side in the bar's `measure`, `change` its difference
/// from `baseValue` (0 when the side cannot move and is the base plan itself).
public func tornadoJSON(_ bars: [TornadoBar], base: AnalysisBase, share: Double) -> JSONValue {
    func side(_ point: PointResult, _ bar: TornadoBar) -> JSONValue {
        let value = point.values.first ?? .nan
        return TornadoKey.object([
            (.value, .number(value)), (.change, .number(planFigure(value - bar.baseValue))),
            (.status, .string(point.status.rawValue)), (.objective, JSONValue(point.objective)),
        ])
    }
    return .object(
        AnalysisHeaderKey.header(.tornado, base.identity, currency: base.scenario.currency)
            + TornadoKey.members([
                (.by, .number(share)),
                (.baseObjective, JSONValue(base.plan.objective)),
                (
                    .bars,
                    .array(
                        bars.map { bar in
                            TornadoKey.object([
                                (.path, .string(bar.path)),
                                (.measure, .string(bar.measure.rawValue)),
                                (.unit, JSONValue(bar.unit)),
                                (.wholeUnits, .bool(bar.wholeUnits)),
                                (.baseValue, .number(bar.baseValue)),
                                (.low, side(bar.low, bar)),
                                (.high, side(bar.high, bar)),
                                (.swing, JSONValue(bar.swing)),
                            ])
                        })
                ),
            ]))
}

/// A tornado's base value with what it is: "2 per period", "11 in total", "0.081 mean", "150".
public func tornadoBaseText(_ value: Double, _ measure: TornadoMeasure) -> String {
    switch measure {
    case .value: formatQuantity(value)
    case .perPeriod: "\(formatQuantity(value)) per period"
    case .total: "\(formatQuantity(value)) in total"
    case .mean: "\(formatQuantity(value)) mean"
    }
}

/// A tornado chart as a table.
public func tornadoTable(_ bars: [TornadoBar], base: AnalysisBase, share: Double) -> String {
    let money = base.scenario.currency.map { " \($0)" } ?? ""
    var text =
        "Base total cost \(base.plan.objective.map(formatMoney) ?? base.plan.status.rawValue)\(base.plan.objective == nil ? "" : money). "
    text +=
        "Each input moved down and up on its own, by \(formatShare(share)) (whole-unit inputs by whole units, at least 1; "
    text += "per-period inputs in every period), and the scenario re-planned.\n"
    var rows = [["parameter", "unit", "base", "low", "high", "total cost at low", "total cost at high", "swing"]]
    for bar in bars {
        func cost(_ point: PointResult) -> String { point.objective.map(formatMoney) ?? point.status.rawValue }
        rows.append([
            bar.path, bar.unit ?? "", tornadoBaseText(bar.baseValue, bar.measure),
            formatQuantity(bar.low.values.first ?? .nan), formatQuantity(bar.high.values.first ?? .nan),
            cost(bar.low), cost(bar.high), bar.swing.map(formatMoney) ?? "–",
        ])
    }
    return terminalSafe(text + alignedTable(rows))
}

/// The cost-of-onshoring frontier as JSON: the header, then
/// `item, points: [{domesticShare, status, objective, costs: {kind: amount}}]`.
public func frontierJSON(_ points: [PointResult], base: AnalysisBase, item: String) -> JSONValue {
    .object(
        AnalysisHeaderKey.header(.frontier, base.identity, currency: base.scenario.currency)
            + FrontierKey.members([
                (.item, .string(item)),
                (
                    .points,
                    .array(
                        points.map { point in
                            FrontierKey.object([
                                (.domesticShare, .number(point.values.first ?? .nan)),
                                (.status, .string(point.status.rawValue)),
                                (.objective, JSONValue(point.objective)),
                                (.costs, .object(point.costs.entries.map { ($0.0, .number($0.1)) })),
                            ])
                        })
                ),
            ]))
}

/// The frontier as a table, with the extra cost of each step over the one before; `currency`
/// labels the money columns.
public func frontierTable(_ points: [PointResult], item: String, currency: String? = nil) -> String {
    let money = currency.map { " (\($0))" } ?? ""
    var rows = [["min domestic share of \(item)", "status", "total cost\(money)", "extra vs previous"]]
    var previous: Double?
    for point in points {
        let extra = point.objective.flatMap { o in previous.map { formatMoney(o - $0) } } ?? ""
        rows.append([
            formatShare(point.values.first ?? 0), point.status.rawValue, point.objective.map(formatMoney) ?? "–", extra,
        ])
        if let objective = point.objective { previous = objective }
    }
    return terminalSafe(alignedTable(rows))
}

/// Columns padded to their widest cell, the first left-aligned and the rest right-aligned.
func alignedTable(_ rows: [[String]]) -> String {
    guard let columns = rows.map(\.count).max() else { return "" }
    let widths = (0..<columns).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
    return rows.map { row in
        row.enumerated().map { c, cell in c == 0 ? cell.padding(widths[c]) : leftPad(cell, widths[c]) }.joined(
            separator: "  ")
    }.joined(separator: "\n") + "\n"
}
