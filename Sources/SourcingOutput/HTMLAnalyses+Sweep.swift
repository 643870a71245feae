import Foundation
import SourcingAnalysis
import SourcingModel

// The sweep section of the report (see HTMLAnalyses.swift).

extension ReportPage {
    /// A sweep: one parameter → total cost against its value; two → a heat map over the grid;
    /// always a table of the points.
    mutating func writeSweep(_ sweep: SweepFigures, index: Int) {
        let paths = sweep.parameters.map(\.path)
        let rows = sweep.points
        let pointCount = sweep.pointCount ?? rows.count
        let valueLists = sweep.parameters.map { $0.values ?? "" }
        let varied = zip(paths, valueLists).map { "<code>\(htmlEscaped($0))</code> = \(htmlEscaped($1))" }.joined(
            separator: " × ")
        line(
            "<p class=\"note\">Each point re-plans the scenario with \(varied) (\(pointCount) point\(pointCount == 1 ? "" : "s")\(paths.count > 1 ? "; the first parameter varies slowest" : "")). A per-period field named without a period moves in every period and is shown by its mean over the periods.</p>"
        )
        if rows.count < pointCount {
            var shard = ""
            if let s = sweep.shard { shard = " (shard \(s.index)/\(s.count))" }
            line(
                "<p class=\"note\">This document holds \(rows.count) of the \(pointCount) points\(shard); the others are not drawn. <code>sourcing merge</code> joins the shards.</p>"
            )
        }
        let withoutPlan = rows.filter { $0.objective == nil }
        if !withoutPlan.isEmpty {
            var byStatus: [(PlanStatus, Int)] = []
            for row in withoutPlan {
                if let k = byStatus.firstIndex(where: { $0.0 == row.status }) {
                    byStatus[k].1 += 1
                } else {
                    byStatus.append((row.status, 1))
                }
            }
            let counts = byStatus.map { "\($0.1) \(htmlEscaped($0.0.pointWords))" }.joined(separator: ", ")
            line(
                "<p class=\"note\">\(withoutPlan.count) point\(withoutPlan.count == 1 ? "" : "s") without a plan (\(counts)): \(paths.count == 1 ? "crosses on the axis" : "hatched cells").</p>"
            )
        }
        if paths.count == 1 {
            let series = rows.compactMap { row in
                row.values[0].map { ChartPoint(x: $0, y: row.objective, status: row.status) }
            }
            writeLineChart(
                series, id: "sweep-\(index)", xLabel: paths[0], yLabel: costAxisTitle(sweep.currency),
                xFormat: shortQuantity)
        } else if paths.count == 2 {
            writeSweepHeatMap(rows, paths: (paths[0], paths[1]), index: index)
        } else {
            line("<p class=\"note\">A sweep over \(paths.count) parameters is shown as a table only.</p>")
        }
        var table = "<table class=\"numbers\"><caption>Sweep points</caption><thead><tr>"
        table +=
            paths.map { "<th scope=\"col\">\(breakablePath($0))</th>" }.joined()
            + "<th scope=\"col\">status</th><th scope=\"col\">total cost</th></tr></thead><tbody>"
        for row in rows {
            table +=
                "<tr\(row.objective == nil ? " class=\"no-plan\"" : "")>"
                + row.values.map { "<td>\($0.map(shortQuantity) ?? "–")</td>" }.joined()
            table +=
                "<td>\(htmlEscaped(row.status.rawValue))</td><td>\(row.objective.map(formatMoney) ?? "–")</td></tr>"
        }
        table += "</tbody></table>"
        writeCollapsible(table, rows: rows.count, summary: "All \(rows.count) sweep points (table)")
    }

    /// Two parameters: total cost over the grid, the parameter with more values across.
    mutating func writeSweepHeatMap(_ points: [SweepFigures.Point], paths: (String, String), index: Int) {
        let first = Array(Set(points.compactMap { $0.values[0] })).sorted()
        let second = Array(Set(points.compactMap { $0.values[1] })).sorted()
        guard !first.isEmpty, !second.isEmpty else {
            line("<p class=\"note\">No point has values to place on the grid.</p>")
            return
        }
        // Across: the longer list (ties: the second parameter, so the grid reads in point order).
        let swap = first.count > second.count
        let xs = swap ? first : second
        let ys = swap ? second : first
        let xPath = swap ? paths.0 : paths.1
        let yPath = swap ? paths.1 : paths.0
        let objectives = points.compactMap(\.objective)
        let lo = objectives.min() ?? 0
        let hi = objectives.max() ?? 0
        let classes = Palette.ramp.count
        func step(_ value: Double) -> Int {
            hi > lo ? min(classes - 1, Int((value - lo) / (hi - lo) * Double(classes))) : 0
        }

        let rowLabels = ys.map(shortQuantity)
        let columnLabels = xs.map(shortQuantity)
        let labelWidth = max(56, 6.4 * Double(rowLabels.map(\.count).max() ?? 4) + 14)
        let column = min(64, max(4, 600 / Double(xs.count)))
        let rowHeight = min(26, max(8, 320 / Double(ys.count)))
        let showText = column >= 42 && rowHeight >= 15
        let top = 22.0
        let bottom = 40.0
        let right = 12.0
        let width = labelWidth + column * Double(xs.count) + right
        let height = top + rowHeight * Double(ys.count) + bottom
        let id = "sweep-\(index)"
        line(
            "<div class=\"scroll\"><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart sweep-grid\" role=\"img\" aria-labelledby=\"\(id)-title\" viewBox=\"0 0 \(coordinate(width)) \(coordinate(height))\" style=\"max-width:\(coordinate(max(width, 420) * 1.4))px;min-width:\(coordinate(width * 0.7))px\" data-x-path=\"\(htmlEscaped(xPath))\" data-y-path=\"\(htmlEscaped(yPath))\">"
        )
        line(
            "<title id=\"\(id)-title\">Total cost over the grid of \(htmlEscaped(yPath)) (rows) and \(htmlEscaped(xPath)) (columns)</title>"
        )
        line(
            "<text class=\"axis\" x=\"4\" y=\"14\" text-anchor=\"start\">rows: \(htmlEscaped(yPath)) ↓<title>\(htmlEscaped(yPath))</title></text>"
        )
        for (r, label) in rowLabels.enumerated() where rowHeight >= 10 || r % Int((10 / rowHeight).rounded(.up)) == 0 {
            line(
                "<text class=\"axis\" x=\"\(coordinate(labelWidth - 6))\" y=\"\(coordinate(top + rowHeight * Double(r) + rowHeight / 2 + 3.5))\" text-anchor=\"end\">\(htmlEscaped(label))</text>"
            )
        }
        let labelEvery = max(1, Int(((6.2 * Double(columnLabels.map(\.count).max() ?? 3) + 8) / column).rounded(.up)))
        for (c, label) in columnLabels.enumerated() where c % labelEvery == 0 {
            line(
                "<text class=\"axis\" x=\"\(coordinate(labelWidth + column * Double(c) + column / 2))\" y=\"\(coordinate(top + rowHeight * Double(ys.count) + 13))\" text-anchor=\"middle\">\(htmlEscaped(label))</text>"
            )
        }
        line(
            "<text class=\"axis\" x=\"\(coordinate(labelWidth + column * Double(xs.count) / 2))\" y=\"\(coordinate(height - 6))\" text-anchor=\"middle\">\(htmlEscaped(xPath)) →</text>"
        )
        for point in points {
            guard let a = point.values[0], let b = point.values[1] else { continue }
            let (x, y) = swap ? (a, b) : (b, a)
            guard let c = xs.firstIndex(of: x), let r = ys.firstIndex(of: y) else { continue }
            let x0 = labelWidth + column * Double(c)
            let y0 = top + rowHeight * Double(r)
            let (fill, dark) = Palette.rampCell(point.objective.map(step))
            let label = point.objective.map(compactMoney) ?? "✕"
            let tip =
                "\(yPath) = \(formatQuantity(y)), \(xPath) = \(formatQuantity(x)): \(point.objective.map(formatMoney) ?? "no plan (\(point.status.pointWords))")"
            let gap = column >= 6 ? 1.0 : 0
            line(
                "<rect class=\"sweep-cell\" data-x=\"\(dataNumber(x))\" data-y=\"\(dataNumber(y))\" data-status=\"\(htmlEscaped(point.status.rawValue))\" data-value=\"\(dataNumber(point.objective))\" x=\"\(coordinate(x0 + gap / 2))\" y=\"\(coordinate(y0 + gap / 2))\" width=\"\(coordinate(column - gap))\" height=\"\(coordinate(rowHeight - gap))\" fill=\"\(fill)\"><title>\(htmlEscaped(tip))</title></rect>"
            )
            if showText {
                line(
                    "<text class=\"cell-text\(dark ? " on-dark" : "")\" x=\"\(coordinate(x0 + column / 2))\" y=\"\(coordinate(y0 + rowHeight / 2 + 3.5))\" text-anchor=\"middle\">\(htmlEscaped(label))</text>"
                )
            }
        }
        line("</svg></div>")
        var legend: [String] = []
        if hi > lo {
            for k in 0..<classes {
                let from = lo + (hi - lo) * Double(k) / Double(classes)
                let to = lo + (hi - lo) * Double(k + 1) / Double(classes)
                legend.append("<li>\(swatch(fill: Palette.ramp[k])) \(compactMoney(from))–\(compactMoney(to))</li>")
            }
        } else if !objectives.isEmpty {
            legend.append("<li>\(swatch(fill: Palette.ramp[0])) \(formatMoney(lo)) (every point)</li>")
        }
        if objectives.count < points.count { legend.append("<li>\(swatch(fill: Palette.hatched)) no plan</li>") }
        line("<ul class=\"legend\"><li>total cost:</li>\(legend.joined())</ul>")
    }
}
