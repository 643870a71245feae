import Foundation
import SourcingModel

// Analysis documents in the report: sweep curves, tornado bars, the cost-of-onshoring frontier
// and stress-test losses. Their JSON formats are still settling, so each drawer reads only the
// keys it needs and, when they are missing, leaves a note in the page and in `notes` (the CLI
// prints those on stderr) instead of failing the whole report.

extension ReportPage {
    mutating func writeAnalyses(_ documents: [AnalysisDocument]) {
        line("<section id=\"analyses\">")
        line("<h2>Analyses</h2>")
        for (index, document) in documents.enumerated() {
            line("<section class=\"analysis\" data-kind=\"\(document.kind.rawValue)\">")
            let scenario: String
            if case .string(let name)? = document.json["scenario"]?["name"] { scenario = " of \(htmlEscaped(name))" } else { scenario = "" }
            line("<h3>\(ReportPage.analysisTitle(document.kind))\(scenario) <span class=\"role\">(\(htmlEscaped(document.label)))</span></h3>")
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
        case .stress: "Stress tests"
        }
    }

    /// A sweep: one parameter → total cost against its value; more → a table of points.
    mutating func writeSweep(_ json: JSONValue, index: Int) -> String? {
        guard case .array(let parameters)? = json["parameters"], case .array(let points)? = json["points"] else {
            return "expected \"parameters\" and \"points\" arrays"
        }
        let paths = parameters.compactMap { p -> String? in if case .string(let s)? = p["path"] { return s } else { return nil } }
        guard paths.count == parameters.count, !paths.isEmpty else { return "expected a \"path\" in every parameter" }
        var rows: [(values: [Double], status: String, objective: Double?)] = []
        for point in points {
            let values = paths.map { path -> Double? in if case .number(let v)? = point["values"]?[path] { return v } else { return nil } }
            guard values.allSatisfy({ $0 != nil }) else { return "expected \"values\" with every parameter in each point" }
            let status: String
            if case .string(let s)? = point["status"] { status = s } else { status = "?" }
            let objective: Double?
            if case .number(let v)? = point["objective"] { objective = v } else { objective = nil }
            rows.append((values.map { $0! }, status, objective))
        }
        if paths.count == 1 {
            let series = rows.compactMap { row in row.objective.map { (x: row.values[0], y: $0) } }.sorted { $0.x < $1.x }
            writeLineChart(series, id: "sweep-\(index)", xLabel: paths[0], yLabel: "total cost", xFormat: formatQuantity)
        }
        let infeasible = rows.filter { $0.objective == nil }.count
        if infeasible > 0 { line("<p class=\"note\">\(infeasible) point(s) without a plan (infeasible or stopped) are not on the curve.</p>") }
        var table = "<div class=\"scroll\"><table class=\"numbers\"><caption>Sweep points</caption><thead><tr>"
        table += paths.map { "<th scope=\"col\">\(htmlEscaped($0))</th>" }.joined() + "<th scope=\"col\">status</th><th scope=\"col\">total cost</th></tr></thead><tbody>"
        for row in rows {
            table += "<tr>" + row.values.map { "<td>\(formatQuantity($0))</td>" }.joined()
            table += "<td>\(htmlEscaped(row.status))</td><td>\(row.objective.map(formatMoney) ?? "–")</td></tr>"
        }
        line(table + "</tbody></table></div>")
        return nil
    }

    /// A tornado: per input, the total cost at its low and high value around the base cost.
    mutating func writeTornado(_ json: JSONValue, index: Int) -> String? {
        guard case .array(let bars)? = json["bars"] else { return "expected a \"bars\" array" }
        guard case .number(let base)? = json["baseObjective"] else { return "expected a number \"baseObjective\"" }
        var entries: [(path: String, low: Double?, high: Double?, lowValue: Double?, highValue: Double?)] = []
        for bar in bars {
            guard case .string(let path)? = bar["path"] else { return "expected a \"path\" in every bar" }
            func number(_ side: String, _ key: String) -> Double? { if case .number(let v)? = bar[side]?[key] { return v } else { return nil } }
            entries.append((path, number("low", "objective"), number("high", "objective"), number("low", "value"), number("high", "value")))
        }
        let labelWidth = min(260, max(120, 6.6 * Double(entries.map(\.path.count).max() ?? 10) + 14))
        let span = 420.0, rowHeight = 26.0, top = 22.0
        let width = labelWidth + span + 20, height = top + rowHeight * Double(max(entries.count, 1)) + 24
        let deltas = entries.flatMap { [$0.low, $0.high].compactMap { $0.map { abs($0 - base) } } }
        let reach = max(deltas.max() ?? 0, 1e-9)
        let scale = (span / 2 - 60) / reach
        let center = labelWidth + span / 2
        line("<div class=\"scroll\"><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart tornado\" role=\"img\" aria-labelledby=\"tornado-\(index)-title\" viewBox=\"0 0 \(coordinate(width)) \(coordinate(height))\" style=\"max-width:\(coordinate(width * 1.4))px;min-width:\(coordinate(width * 0.7))px\" data-base=\"\(JSONValue.format(base))\" data-scale=\"\(JSONValue.format(scale))\">")
        line("<title id=\"tornado-\(index)-title\">Total cost at the low and high value of each input, around the base cost</title>")
        line("<text class=\"axis\" x=\"\(coordinate(center))\" y=\"12\" text-anchor=\"middle\">base \(formatMoney(base))</text>")
        for (r, entry) in entries.enumerated() {
            let y0 = top + rowHeight * Double(r)
            line("<text class=\"label\" x=\"\(coordinate(labelWidth - 8))\" y=\"\(coordinate(y0 + rowHeight / 2 + 4))\" text-anchor=\"end\">\(htmlEscaped(truncated(entry.path, to: Int((labelWidth - 14) / 6.6))))<title>\(htmlEscaped(entry.path))</title></text>")
            for (side, objective, value, fill) in [("low", entry.low, entry.lowValue, "url(#fill-country-0)"), ("high", entry.high, entry.highValue, Palette.allies[0].colour)] {
                guard let objective else {
                    line("<text class=\"axis\" x=\"\(coordinate(side == "low" ? center - 8 : center + 8))\" y=\"\(coordinate(y0 + rowHeight / 2 + 4))\" text-anchor=\"\(side == "low" ? "end" : "start")\">\(side): no plan</text>")
                    continue
                }
                let delta = objective - base
                let x = delta < 0 ? center + delta * scale : center
                let valueText = value.map { " (\(formatQuantity($0)))" } ?? ""
                line("<rect class=\"tornado-\(side)\" data-value=\"\(JSONValue.format(objective))\" x=\"\(coordinate(x))\" y=\"\(coordinate(y0 + 4))\" width=\"\(coordinate(abs(delta) * scale))\" height=\"\(coordinate(rowHeight - 8))\" fill=\"\(fill)\"><title>\(side)\(htmlEscaped(valueText)): \(formatMoney(objective))</title></rect>")
                let textX = delta < 0 ? x - 4 : center + abs(delta) * scale + 4
                line("<text class=\"axis\" x=\"\(coordinate(textX))\" y=\"\(coordinate(y0 + rowHeight / 2 + 4))\" text-anchor=\"\(delta < 0 ? "end" : "start")\">\(delta >= 0 ? "+" : "−")\(formatMoney(abs(delta)))</text>")
            }
        }
        line("<line class=\"baseline\" x1=\"\(coordinate(center))\" x2=\"\(coordinate(center))\" y1=\"\(coordinate(top - 4))\" y2=\"\(coordinate(height - 20))\"/>")
        line("</svg></div>")
        line("<ul class=\"legend\"><li>\(swatch(fill: "url(#fill-country-0)")) input at its low value</li><li>\(swatch(fill: Palette.allies[0].colour)) input at its high value</li></ul>")
        return nil
    }

    /// The frontier: total cost against the required minimum domestic share.
    mutating func writeFrontier(_ json: JSONValue, index: Int) -> String? {
        guard case .array(let points)? = json["points"] else { return "expected a \"points\" array" }
        var series: [(x: Double, y: Double)] = []
        var withoutPlan = 0
        for point in points {
            guard case .number(let share)? = point["domesticShare"] else { return "expected a number \"domesticShare\" in every point" }
            if case .number(let objective)? = point["objective"] { series.append((share, objective)) } else { withoutPlan += 1 }
        }
        var item = ""
        if case .string(let id)? = json["item"] { item = " of \(id)" }
        writeLineChart(series.sorted { $0.x < $1.x }, id: "frontier-\(index)", xLabel: "minimum domestic share\(item)", yLabel: "total cost", xFormat: formatShare)
        if withoutPlan > 0 { line("<p class=\"note\">\(withoutPlan) share(s) cannot be reached (no plan).</p>") }
        return nil
    }

    /// Stress tests: the format is not fixed yet; draw a bar per scenario when it has
    /// `cases[] {name, objective}` (or `loss`), else leave a note.
    mutating func writeStress(_ json: JSONValue, index: Int) -> String? {
        guard case .array(let cases)? = json["cases"] else { return "expected a \"cases\" array (stress-test format not fixed yet)" }
        var rows: [(name: String, value: Double?)] = []
        for entry in cases {
            guard case .string(let name)? = entry["name"] else { return "expected a \"name\" in every case" }
            var value: Double?
            if case .number(let v)? = entry["loss"] { value = v } else if case .number(let v)? = entry["objective"] { value = v }
            rows.append((name, value))
        }
        var table = "<div class=\"scroll\"><table class=\"numbers\"><caption>Stress tests</caption><thead><tr><th scope=\"col\">case</th><th scope=\"col\">figure</th></tr></thead><tbody>"
        for row in rows { table += "<tr><th scope=\"row\">\(htmlEscaped(row.name))</th><td>\(row.value.map(formatMoney) ?? "–")</td></tr>" }
        line(table + "</tbody></table></div>")
        return nil
    }

    /// A line chart with points, for sweeps and the frontier.
    mutating func writeLineChart(_ series: [(x: Double, y: Double)], id: String, xLabel: String, yLabel: String, xFormat: (Double) -> String) {
        guard !series.isEmpty else { line("<p class=\"note\">No point has a plan.</p>"); return }
        let left = 70.0, right = 16.0, top = 14.0, plot = 200.0, bottom = 40.0, span = 480.0
        let width = left + span + right, height = top + plot + bottom
        let xs = series.map(\.x), ys = series.map(\.y)
        let xMin = xs.min()!, xMax = xs.max()!
        let (yMax, step) = niceAxis(ys.max()!)
        let yMin = ys.min()! >= 0 ? 0.0 : -niceAxis(-ys.min()!).max
        func px(_ x: Double) -> Double { xMax > xMin ? left + (x - xMin) / (xMax - xMin) * span : left + span / 2 }
        func py(_ y: Double) -> Double { top + plot - (y - yMin) / (yMax - yMin) * plot }
        line("<div class=\"scroll\"><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart line\" role=\"img\" aria-labelledby=\"\(id)-title\" viewBox=\"0 0 \(coordinate(width)) \(coordinate(height))\" style=\"max-width:\(coordinate(width * 1.4))px;min-width:\(coordinate(width * 0.7))px\">")
        line("<title id=\"\(id)-title\">\(htmlEscaped(yLabel)) against \(htmlEscaped(xLabel))</title>")
        var tick = yMin
        while tick <= yMax + 1e-9 {
            line("<line class=\"grid\" x1=\"\(coordinate(left))\" x2=\"\(coordinate(left + span))\" y1=\"\(coordinate(py(tick)))\" y2=\"\(coordinate(py(tick)))\"/>")
            line("<text class=\"axis\" x=\"\(coordinate(left - 6))\" y=\"\(coordinate(py(tick) + 3.5))\" text-anchor=\"end\">\(formatMoney(tick))</text>")
            tick += step
        }
        let path = series.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(coordinate(px($0.element.x))),\(coordinate(py($0.element.y)))" }.joined(separator: " ")
        line("<path d=\"\(path)\" fill=\"none\" stroke=\"\(Palette.domestic)\" stroke-width=\"2\"/>")
        for point in series {
            line("<circle class=\"point\" data-x=\"\(JSONValue.format(point.x))\" data-value=\"\(JSONValue.format(point.y))\" cx=\"\(coordinate(px(point.x)))\" cy=\"\(coordinate(py(point.y)))\" r=\"3.5\" fill=\"#fff\" stroke=\"\(Palette.domestic)\" stroke-width=\"2\"><title>\(htmlEscaped(xFormat(point.x))): \(formatMoney(point.y))</title></circle>")
        }
        let distinct = Array(Set(xs)).sorted()
        let shown = distinct.count <= 8 ? distinct : stride(from: 0, to: distinct.count, by: Int((Double(distinct.count) / 6).rounded(.up))).map { distinct[$0] }
        for x in shown {
            line("<text class=\"axis\" x=\"\(coordinate(px(x)))\" y=\"\(coordinate(top + plot + 14))\" text-anchor=\"middle\">\(htmlEscaped(xFormat(x)))</text>")
        }
        line("<text class=\"axis\" x=\"\(coordinate(left + span / 2))\" y=\"\(coordinate(height - 6))\" text-anchor=\"middle\">\(htmlEscaped(xLabel))</text>")
        line("<line class=\"baseline\" x1=\"\(coordinate(left))\" x2=\"\(coordinate(left + span))\" y1=\"\(coordinate(top + plot))\" y2=\"\(coordinate(top + plot))\"/>")
        line("</svg></div>")
    }
}
