import Foundation
import SourcingAnalysis
import SourcingModel

// Analysis documents in the report, drawn from the documents the CLI writes:
// - sweep (`SweepDocument.json`): one parameter → total cost against its value; two → a heat map
//   of total cost over the grid; any number → a table of every point. Points without a plan
//   are marked (a cross on the axis, a hatched cell) with their status.
// - tornado (`tornadoJSON`): per input, the change in total cost at its low and at its high
//   value, each on its own half of the row, so a missing side's "no plan" never meets the other
//   side's label; the full parameter paths are in each label's tooltip and in the table.
// - frontier (`frontierJSON`): total cost against the required domestic share, with the shares
//   that cannot be reached marked, and a table with the extra cost of each step.
// - stress (`stressJSON`): per disruption, bars of the risk-exposure index (shortfall and cost)
//   and a table with every figure.
// Each drawer reads the keys it needs; a document without them gets a note in the page and in
// `notes` (the CLI prints those on stderr) instead of failing the whole report. Charts carry the
// documents' numbers in `data-*` attributes.

// MARK: - Reading JSON

private func number(_ value: JSONValue?) -> Double? {
    if case .number(let v)? = value { return v }
    return nil
}

private func text(_ value: JSONValue?) -> String? {
    if case .string(let s)? = value { return s }
    return nil
}

private func flag(_ value: JSONValue?) -> Bool? {
    if case .bool(let b)? = value { return b }
    return nil
}

private func list(_ value: JSONValue?) -> [JSONValue]? {
    if case .array(let a)? = value { return a }
    return nil
}

/// A number for a data-* attribute ("null" when missing or not finite).
private func data(_ value: Double?) -> String { value.map(JSONValue.format) ?? "null" }

/// Statuses with a plan.
private func hasPlan(_ status: String) -> Bool { status == "optimal" || status == "feasible" }

/// A status as words for a note or a tooltip.
private func pointStatusWords(_ status: String) -> String {
    switch status {
    case "infeasible": "infeasible"
    case "timeLimit": "time limit"
    case "unbounded": "unbounded"
    case "error": "solver error"
    case "feasible": "feasible (stopped by a limit)"
    default: status
    }
}

/// Money in tight places: whole above 1,000 ("6,110"), else one decimal.
private func compactMoney(_ value: Double) -> String {
    guard abs(value) >= 1000 else { return formatMoney(value) }
    return String(formatMoney(value.rounded()).dropLast(2))
}

/// A value for axis labels and tables: at most four significant figures after the point
/// ("335.7", "0.0825", "1,250"); tooltips and data-* attributes keep the exact value.
private func shortQuantity(_ value: Double) -> String {
    let magnitude = abs(value)
    let decimals = magnitude >= 1000 ? 0 : magnitude >= 100 ? 1 : magnitude >= 10 ? 2 : magnitude >= 1 ? 3 : 4
    let factor = pow(10, Double(decimals))
    return formatQuantity((value * factor).rounded() / factor)
}

/// A parameter path cut to `length` characters, keeping the field after the bracketed id
/// ("sources[gulf-coa…].onshoring.facility.cost"); the full path goes in a tooltip.
private func shortPath(_ path: String, to length: Int) -> String {
    guard path.count > length else { return path }
    if let open = path.firstIndex(of: "["), let close = path[open...].firstIndex(of: "]") {
        let head = path[...open], id = path[path.index(after: open)..<close], tail = path[close...]
        let room = length - head.count - tail.count - 1
        if room >= 4 { return head + id.prefix(room) + "…" + tail }
    }
    return String(path.prefix(max(1, length - 1))) + "…"
}

/// A parameter path for a table cell: escaped, with line-break opportunities after "." and "]"
/// so a narrow column breaks it between its parts.
private func breakablePath(_ path: String) -> String {
    var out = ""
    for character in path {
        out += htmlEscaped(String(character))
        if character == "." || character == "]" { out += "<wbr/>" }
    }
    return out
}

/// The cost axis of a sweep or frontier: "total cost (USD millions)", from the document's currency.
private func costAxisTitle(_ json: JSONValue) -> String { "total cost" + (text(json["currency"]).map { " (\($0))" } ?? "") }

/// A signed change in money: "+7.2", "−3.0".
private func signedMoney(_ value: Double) -> String { (value < 0 ? "−" : "+") + formatMoney(abs(value)) }

/// An index in 0…1 with two decimals.
private func formatIndex(_ value: Double) -> String { String(format: "%.2f", value) }

extension ReportPage {
    mutating func writeAnalyses(_ documents: [AnalysisDocument]) {
        line("<section id=\"analyses\">")
        line("<h2>Analyses</h2>")
        for (index, document) in documents.enumerated() {
            line("<section class=\"analysis\" id=\"analysis-\(index)\" data-kind=\"\(document.kind.rawValue)\">")
            let scenario = text(document.json["scenario"]?["name"]).map { " of \(htmlEscaped($0))" } ?? ""
            line("<h3>\(ReportPage.analysisTitle(document.kind))\(scenario) <span class=\"role\">(\(htmlEscaped(document.label)))</span></h3>")
            if let sha = text(document.json["scenario"]?["sha256"]), sha != plan.scenario.sha256 {
                line("<p class=\"note warning\">This analysis is of another scenario file than the plan above (SHA-256 <code>\(htmlEscaped(String(sha.prefix(12))))…</code>, the plan’s <code>\(htmlEscaped(String(plan.scenario.sha256.prefix(12))))…</code>); its base cost need not match the plan’s.</p>")
            }
            let problem: String?
            switch document.kind {
            case .sweep: problem = writeSweep(document.json, index: index)
            case .tornado: problem = writeTornado(document.json, index: index)
            case .frontier: problem = writeFrontier(document.json, index: index)
            case .stress: problem = writeStress(document.json, index: index)
            }
            if let problem {
                line("<p class=\"note\">Not drawn: \(htmlEscaped(problem)).</p>")
                notes.append("\(document.label): \(document.kind.rawValue) document not drawn: \(problem)")
            }
            line("</section>")
        }
        line("</section>")
    }

    static func analysisTitle(_ kind: AnalysisKind) -> String {
        switch kind {
        case .sweep: "Parameter sweep"
        case .tornado: "Tornado: which inputs move the cost most"
        case .frontier: "Cost-of-onshoring frontier"
        case .stress: "Stress tests: knock out one supplier at a time"
        }
    }

    // MARK: Sweep

    /// A sweep: one parameter → total cost against its value; two → a heat map over the grid;
    /// always a table of the points.
    mutating func writeSweep(_ json: JSONValue, index: Int) -> String? {
        guard let parameters = list(json["parameters"]), let points = list(json["points"]) else {
            return "expected \"parameters\" and \"points\" arrays"
        }
        let paths = parameters.compactMap { text($0["path"]) }
        guard paths.count == parameters.count, !paths.isEmpty else { return "expected a \"path\" in every parameter" }
        var rows: [(values: [Double?], status: String, objective: Double?)] = []
        for point in points {
            guard point["values"] != nil else { return "expected \"values\" in each point" }
            let values = paths.map { number(point["values"]?[$0]) }
            let objective = number(point["objective"])
            let status = text(point["status"]) ?? (objective == nil ? "no plan" : "optimal")
            rows.append((values, status, objective))
        }
        let pointCount = number(json["pointCount"]).map { Int($0) } ?? rows.count
        let valueLists = parameters.map { text($0["values"]) ?? "" }
        let varied = zip(paths, valueLists).map { "<code>\(htmlEscaped($0))</code> = \(htmlEscaped($1))" }.joined(separator: " × ")
        line("<p class=\"note\">Each point re-plans the scenario with \(varied) (\(pointCount) point\(pointCount == 1 ? "" : "s")\(paths.count > 1 ? "; the first parameter varies slowest" : "")). A per-period field named without a period moves in every period and is shown by its mean over the periods.</p>")
        if rows.count < pointCount {
            var shard = ""
            if let s = number(json["shard"]?["index"]), let n = number(json["shard"]?["count"]) { shard = " (shard \(Int(s))/\(Int(n)))" }
            line("<p class=\"note\">This document holds \(rows.count) of the \(pointCount) points\(shard); the others are not drawn. <code>sourcing merge</code> joins the shards.</p>")
        }
        let withoutPlan = rows.filter { $0.objective == nil }
        if !withoutPlan.isEmpty {
            var byStatus: [(String, Int)] = []
            for row in withoutPlan {
                if let k = byStatus.firstIndex(where: { $0.0 == row.status }) { byStatus[k].1 += 1 } else { byStatus.append((row.status, 1)) }
            }
            let counts = byStatus.map { "\($0.1) \(htmlEscaped(pointStatusWords($0.0)))" }.joined(separator: ", ")
            line("<p class=\"note\">\(withoutPlan.count) point\(withoutPlan.count == 1 ? "" : "s") without a plan (\(counts)): \(paths.count == 1 ? "crosses on the axis" : "hatched cells").</p>")
        }
        if paths.count == 1 {
            let series = rows.compactMap { row in row.values[0].map { ChartPoint(x: $0, y: row.objective, status: row.status) } }
            writeLineChart(series, id: "sweep-\(index)", xLabel: paths[0], yLabel: costAxisTitle(json), xFormat: shortQuantity)
        } else if paths.count == 2 {
            writeSweepHeatMap(rows.map { ($0.values[0], $0.values[1], $0.status, $0.objective) }, paths: (paths[0], paths[1]), index: index)
        } else {
            line("<p class=\"note\">A sweep over \(paths.count) parameters is shown as a table only.</p>")
        }
        var table = "<table class=\"numbers\"><caption>Sweep points</caption><thead><tr>"
        table += paths.map { "<th scope=\"col\">\(breakablePath($0))</th>" }.joined() + "<th scope=\"col\">status</th><th scope=\"col\">total cost</th></tr></thead><tbody>"
        for row in rows {
            table += "<tr\(row.objective == nil ? " class=\"no-plan\"" : "")>" + row.values.map { "<td>\($0.map(shortQuantity) ?? "–")</td>" }.joined()
            table += "<td>\(htmlEscaped(row.status))</td><td>\(row.objective.map(formatMoney) ?? "–")</td></tr>"
        }
        table += "</tbody></table>"
        writeCollapsible(table, rows: rows.count, summary: "All \(rows.count) sweep points (table)")
        return nil
    }

    /// A table inline, or folded under a summary when long (it stays searchable and printable
    /// when opened).
    mutating func writeCollapsible(_ table: String, rows: Int, summary: String) {
        if rows > 40 {
            line("<details class=\"table\"><summary>\(htmlEscaped(summary))</summary><div class=\"scroll\">\(table)</div></details>")
        } else {
            line("<div class=\"scroll\">\(table)</div>")
        }
    }

    /// Two parameters: total cost over the grid, the parameter with more values across.
    mutating func writeSweepHeatMap(_ points: [(Double?, Double?, String, Double?)], paths: (String, String), index: Int) {
        let first = Array(Set(points.compactMap(\.0))).sorted(), second = Array(Set(points.compactMap(\.1))).sorted()
        guard !first.isEmpty, !second.isEmpty else { line("<p class=\"note\">No point has values to place on the grid.</p>"); return }
        // Across: the longer list (ties: the second parameter, so the grid reads in point order).
        let swap = first.count > second.count
        let xs = swap ? first : second, ys = swap ? second : first
        let xPath = swap ? paths.0 : paths.1, yPath = swap ? paths.1 : paths.0
        let objectives = points.compactMap(\.3)
        let lo = objectives.min() ?? 0, hi = objectives.max() ?? 0
        let classes = Palette.ramp.count
        func step(_ value: Double) -> Int { hi > lo ? min(classes - 1, Int((value - lo) / (hi - lo) * Double(classes))) : 0 }

        let rowLabels = ys.map(shortQuantity), columnLabels = xs.map(shortQuantity)
        let labelWidth = max(56, 6.4 * Double(rowLabels.map(\.count).max() ?? 4) + 14)
        let column = min(64, max(4, 600 / Double(xs.count))), rowHeight = min(26, max(8, 320 / Double(ys.count)))
        let showText = column >= 42 && rowHeight >= 15
        let top = 22.0, bottom = 40.0, right = 12.0
        let width = labelWidth + column * Double(xs.count) + right, height = top + rowHeight * Double(ys.count) + bottom
        let id = "sweep-\(index)"
        line("<div class=\"scroll\"><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart sweep-grid\" role=\"img\" aria-labelledby=\"\(id)-title\" viewBox=\"0 0 \(coordinate(width)) \(coordinate(height))\" style=\"max-width:\(coordinate(max(width, 420) * 1.4))px;min-width:\(coordinate(width * 0.7))px\" data-x-path=\"\(htmlEscaped(xPath))\" data-y-path=\"\(htmlEscaped(yPath))\">")
        line("<title id=\"\(id)-title\">Total cost over the grid of \(htmlEscaped(yPath)) (rows) and \(htmlEscaped(xPath)) (columns)</title>")
        line("<text class=\"axis\" x=\"4\" y=\"14\" text-anchor=\"start\">rows: \(htmlEscaped(yPath)) ↓<title>\(htmlEscaped(yPath))</title></text>")
        for (r, label) in rowLabels.enumerated() where rowHeight >= 10 || r % Int((10 / rowHeight).rounded(.up)) == 0 {
            line("<text class=\"axis\" x=\"\(coordinate(labelWidth - 6))\" y=\"\(coordinate(top + rowHeight * Double(r) + rowHeight / 2 + 3.5))\" text-anchor=\"end\">\(htmlEscaped(label))</text>")
        }
        let labelEvery = max(1, Int(((6.2 * Double(columnLabels.map(\.count).max() ?? 3) + 8) / column).rounded(.up)))
        for (c, label) in columnLabels.enumerated() where c % labelEvery == 0 {
            line("<text class=\"axis\" x=\"\(coordinate(labelWidth + column * Double(c) + column / 2))\" y=\"\(coordinate(top + rowHeight * Double(ys.count) + 13))\" text-anchor=\"middle\">\(htmlEscaped(label))</text>")
        }
        line("<text class=\"axis\" x=\"\(coordinate(labelWidth + column * Double(xs.count) / 2))\" y=\"\(coordinate(height - 6))\" text-anchor=\"middle\">\(htmlEscaped(xPath)) →</text>")
        for point in points {
            guard let a = point.0, let b = point.1 else { continue }
            let (x, y) = swap ? (a, b) : (b, a)
            guard let c = xs.firstIndex(of: x), let r = ys.firstIndex(of: y) else { continue }
            let x0 = labelWidth + column * Double(c), y0 = top + rowHeight * Double(r)
            let fill: String, label: String, dark: Bool
            if let objective = point.3 {
                let k = step(objective)
                fill = Palette.ramp[k]
                label = compactMoney(objective)
                dark = k >= 4
            } else {
                fill = "url(#fill-none)"
                label = "✕"
                dark = false
            }
            let tip = "\(yPath) = \(formatQuantity(y)), \(xPath) = \(formatQuantity(x)): \(point.3.map(formatMoney) ?? "no plan (\(pointStatusWords(point.2)))")"
            let gap = column >= 6 ? 1.0 : 0
            line("<rect class=\"sweep-cell\" data-x=\"\(data(x))\" data-y=\"\(data(y))\" data-status=\"\(htmlEscaped(point.2))\" data-value=\"\(data(point.3))\" x=\"\(coordinate(x0 + gap / 2))\" y=\"\(coordinate(y0 + gap / 2))\" width=\"\(coordinate(column - gap))\" height=\"\(coordinate(rowHeight - gap))\" fill=\"\(fill)\"><title>\(htmlEscaped(tip))</title></rect>")
            if showText {
                line("<text class=\"cell-text\(dark ? " on-dark" : "")\" x=\"\(coordinate(x0 + column / 2))\" y=\"\(coordinate(y0 + rowHeight / 2 + 3.5))\" text-anchor=\"middle\">\(htmlEscaped(label))</text>")
            }
        }
        line("</svg></div>")
        var legend: [String] = []
        if hi > lo {
            for k in 0..<classes {
                let from = lo + (hi - lo) * Double(k) / Double(classes), to = lo + (hi - lo) * Double(k + 1) / Double(classes)
                legend.append("<li>\(swatch(fill: Palette.ramp[k])) \(compactMoney(from))–\(compactMoney(to))</li>")
            }
        } else if !objectives.isEmpty {
            legend.append("<li>\(swatch(fill: Palette.ramp[0])) \(formatMoney(lo)) (every point)</li>")
        }
        if objectives.count < points.count { legend.append("<li>\(swatch(fill: "url(#fill-none)")) no plan</li>") }
        line("<ul class=\"legend\"><li>total cost:</li>\(legend.joined())</ul>")
    }

    // MARK: Tornado

    /// A tornado: per input, the change in total cost at its low value (upper half of the row)
    /// and at its high value (lower half), from the base cost.
    mutating func writeTornado(_ json: JSONValue, index: Int) -> String? {
        guard let bars = list(json["bars"]) else { return "expected a \"bars\" array" }
        guard let base = number(json["baseObjective"]) else { return "expected a number \"baseObjective\" (the base scenario has no plan)" }
        struct Side { var value: Double?; var status: String; var objective: Double? }
        var entries: [(path: String, base: String, unit: String?, low: Side, high: Side, swing: Double?)] = []
        for bar in bars {
            guard let path = text(bar["path"]) else { return "expected a \"path\" in every bar" }
            func side(_ key: String) -> Side {
                let objective = number(bar[key]?["objective"])
                return Side(value: number(bar[key]?["value"]), status: text(bar[key]?["status"]) ?? (objective == nil ? "no plan" : "optimal"), objective: objective)
            }
            let measure = text(bar["measure"]).flatMap(TornadoMeasure.init(rawValue:)) ?? .value
            let baseText = number(bar["baseValue"]).map { tornadoBaseText($0, measure) } ?? "–"
            entries.append((path, baseText, text(bar["unit"]), side("low"), side("high"), number(bar["swing"])))
        }
        let by = number(json["by"])
        let money = text(json["currency"]).map { " \($0)" } ?? ""
        let lowWords = "low", highWords = "high"
        line("<p class=\"note\">Each input is moved down and up on its own by \(by.map(formatShare) ?? "the same share") (an input that counts whole units, such as an integer item’s demand or its lines’ dock slots, by whole units: that share of it rounded, at least 1), in every period of a per-period field, and the scenario re-planned. Bars show the change in total cost from the base plan’s \(formatMoney(base))\(htmlEscaped(money)): the upper bar of a row at the low value, the lower bar at the high value. Inputs whose move leaves no plan come first.</p>")
        guard !entries.isEmpty else { line("<p class=\"note\">No input to move.</p>"); return nil }

        let maxChars = 44
        let longest = entries.map { min($0.path.count, maxChars) }.max() ?? 10
        let labelWidth = max(110, 6.3 * Double(longest) + 16)
        let span = 440.0, rowHeight = 34.0, top = 24.0, barHeight = 12.0
        let width = labelWidth + span + 12, height = top + rowHeight * Double(entries.count) + 8
        let deltas = entries.flatMap { [$0.low.objective, $0.high.objective].compactMap { $0.map { abs($0 - base) } } }
        let reach = max(deltas.max() ?? 0, 1e-9)
        // Room on each side for a value label ("+1,234.5") or "no plan (infeasible)".
        let scale = (span / 2 - 70) / reach
        let center = labelWidth + span / 2
        line("<div class=\"scroll\"><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart tornado\" role=\"img\" aria-labelledby=\"tornado-\(index)-title\" viewBox=\"0 0 \(coordinate(width)) \(coordinate(height))\" style=\"max-width:\(coordinate(width * 1.4))px;min-width:\(coordinate(width * 0.7))px\" data-base=\"\(JSONValue.format(base))\" data-scale=\"\(JSONValue.format(scale))\" data-center=\"\(coordinate(center))\">")
        line("<title id=\"tornado-\(index)-title\">Change in total cost at the low and high value of each input, from the base cost</title>")
        line("<text class=\"axis\" x=\"\(coordinate(center - 6))\" y=\"13\" text-anchor=\"end\">← cheaper</text>")
        line("<text class=\"axis\" x=\"\(coordinate(center + 6))\" y=\"13\" text-anchor=\"start\">dearer →</text>")
        for (r, entry) in entries.enumerated() {
            let y0 = top + rowHeight * Double(r)
            line("<g class=\"tornado-row\" data-path=\"\(htmlEscaped(entry.path))\" data-swing=\"\(data(entry.swing))\">")
            if r % 2 == 0 {
                line("<rect class=\"band\" x=\"0\" y=\"\(coordinate(y0))\" width=\"\(coordinate(width))\" height=\"\(coordinate(rowHeight))\" fill=\"#F4F4F4\"/>")
            }
            line("<text class=\"label\" x=\"\(coordinate(labelWidth - 8))\" y=\"\(coordinate(y0 + rowHeight / 2 + 4))\" text-anchor=\"end\">\(htmlEscaped(shortPath(entry.path, to: maxChars)))<title>\(htmlEscaped(entry.path))</title></text>")
            for (k, side) in [entry.low, entry.high].enumerated() {
                let name = k == 0 ? "low" : "high", words = k == 0 ? lowWords : highWords
                let yBar = y0 + 4 + Double(k) * (barHeight + 2)
                let textY = yBar + barHeight / 2 + 3.7
                let valueText = side.value.map { " = \(formatQuantity($0))" } ?? ""
                guard let objective = side.objective else {
                    line("<text class=\"axis no-plan\" data-side=\"\(name)\" data-status=\"\(htmlEscaped(side.status))\" x=\"\(coordinate(center + 4))\" y=\"\(coordinate(textY))\" text-anchor=\"start\">\(words): no plan (\(htmlEscaped(pointStatusWords(side.status))))<title>\(htmlEscaped(entry.path)) \(words)\(htmlEscaped(valueText)): no plan (\(htmlEscaped(pointStatusWords(side.status))))</title></text>")
                    continue
                }
                let delta = objective - base
                let x = delta < 0 ? center + delta * scale : center
                line("<rect class=\"tornado-\(name)\" data-value=\"\(JSONValue.format(objective))\" data-delta=\"\(JSONValue.format(delta))\" x=\"\(coordinate(x))\" y=\"\(coordinate(yBar))\" width=\"\(coordinate(abs(delta) * scale))\" height=\"\(coordinate(barHeight))\" fill=\"\(k == 0 ? Palette.domestic : Palette.allies[0].colour)\"><title>\(htmlEscaped(entry.path)) \(words)\(htmlEscaped(valueText)): total cost \(formatMoney(objective)) (\(signedMoney(delta)))</title></rect>")
                let textX = delta < 0 ? x - 4 : center + abs(delta) * scale + 4
                line("<text class=\"axis\" x=\"\(coordinate(textX))\" y=\"\(coordinate(textY))\" text-anchor=\"\(delta < 0 ? "end" : "start")\">\(signedMoney(delta))</text>")
            }
            line("</g>")
        }
        line("<line class=\"baseline\" x1=\"\(coordinate(center))\" x2=\"\(coordinate(center))\" y1=\"\(coordinate(top - 2))\" y2=\"\(coordinate(height - 6))\"/>")
        line("</svg></div>")
        line("<ul class=\"legend\"><li>\(swatch(fill: Palette.domestic)) input moved down (upper bar)</li><li>\(swatch(fill: Palette.allies[0].colour)) input moved up (lower bar)</li><li>numbers: change in total cost from the base</li></ul>")
        var table = "<table class=\"numbers\"><caption>Total cost at each input’s low and high value (base \(formatMoney(base))\(htmlEscaped(money)))</caption><thead><tr><th scope=\"col\">input</th><th scope=\"col\">unit</th><th scope=\"col\">base value</th><th scope=\"col\">low</th><th scope=\"col\">high</th><th scope=\"col\">cost at low</th><th scope=\"col\">cost at high</th><th scope=\"col\">swing</th></tr></thead><tbody>"
        for entry in entries {
            func cell(_ side: Side) -> String {
                guard let objective = side.objective else { return "<td class=\"no-plan\">no plan (\(htmlEscaped(pointStatusWords(side.status))))</td>" }
                return "<td>\(formatMoney(objective)) (\(signedMoney(objective - base)))</td>"
            }
            table += "<tr data-path=\"\(htmlEscaped(entry.path))\"><th scope=\"row\" class=\"path\">\(breakablePath(entry.path))</th><td>\(htmlEscaped(entry.unit ?? ""))</td><td>\(htmlEscaped(entry.base))</td><td>\(entry.low.value.map(formatQuantity) ?? "–")</td><td>\(entry.high.value.map(formatQuantity) ?? "–")</td>\(cell(entry.low))\(cell(entry.high))<td>\(entry.swing.map(formatMoney) ?? "–")</td></tr>"
        }
        table += "</tbody></table>"
        writeCollapsible(table, rows: entries.count, summary: "All \(entries.count) inputs (table)")
        line("<p class=\"note\">Base value: one number, “per period” when every period has it, “in total” over the periods for a quantity that varies by period, “mean” for a price that does; low and high are the same measure after the move.</p>")
        return nil
    }

    // MARK: Frontier

    /// The frontier: total cost against the required minimum domestic share.
    mutating func writeFrontier(_ json: JSONValue, index: Int) -> String? {
        guard let points = list(json["points"]) else { return "expected a \"points\" array" }
        var series: [ChartPoint] = []
        for point in points {
            guard let share = number(point["domesticShare"]) else { return "expected a number \"domesticShare\" in every point" }
            let objective = number(point["objective"])
            series.append(ChartPoint(x: share, y: objective, status: text(point["status"]) ?? (objective == nil ? "no plan" : "optimal")))
        }
        let item = text(json["item"])
        let itemText = item.map { " of \(htmlEscaped($0))" } ?? ""
        line("<p class=\"note\">Each point is the least total cost when at least that share of the item’s units over the horizon must be domestic (replacing its own domestic-share rule); the rise from one point to the next is the cost of onshoring that step. Crosses on the axis mark shares no plan can reach.</p>")
        writeLineChart(series, id: "frontier-\(index)", xLabel: "minimum domestic share\(item.map { " of \($0)" } ?? "")", yLabel: costAxisTitle(json), xFormat: formatShare)
        var table = "<table class=\"numbers\"><caption>Least total cost per minimum domestic share\(itemText)</caption><thead><tr><th scope=\"col\">minimum domestic share</th><th scope=\"col\">status</th><th scope=\"col\">total cost</th><th scope=\"col\">extra vs previous</th></tr></thead><tbody>"
        var previous: Double?
        for point in series.sorted(by: { $0.x < $1.x }) {
            let extra = point.y.flatMap { y in previous.map { signedMoney(y - $0) } } ?? ""
            table += "<tr\(point.y == nil ? " class=\"no-plan\"" : "")><td>\(formatShare(point.x))</td><td>\(htmlEscaped(point.status))</td><td>\(point.y.map(formatMoney) ?? "–")</td><td>\(extra)</td></tr>"
            if let y = point.y { previous = y }
        }
        table += "</tbody></table>"
        writeCollapsible(table, rows: series.count, summary: "All \(series.count) shares (table)")
        return nil
    }

    // MARK: Stress

    /// Stress tests: per disruption, bars of the risk-exposure index on shortfall and on extra
    /// cost, and a table with every figure.
    mutating func writeStress(_ json: JSONValue, index: Int) -> String? {
        guard let disruptions = list(json["disruptions"]) else { return "expected a \"disruptions\" array" }
        struct Row {
            var target: String, sources: [String], status: String
            var extraCost: Double?, extraPenalty: Double?, lostUnits: Double?, lostCost: Double?
            var unitsShort: Double?, unitsLate: Double?, unitPeriods: Double?
            var survives: Bool?, timeToSurvive: Double?, firstShortfall: String?, recovery: Double?
            var costExposure: Double?, shortfallExposure: Double?
            var items: [(id: String, short: Double?, late: Double?, first: String?)]
            var rules: [String]
        }
        var rows: [Row] = []
        for entry in disruptions {
            guard let target = text(entry["target"]) else { return "expected a \"target\" in every disruption" }
            let status = text(entry["status"]) ?? "?"
            rows.append(Row(
                target: target, sources: (list(entry["sources"]) ?? []).compactMap(text), status: status,
                extraCost: number(entry["extraCost"]), extraPenalty: number(entry["extraPenalty"]), lostUnits: number(entry["lostOrders"]?["units"]), lostCost: number(entry["lostOrders"]?["cost"]),
                unitsShort: number(entry["unitsShort"]), unitsLate: number(entry["unitsLate"]), unitPeriods: number(entry["shortfallUnitPeriods"]),
                survives: flag(entry["survives"]), timeToSurvive: number(entry["timeToSurvive"]), firstShortfall: text(entry["firstShortfall"]),
                recovery: number(entry["recoveryPeriods"]),
                costExposure: number(entry["exposure"]?["cost"]), shortfallExposure: number(entry["exposure"]?["shortfall"]),
                items: (list(entry["items"]) ?? []).compactMap { item in
                    text(item["id"]).map { ($0, number(item["unitsShort"]), number(item["unitsLate"]), text(item["firstShortfall"])) }
                },
                rules: (list(entry["relaxedRules"]) ?? []).compactMap { text($0["message"]) }))
        }
        let by = text(json["by"]) ?? "country"
        let from = text(json["from"]), through = text(json["through"])
        let duration = number(json["for"]).map { Int($0) }
        var window = ""
        if let from, let through { window = from == through ? " in \(htmlEscaped(from))" : " from \(htmlEscaped(from)) through \(htmlEscaped(through))" }
        if let duration {
            window += " (\(duration) period\(duration == 1 ? "" : "s")\(flag(json["defaultWindow"]) == true ? "; the default: two periods from the first period with demand" : ""))"
        }
        let money = text(json["currency"]).map { " \(htmlEscaped($0))" } ?? ""
        let baseCost = number(json["base"]?["objective"])
        let penalty = number(json["stressPenalty"]).map { "\(formatMoney($0))\(money)" } ?? "a stress penalty"
        line("<p class=\"note\">Each row knocks out one \(htmlEscaped(by))\(window) and re-plans, keeping what the base plan decided before. The bars are the risk-exposure index, each disruption’s impact over the worst one’s (1 = worst): on <em>shortfall</em> (unit-periods of demand not met on time) and on <em>extra cost</em> over the base plan’s\(baseCost.map { " \(formatMoney($0))\(money)" } ?? ""). Extra cost values what goes unmet: each unit late or never delivered at its item’s own penalties, or at \(penalty) where the scenario sets none, and each unit of a broken rule at \(penalty); the penalty part is shown on its own.</p>")
        if let missing = number(json["missing"]), missing > 0 {
            line("<p class=\"note\">\(Int(missing)) disruption\(missing == 1 ? " was" : "s were") not solved (the run was stopped).</p>")
        }
        guard !rows.isEmpty else { line("<p class=\"note\">No disruption was solved.</p>"); return nil }

        let labelWidth = max(70, 6.6 * Double(min(28, rows.map(\.target.count).max() ?? 4)) + 16)
        let span = 300.0, valueWidth = 270.0, rowHeight = 34.0, top = 20.0, barHeight = 12.0
        let width = labelWidth + span + valueWidth, height = top + rowHeight * Double(rows.count) + 22
        let id = "stress-\(index)"
        line("<div class=\"scroll\"><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart stress\" role=\"img\" aria-labelledby=\"\(id)-title\" viewBox=\"0 0 \(coordinate(width)) \(coordinate(height))\" style=\"max-width:\(coordinate(width * 1.4))px;min-width:\(coordinate(width * 0.7))px\" data-scale=\"\(JSONValue.format(span))\">")
        line("<title id=\"\(id)-title\">Risk-exposure index per knocked-out \(htmlEscaped(by)): shortfall and extra cost, relative to the worst disruption</title>")
        for tick in stride(from: 0.0, through: 1.0, by: 0.25) {
            let x = labelWidth + tick * span
            line("<line class=\"grid\" x1=\"\(coordinate(x))\" x2=\"\(coordinate(x))\" y1=\"\(coordinate(top - 4))\" y2=\"\(coordinate(height - 18))\"/>")
            line("<text class=\"axis\" x=\"\(coordinate(x))\" y=\"\(coordinate(height - 6))\" text-anchor=\"middle\">\(formatIndex(tick))</text>")
        }
        line("<text class=\"axis\" x=\"\(coordinate(labelWidth))\" y=\"12\">exposure index (1 = worst disruption)</text>")
        for (r, row) in rows.enumerated() {
            let y0 = top + rowHeight * Double(r)
            line("<g class=\"stress-row\" data-target=\"\(htmlEscaped(row.target))\" data-status=\"\(htmlEscaped(row.status))\" data-units-short=\"\(data(row.unitsShort))\" data-units-late=\"\(data(row.unitsLate))\" data-extra-cost=\"\(data(row.extraCost))\">")
            let sources = row.sources.isEmpty ? "" : " (\(row.sources.joined(separator: ", ")))"
            line("<text class=\"label\" x=\"\(coordinate(labelWidth - 8))\" y=\"\(coordinate(y0 + rowHeight / 2 + 4))\" text-anchor=\"end\">\(htmlEscaped(truncated(row.target, to: 28)))<title>\(htmlEscaped(row.target + sources))</title></text>")
            guard hasPlan(row.status) else {
                line("<text class=\"axis no-plan\" data-status=\"\(htmlEscaped(row.status))\" x=\"\(coordinate(labelWidth + 4))\" y=\"\(coordinate(y0 + rowHeight / 2 + 4))\">no plan (\(htmlEscaped(pointStatusWords(row.status))))</text>")
                line("</g>")
                continue
            }
            let shortWords: String
            if let periods = row.unitPeriods, periods > 0 {
                let short = row.unitsShort ?? 0, late = row.unitsLate ?? 0
                var parts: [String] = []
                if short > 0 { parts.append("\(formatQuantity(short)) units short") }
                if late > 0 { parts.append("\(formatQuantity(late)) late") }
                shortWords = parts.joined(separator: ", ") + " (\(formatQuantity(periods)) unit-period\(periods == 1 ? "" : "s"))"
            } else {
                shortWords = "no shortfall"
            }
            let costWords = row.extraCost.map { "extra cost \(signedMoney($0))" } ?? "–"
            for (k, (kind, value, words, fill)) in [("shortfall", row.shortfallExposure, shortWords, Palette.transfer), ("cost", row.costExposure, costWords, Palette.allies[1].colour)].enumerated() {
                let yBar = y0 + 4 + Double(k) * (barHeight + 2)
                let w = max(0, min(1, value ?? 0)) * span
                line("<rect class=\"exposure-\(kind)\" data-target=\"\(htmlEscaped(row.target))\" data-value=\"\(data(value))\" x=\"\(coordinate(labelWidth))\" y=\"\(coordinate(yBar))\" width=\"\(coordinate(w))\" height=\"\(coordinate(barHeight))\" fill=\"\(fill)\"><title>\(htmlEscaped(row.target)): \(kind) exposure \(value.map(formatIndex) ?? "–") (\(htmlEscaped(words)))</title></rect>")
                line("<text class=\"axis\" x=\"\(coordinate(labelWidth + w + 4))\" y=\"\(coordinate(yBar + barHeight / 2 + 3.7))\">\(value.map(formatIndex) ?? "–") · \(htmlEscaped(words))</text>")
            }
            line("</g>")
        }
        line("<line class=\"baseline\" x1=\"\(coordinate(labelWidth))\" x2=\"\(coordinate(labelWidth))\" y1=\"\(coordinate(top - 4))\" y2=\"\(coordinate(height - 18))\"/>")
        line("</svg></div>")
        line("<ul class=\"legend\"><li>\(swatch(fill: Palette.transfer)) shortfall exposure (upper bar)</li><li>\(swatch(fill: Palette.allies[1].colour)) cost exposure (lower bar)</li></ul>")

        let multiItem = rows.contains { $0.items.count > 1 }
        var table = "<table class=\"numbers stress\"><caption>Per knocked-out \(htmlEscaped(by))</caption><thead><tr>"
        table += ["\(htmlEscaped(by))", "units short", "units late", "unit-periods short", "extra cost (of which penalties)", "lost orders: units (cost)", "time to survive", "first shortfall", "recovery (periods)", "exposure: shortfall / cost"].map { "<th scope=\"col\">\($0)</th>" }.joined()
        table += "</tr></thead><tbody>"
        func quantity(_ v: Double?) -> String { v.map(formatQuantity) ?? "–" }
        for row in rows {
            let lost = row.lostUnits.map { $0 > 0 ? "\(formatQuantity($0)) (\(formatMoney(row.lostCost ?? 0)))" : "0" } ?? "–"
            let feasible = row.status == "feasible" ? " <span class=\"role\">(feasible: stopped by a limit)</span>" : ""
            let head = "<tr data-target=\"\(htmlEscaped(row.target))\" data-status=\"\(htmlEscaped(row.status))\"\(hasPlan(row.status) ? "" : " class=\"no-plan\"")><th scope=\"row\">\(htmlEscaped(row.target))\(feasible)</th>"
            guard hasPlan(row.status) else {
                table += head + "<td colspan=\"9\" class=\"no-plan\">no plan: \(htmlEscaped(pointStatusWords(row.status))); lost orders \(lost)</td></tr>"
                continue
            }
            let survive: String
            if let t = row.timeToSurvive { survive = row.survives == true ? "survives (\(formatQuantity(t)))" : formatQuantity(t) } else { survive = "–" }
            let recovery = row.recovery.map(formatQuantity) ?? "not by the end"
            table += head + "<td>\(quantity(row.unitsShort))</td><td>\(quantity(row.unitsLate))</td><td>\(quantity(row.unitPeriods))</td>"
            table += "<td>\(row.extraCost.map(signedMoney) ?? "–")\(row.extraPenalty.map { " (\(formatMoney($0)))" } ?? "")</td><td>\(lost)</td><td>\(survive)</td><td>\(htmlEscaped(row.firstShortfall ?? "none"))</td><td>\(recovery)</td>"
            table += "<td>\(row.shortfallExposure.map(formatIndex) ?? "–") / \(row.costExposure.map(formatIndex) ?? "–")</td></tr>"
            if multiItem {
                for item in row.items where (item.short ?? 0) > 0 || (item.late ?? 0) > 0 {
                    table += "<tr class=\"sub\"><th scope=\"row\" class=\"sub\">\(htmlEscaped(item.id))</th><td>\(quantity(item.short))</td><td>\(quantity(item.late))</td><td></td><td></td><td></td><td></td><td>\(htmlEscaped(item.first ?? "none"))</td><td></td><td></td></tr>"
                }
            }
        }
        table += "</tbody></table>"
        writeCollapsible(table, rows: rows.count, summary: "All \(rows.count) disruptions (table)")
        let start = from.map(htmlEscaped) ?? "the start"
        line("<p class=\"note\"><em>Time to survive</em>: periods from \(start) until the first shortfall the base plan does not have (“survives” when none falls inside the disruption). <em>Recovery</em>: periods after the disruption ends until that shortfall is cleared. <em>Lost orders</em>: units ordered before the disruption from the knocked-out lines and not delivered; their cost is in the extra cost.</p>")
        let rules = rows.flatMap { row in row.rules.map { (row.target, $0) } }
        if !rules.isEmpty {
            let penalty = number(json["stressPenalty"]).map { " (each soft at \(formatQuantity($0)) per unit of violation)" } ?? ""
            let items = "<ul class=\"diagnosis\">" + rules.map { "<li><strong>\(htmlEscaped($0.0))</strong>: \(htmlEscaped($0.1))</li>" }.joined() + "</ul>"
            if rules.count > 10 {
                line("<details class=\"table\"><summary>\(rules.count) rules the re-plans cannot keep\(penalty)</summary>\(items)</details>")
            } else {
                line("<p class=\"note\">Rules the re-plans cannot keep\(penalty):</p>")
                line(items)
            }
        }
        return nil
    }

    // MARK: Line chart

    /// A point of a line chart; `y` nil for a point without a plan (drawn as a cross on the axis).
    struct ChartPoint {
        var x: Double
        var y: Double?
        var status: String
    }

    /// A line chart with points, for sweeps and the frontier. The line breaks at points without
    /// a plan. The cost axis starts at zero unless the costs vary little, then it is zoomed (its
    /// ticks say so).
    mutating func writeLineChart(_ points: [ChartPoint], id: String, xLabel: String, yLabel: String, xFormat: (Double) -> String) {
        let series = points.filter { $0.x.isFinite }.sorted { $0.x < $1.x }
        let planned = series.filter { $0.y != nil }
        guard !planned.isEmpty else { line("<p class=\"note\">No point has a plan, so there is no curve to draw.</p>"); return }
        let left = 70.0, right = 18.0, top = 24.0, plot = 200.0, bottom = 42.0, span = 480.0
        let width = left + span + right, height = top + plot + bottom
        let xMin = series.first!.x, xMax = series.last!.x
        let ys = planned.map { $0.y! }
        let yAxis = niceScale(ys.min()!, ys.max()!, zeroBased: !(ys.min()! > 0 && ys.max()! - ys.min()! < 0.6 * ys.max()!))
        func px(_ x: Double) -> Double { xMax > xMin ? left + (x - xMin) / (xMax - xMin) * span : left + span / 2 }
        func py(_ y: Double) -> Double { top + plot - (y - yAxis.lo) / (yAxis.hi - yAxis.lo) * plot }
        line("<div class=\"scroll\"><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart line\" role=\"img\" aria-labelledby=\"\(id)-title\" viewBox=\"0 0 \(coordinate(width)) \(coordinate(height))\" style=\"max-width:\(coordinate(width * 1.4))px;min-width:\(coordinate(width * 0.7))px\" data-y-min=\"\(JSONValue.format(yAxis.lo))\" data-y-max=\"\(JSONValue.format(yAxis.hi))\">")
        line("<title id=\"\(id)-title\">\(htmlEscaped(yLabel)) against \(htmlEscaped(xLabel))</title>")
        line("<text class=\"axis\" x=\"\(coordinate(left - 6))\" y=\"12\" text-anchor=\"start\">\(htmlEscaped(yLabel))\(yAxis.lo > 0 ? " (axis does not start at 0)" : "")</text>")
        for k in 0...Int(((yAxis.hi - yAxis.lo) / yAxis.step).rounded()) {
            let tick = yAxis.lo + Double(k) * yAxis.step
            line("<line class=\"grid\" x1=\"\(coordinate(left))\" x2=\"\(coordinate(left + span))\" y1=\"\(coordinate(py(tick)))\" y2=\"\(coordinate(py(tick)))\"/>")
            line("<text class=\"axis\" x=\"\(coordinate(left - 6))\" y=\"\(coordinate(py(tick) + 3.5))\" text-anchor=\"end\">\(compactMoney(tick))</text>")
        }
        // x ticks: round values inside the data's range (the data's own values when few).
        let distinct = Array(Set(series.map(\.x))).sorted()
        var ticks: [Double]
        if distinct.count <= 7 {
            ticks = distinct
        } else {
            let xAxis = niceScale(xMin, xMax, zeroBased: false, intervals: 6)
            let first = (xMin / xAxis.step).rounded(.up)
            ticks = []
            var k = first
            while k * xAxis.step <= xMax + 1e-9 * max(1, abs(xMax)) { ticks.append(k * xAxis.step); k += 1 }
        }
        for x in ticks {
            line("<line class=\"grid\" x1=\"\(coordinate(px(x)))\" x2=\"\(coordinate(px(x)))\" y1=\"\(coordinate(top + plot))\" y2=\"\(coordinate(top + plot + 4))\"/>")
            line("<text class=\"axis\" x=\"\(coordinate(px(x)))\" y=\"\(coordinate(top + plot + 15))\" text-anchor=\"middle\">\(htmlEscaped(xFormat(x)))</text>")
        }
        var path = "", pen = false
        for point in series {
            guard let y = point.y else { pen = false; continue }
            path += (path.isEmpty ? "" : " ") + "\(pen ? "L" : "M")\(coordinate(px(point.x))),\(coordinate(py(y)))"
            pen = true
        }
        line("<path d=\"\(path)\" fill=\"none\" stroke=\"\(Palette.domestic)\" stroke-width=\"2\"/>")
        for point in series {
            if let y = point.y {
                line("<circle class=\"point\" data-x=\"\(JSONValue.format(point.x))\" data-value=\"\(JSONValue.format(y))\" cx=\"\(coordinate(px(point.x)))\" cy=\"\(coordinate(py(y)))\" r=\"3.5\" fill=\"#fff\" stroke=\"\(Palette.domestic)\" stroke-width=\"2\"><title>\(htmlEscaped(xFormat(point.x))): \(formatMoney(y))\(point.status == "feasible" ? " (feasible, stopped by a limit)" : "")</title></circle>")
            } else {
                let cx = px(point.x), cy = top + plot
                line("<path class=\"no-plan\" data-x=\"\(JSONValue.format(point.x))\" data-status=\"\(htmlEscaped(point.status))\" d=\"M\(coordinate(cx - 4.5)),\(coordinate(cy - 4.5)) L\(coordinate(cx + 4.5)),\(coordinate(cy + 4.5)) M\(coordinate(cx - 4.5)),\(coordinate(cy + 4.5)) L\(coordinate(cx + 4.5)),\(coordinate(cy - 4.5))\" stroke=\"\(Palette.transfer)\" stroke-width=\"2.5\" stroke-linecap=\"round\"><title>\(htmlEscaped(xFormat(point.x))): no plan (\(htmlEscaped(pointStatusWords(point.status))))</title></path>")
            }
        }
        line("<text class=\"axis\" x=\"\(coordinate(left + span / 2))\" y=\"\(coordinate(height - 6))\" text-anchor=\"middle\">\(htmlEscaped(xLabel))</text>")
        line("<line class=\"baseline\" x1=\"\(coordinate(left))\" x2=\"\(coordinate(left + span))\" y1=\"\(coordinate(top + plot))\" y2=\"\(coordinate(top + plot))\"/>")
        line("</svg></div>")
        if planned.count < series.count {
            line("<ul class=\"legend\"><li><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"swatch\" viewBox=\"0 0 14 14\" width=\"14\" height=\"14\" aria-hidden=\"true\"><circle cx=\"7\" cy=\"7\" r=\"4\" fill=\"#fff\" stroke=\"\(Palette.domestic)\" stroke-width=\"2\"/></svg> a plan: its total cost</li><li><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"swatch\" viewBox=\"0 0 14 14\" width=\"14\" height=\"14\" aria-hidden=\"true\"><path d=\"M3,3 L11,11 M3,11 L11,3\" stroke=\"\(Palette.transfer)\" stroke-width=\"2.5\" stroke-linecap=\"round\"/></svg> no plan</li></ul>")
        }
    }

    /// A round axis from `lo` to `hi` in about `intervals` steps (from zero when `zeroBased` and
    /// the values are not negative).
    func niceScale(_ lo: Double, _ hi: Double, zeroBased: Bool, intervals: Double = 5) -> (lo: Double, hi: Double, step: Double) {
        var lo = lo, hi = hi
        if zeroBased { lo = min(0, lo); hi = max(0, hi) }
        if hi - lo <= 1e-9 * max(1, abs(hi)) {
            let pad = max(1, abs(hi) * 0.05)
            lo = zeroBased && lo >= 0 ? 0 : lo - pad
            hi += pad
        }
        let rough = (hi - lo) / intervals
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        return ((lo / step).rounded(.down) * step, (hi / step).rounded(.up) * step, step)
    }
}
