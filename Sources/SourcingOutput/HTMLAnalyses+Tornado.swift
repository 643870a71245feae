import Foundation
import SourcingAnalysis
import SourcingModel

// The tornado section of the report (see HTMLAnalyses.swift).

extension ReportPage {
    /// A tornado: per input, the change in total cost at its low value (upper half of the row)
    /// and at its high value (lower half), from the base cost.
    mutating func writeTornado(_ tornado: TornadoFigures, index: Int) -> String? {
        guard let base = tornado.baseObjective else {
            return "expected a number \"baseObjective\" (the base scenario has no plan)"
        }
        let entries = tornado.bars
        let by = tornado.share
        let money = tornado.currency.map { " \($0)" } ?? ""
        let lowWords = "low"
        let highWords = "high"
        line(
            "<p class=\"note\">Each input is moved down and up on its own by \(by.map(formatShare) ?? "the same share") (an input that counts whole units, such as an integer item’s demand or its lines’ dock slots, by whole units: that share of it rounded, at least 1), in every period of a per-period field, and the scenario re-planned. Bars show the change in total cost from the base plan’s \(formatMoney(base))\(htmlEscaped(money)): the upper bar of a row at the low value, the lower bar at the high value. Inputs whose move leaves no plan come first.</p>"
        )
        guard !entries.isEmpty else {
            line("<p class=\"note\">No input to move.</p>")
            return nil
        }

        let maxChars = 44
        let longest = entries.map { min($0.path.count, maxChars) }.max() ?? 10
        let labelWidth = max(110, 6.3 * Double(longest) + 16)
        let span = 440.0
        let rowHeight = 34.0
        let top = 24.0
        let barHeight = 12.0
        let width = labelWidth + span + 12
        let height = top + rowHeight * Double(entries.count) + 8
        let deltas = entries.flatMap { [$0.low.objective, $0.high.objective].compactMap { $0.map { abs($0 - base) } } }
        let reach = max(deltas.max() ?? 0, 1e-9)
        // Room on each side for a value label ("+1,234.5") or "no plan (infeasible)".
        let scale = (span / 2 - 70) / reach
        let center = labelWidth + span / 2
        line(
            "<div class=\"scroll\"><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart tornado\" role=\"img\" aria-labelledby=\"tornado-\(index)-title\" viewBox=\"0 0 \(coordinate(width)) \(coordinate(height))\" style=\"max-width:\(coordinate(width * 1.4))px;min-width:\(coordinate(width * 0.7))px\" data-base=\"\(JSONValue.format(base))\" data-scale=\"\(JSONValue.format(scale))\" data-center=\"\(coordinate(center))\">"
        )
        line(
            "<title id=\"tornado-\(index)-title\">Change in total cost at the low and high value of each input, from the base cost</title>"
        )
        line("<text class=\"axis\" x=\"\(coordinate(center - 6))\" y=\"13\" text-anchor=\"end\">← cheaper</text>")
        line("<text class=\"axis\" x=\"\(coordinate(center + 6))\" y=\"13\" text-anchor=\"start\">dearer →</text>")
        for (r, entry) in entries.enumerated() {
            let y0 = top + rowHeight * Double(r)
            line(
                "<g class=\"tornado-row\" data-path=\"\(htmlEscaped(entry.path))\" data-swing=\"\(dataNumber(entry.swing))\">"
            )
            if r % 2 == 0 {
                line(
                    "<rect class=\"band\" x=\"0\" y=\"\(coordinate(y0))\" width=\"\(coordinate(width))\" height=\"\(coordinate(rowHeight))\" fill=\"#F4F4F4\"/>"
                )
            }
            line(
                "<text class=\"label\" x=\"\(coordinate(labelWidth - 8))\" y=\"\(coordinate(y0 + rowHeight / 2 + 4))\" text-anchor=\"end\">\(htmlEscaped(shortPath(entry.path, to: maxChars)))<title>\(htmlEscaped(entry.path))</title></text>"
            )
            for (k, side) in [entry.low, entry.high].enumerated() {
                let name = k == 0 ? "low" : "high"
                let words = k == 0 ? lowWords : highWords
                let yBar = y0 + 4 + Double(k) * (barHeight + 2)
                let textY = yBar + barHeight / 2 + 3.7
                let valueText = side.value.map { " = \(formatQuantity($0))" } ?? ""
                guard let objective = side.objective else {
                    line(
                        "<text class=\"axis no-plan\" data-side=\"\(name)\" data-status=\"\(htmlEscaped(side.status.rawValue))\" x=\"\(coordinate(center + 4))\" y=\"\(coordinate(textY))\" text-anchor=\"start\">\(words): no plan (\(htmlEscaped(side.status.pointWords)))<title>\(htmlEscaped(entry.path)) \(words)\(htmlEscaped(valueText)): no plan (\(htmlEscaped(side.status.pointWords)))</title></text>"
                    )
                    continue
                }
                let delta = objective - base
                let x = delta < 0 ? center + delta * scale : center
                line(
                    "<rect class=\"tornado-\(name)\" data-value=\"\(JSONValue.format(objective))\" data-delta=\"\(JSONValue.format(delta))\" x=\"\(coordinate(x))\" y=\"\(coordinate(yBar))\" width=\"\(coordinate(abs(delta) * scale))\" height=\"\(coordinate(barHeight))\" fill=\"\(k == 0 ? Palette.domestic : Palette.allies[0].colour)\"><title>\(htmlEscaped(entry.path)) \(words)\(htmlEscaped(valueText)): total cost \(formatMoney(objective)) (\(signedMoney(delta)))</title></rect>"
                )
                let textX = delta < 0 ? x - 4 : center + abs(delta) * scale + 4
                line(
                    "<text class=\"axis\" x=\"\(coordinate(textX))\" y=\"\(coordinate(textY))\" text-anchor=\"\(delta < 0 ? "end" : "start")\">\(signedMoney(delta))</text>"
                )
            }
            line("</g>")
        }
        line(
            "<line class=\"baseline\" x1=\"\(coordinate(center))\" x2=\"\(coordinate(center))\" y1=\"\(coordinate(top - 2))\" y2=\"\(coordinate(height - 6))\"/>"
        )
        line("</svg></div>")
        line(
            "<ul class=\"legend\"><li>\(swatch(fill: Palette.domestic)) input moved down (upper bar)</li><li>\(swatch(fill: Palette.allies[0].colour)) input moved up (lower bar)</li><li>numbers: change in total cost from the base</li></ul>"
        )
        var table =
            "<table class=\"numbers\"><caption>Total cost at each input’s low and high value (base \(formatMoney(base))\(htmlEscaped(money)))</caption><thead><tr><th scope=\"col\">input</th><th scope=\"col\">unit</th><th scope=\"col\">base value</th><th scope=\"col\">low</th><th scope=\"col\">high</th><th scope=\"col\">cost at low</th><th scope=\"col\">cost at high</th><th scope=\"col\">swing</th></tr></thead><tbody>"
        for entry in entries {
            func cell(_ side: TornadoFigures.Side) -> String {
                guard let objective = side.objective else {
                    return "<td class=\"no-plan\">no plan (\(htmlEscaped(side.status.pointWords)))</td>"
                }
                return "<td>\(formatMoney(objective)) (\(signedMoney(objective - base)))</td>"
            }
            table +=
                "<tr data-path=\"\(htmlEscaped(entry.path))\"><th scope=\"row\" class=\"path\">\(breakablePath(entry.path))</th><td>\(htmlEscaped(entry.unit ?? ""))</td><td>\(htmlEscaped(entry.baseValue.map { tornadoBaseText($0, entry.measure) } ?? "–"))</td><td>\(entry.low.value.map(formatQuantity) ?? "–")</td><td>\(entry.high.value.map(formatQuantity) ?? "–")</td>\(cell(entry.low))\(cell(entry.high))<td>\(entry.swing.map(formatMoney) ?? "–")</td></tr>"
        }
        table += "</tbody></table>"
        writeCollapsible(table, rows: entries.count, summary: "All \(entries.count) inputs (table)")
        line(
            "<p class=\"note\">Base value: one number, “per period” when every period has it, “in total” over the periods for a quantity that varies by period, “mean” for a price that does; low and high are the same measure after the move.</p>"
        )
        return nil
    }
}
