import Foundation
import SourcingAnalysis
import SourcingModel

// The frontier section of the report, and the line chart it shares with one-parameter sweeps
// (see HTMLAnalyses.swift).

extension ReportPage {
    /// The frontier: total cost against the required minimum domestic share.
    mutating func writeFrontier(_ frontier: FrontierFigures, index: Int) {
        let series = frontier.points.map { ChartPoint(x: $0.domesticShare, y: $0.objective, status: $0.status) }
        let item = frontier.item
        let itemText = item.map { " of \(htmlEscaped($0))" } ?? ""
        line(
            "<p class=\"note\">Each point is the least total cost when at least that share of the item’s units over the horizon must be domestic (replacing its own domestic-share rule); the rise from one point to the next is the cost of onshoring that step. Crosses on the axis mark shares no plan can reach.</p>"
        )
        writeLineChart(
            series, id: "frontier-\(index)", xLabel: "minimum domestic share\(item.map { " of \($0)" } ?? "")",
            yLabel: costAxisTitle(frontier.currency), xFormat: formatShare)
        var table =
            "<table class=\"numbers\"><caption>Least total cost per minimum domestic share\(itemText)</caption><thead><tr><th scope=\"col\">minimum domestic share</th><th scope=\"col\">status</th><th scope=\"col\">total cost</th><th scope=\"col\">extra vs previous</th></tr></thead><tbody>"
        var previous: Double?
        for point in series.sorted(by: { $0.x < $1.x }) {
            let extra = point.y.flatMap { y in previous.map { signedMoney(y - $0) } } ?? ""
            table +=
                "<tr\(point.y == nil ? " class=\"no-plan\"" : "")><td>\(formatShare(point.x))</td><td>\(htmlEscaped(point.status.rawValue))</td><td>\(point.y.map(formatMoney) ?? "–")</td><td>\(extra)</td></tr>"
            if let y = point.y { previous = y }
        }
        table += "</tbody></table>"
        writeCollapsible(table, rows: series.count, summary: "All \(series.count) shares (table)")
    }

    // MARK: Line chart

    /// A point of a line chart; `y` nil for a point without a plan (drawn as a cross on the axis).
    struct ChartPoint {
        var x: Double
        var y: Double?
        var status: PlanStatus
    }

    /// A line chart with points, for sweeps and the frontier. The line breaks at points without
    /// a plan. The cost axis starts at zero unless the costs vary little, then it is zoomed (its
    /// ticks say so).
    mutating func writeLineChart(
        _ points: [ChartPoint], id: String, xLabel: String, yLabel: String, xFormat: (Double) -> String
    ) {
        let series = points.filter { $0.x.isFinite }.sorted { $0.x < $1.x }
        let planned = series.filter { $0.y != nil }
        guard !planned.isEmpty else {
            line("<p class=\"note\">No point has a plan, so there is no curve to draw.</p>")
            return
        }
        let left = 70.0
        let right = 18.0
        let top = 24.0
        let plot = 200.0
        let bottom = 42.0
        let span = 480.0
        let width = left + span + right
        let height = top + plot + bottom
        let xMin = series.first!.x
        let xMax = series.last!.x
        let ys = planned.map { $0.y! }
        let yAxis = niceScale(
            ys.min()!, ys.max()!, zeroBased: !(ys.min()! > 0 && ys.max()! - ys.min()! < 0.6 * ys.max()!))
        func px(_ x: Double) -> Double { xMax > xMin ? left + (x - xMin) / (xMax - xMin) * span : left + span / 2 }
        func py(_ y: Double) -> Double { top + plot - (y - yAxis.lo) / (yAxis.hi - yAxis.lo) * plot }
        line(
            "<div class=\"scroll\"><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart line\" role=\"img\" aria-labelledby=\"\(id)-title\" viewBox=\"0 0 \(coordinate(width)) \(coordinate(height))\" style=\"max-width:\(coordinate(width * 1.4))px;min-width:\(coordinate(width * 0.7))px\" data-y-min=\"\(JSONValue.format(yAxis.lo))\" data-y-max=\"\(JSONValue.format(yAxis.hi))\">"
        )
        line("<title id=\"\(id)-title\">\(htmlEscaped(yLabel)) against \(htmlEscaped(xLabel))</title>")
        line(
            "<text class=\"axis\" x=\"\(coordinate(left - 6))\" y=\"12\" text-anchor=\"start\">\(htmlEscaped(yLabel))\(yAxis.lo > 0 ? " (axis does not start at 0)" : "")</text>"
        )
        for k in 0...Int(((yAxis.hi - yAxis.lo) / yAxis.step).rounded()) {
            let tick = yAxis.lo + Double(k) * yAxis.step
            line(
                "<line class=\"grid\" x1=\"\(coordinate(left))\" x2=\"\(coordinate(left + span))\" y1=\"\(coordinate(py(tick)))\" y2=\"\(coordinate(py(tick)))\"/>"
            )
            line(
                "<text class=\"axis\" x=\"\(coordinate(left - 6))\" y=\"\(coordinate(py(tick) + 3.5))\" text-anchor=\"end\">\(compactMoney(tick))</text>"
            )
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
            while k * xAxis.step <= xMax + 1e-9 * max(1, abs(xMax)) {
                ticks.append(k * xAxis.step)
                k += 1
            }
        }
        for x in ticks {
            line(
                "<line class=\"grid\" x1=\"\(coordinate(px(x)))\" x2=\"\(coordinate(px(x)))\" y1=\"\(coordinate(top + plot))\" y2=\"\(coordinate(top + plot + 4))\"/>"
            )
            line(
                "<text class=\"axis\" x=\"\(coordinate(px(x)))\" y=\"\(coordinate(top + plot + 15))\" text-anchor=\"middle\">\(htmlEscaped(xFormat(x)))</text>"
            )
        }
        var path = ""
        var pen = false
        for point in series {
            guard let y = point.y else {
                pen = false
                continue
            }
            path += (path.isEmpty ? "" : " ") + "\(pen ? "L" : "M")\(coordinate(px(point.x))),\(coordinate(py(y)))"
            pen = true
        }
        line("<path d=\"\(path)\" fill=\"none\" stroke=\"\(Palette.domestic)\" stroke-width=\"2\"/>")
        for point in series {
            if let y = point.y {
                line(
                    "<circle class=\"point\" data-x=\"\(JSONValue.format(point.x))\" data-value=\"\(JSONValue.format(y))\" cx=\"\(coordinate(px(point.x)))\" cy=\"\(coordinate(py(y)))\" r=\"3.5\" fill=\"#fff\" stroke=\"\(Palette.domestic)\" stroke-width=\"2\"><title>\(htmlEscaped(xFormat(point.x))): \(formatMoney(y))\(point.status == .feasible ? " (feasible, stopped by a limit)" : "")</title></circle>"
                )
            } else {
                let cx = px(point.x)
                let cy = top + plot
                line(
                    "<path class=\"no-plan\" data-x=\"\(JSONValue.format(point.x))\" data-status=\"\(htmlEscaped(point.status.rawValue))\" d=\"M\(coordinate(cx - 4.5)),\(coordinate(cy - 4.5)) L\(coordinate(cx + 4.5)),\(coordinate(cy + 4.5)) M\(coordinate(cx - 4.5)),\(coordinate(cy + 4.5)) L\(coordinate(cx + 4.5)),\(coordinate(cy - 4.5))\" stroke=\"\(Palette.transfer)\" stroke-width=\"2.5\" stroke-linecap=\"round\"><title>\(htmlEscaped(xFormat(point.x))): no plan (\(htmlEscaped(point.status.pointWords)))</title></path>"
                )
            }
        }
        line(
            "<text class=\"axis\" x=\"\(coordinate(left + span / 2))\" y=\"\(coordinate(height - 6))\" text-anchor=\"middle\">\(htmlEscaped(xLabel))</text>"
        )
        line(
            "<line class=\"baseline\" x1=\"\(coordinate(left))\" x2=\"\(coordinate(left + span))\" y1=\"\(coordinate(top + plot))\" y2=\"\(coordinate(top + plot))\"/>"
        )
        line("</svg></div>")
        if planned.count < series.count {
            line(
                "<ul class=\"legend\"><li><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"swatch\" viewBox=\"0 0 14 14\" width=\"14\" height=\"14\" aria-hidden=\"true\"><circle cx=\"7\" cy=\"7\" r=\"4\" fill=\"#fff\" stroke=\"\(Palette.domestic)\" stroke-width=\"2\"/></svg> a plan: its total cost</li><li><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"swatch\" viewBox=\"0 0 14 14\" width=\"14\" height=\"14\" aria-hidden=\"true\"><path d=\"M3,3 L11,11 M3,11 L11,3\" stroke=\"\(Palette.transfer)\" stroke-width=\"2.5\" stroke-linecap=\"round\"/></svg> no plan</li></ul>"
            )
        }
    }

    /// A round axis from `lo` to `hi` in about `intervals` steps (from zero when `zeroBased` and
    /// the values are not negative).
    func niceScale(_ lo: Double, _ hi: Double, zeroBased: Bool, intervals: Double = 5) -> (
        lo: Double, hi: Double, step: Double
    ) {
        var lo = lo
        var hi = hi
        if zeroBased {
            lo = min(0, lo)
            hi = max(0, hi)
        }
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
