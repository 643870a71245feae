import SourcingModel

// The utilisation heat map: one row per source (or capacity pool), one cell per period, darker
// as it fills (Palette.ramp in fifths), a hatched cell where there is no capacity.

/// One row of a heat map.
struct HeatRow {
    /// Written in the row's data attribute and the cells' tooltips.
    var id: String
    /// The label in front of the row (cut to fit).
    var label: String
    /// The label's tooltip (the whole label, and more).
    var tooltip: String
    /// The row's data attribute (`data-source`, `data-pool`).
    var dataAttribute: String
    /// Share of capacity used per period; nil where there is no capacity.
    var values: [Double?]
    var excluded = false
}

extension ReportPage {
    /// A figure with a heat map under `heading` (HTML, escaped by the caller); `dataAttribute`
    /// goes on the svg element.
    mutating func writeHeatMap(
        heading: String, titleID: String, description: String, dataAttribute: (String, String), rows: [HeatRow]
    ) {
        let column = 44.0
        let rowHeight = 22.0
        let top = 6.0
        let bottom = 22.0
        let labelChars = min(32, rows.map(\.label.count).max() ?? 10)
        let labelWidth = max(90, 6.6 * Double(labelChars) + 16)
        let width = labelWidth + column * Double(T) + 10
        let height = top + rowHeight * Double(rows.count) + bottom
        line("<figure class=\"chart\">")
        line("<h3>\(heading)</h3>")
        line("<div class=\"scroll\">")
        line(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart heatmap\" role=\"img\" aria-labelledby=\"\(titleID)\" viewBox=\"0 0 \(coordinate(width)) \(coordinate(height))\" style=\"max-width:\(coordinate(width * 1.5))px;min-width:\(coordinate(width * 0.85))px\" \(dataAttribute.0)=\"\(htmlEscaped(dataAttribute.1))\">"
        )
        line("<title id=\"\(titleID)\">\(htmlEscaped(description))</title>")
        for (r, row) in rows.enumerated() {
            let y0 = top + rowHeight * Double(r)
            line("<g class=\"heat-row\" \(row.dataAttribute)=\"\(htmlEscaped(row.id))\">")
            let label = truncated(row.label, to: labelChars) + (row.excluded ? " ✕" : "")
            line(
                "<text class=\"label\(row.excluded ? " excluded" : "")\" x=\"\(coordinate(labelWidth - 8))\" y=\"\(coordinate(y0 + rowHeight / 2 + 4))\" text-anchor=\"end\">\(htmlEscaped(label))<title>\(htmlEscaped(row.tooltip))\(row.excluded ? " — excluded" : "")</title></text>"
            )
            for t in 0..<T {
                let x0 = labelWidth + column * Double(t)
                let value = row.values[t]
                // 0 → lightest; (0, 20%] → 1, …, (80%, 100%] → 5.
                let step = value.map { $0 <= 0 ? 0 : min(5, max(1, Int((min($0, 1) * 5).rounded(.up)))) }
                let (fill, dark) = Palette.rampCell(step)
                let text = value.map(formatPercent) ?? "–"
                let dataValue = value.map(JSONValue.format) ?? "null"
                line(
                    "<rect class=\"cell\" data-period=\"\(htmlEscaped(plan.periods[t]))\" data-value=\"\(dataValue)\" x=\"\(coordinate(x0 + 1))\" y=\"\(coordinate(y0 + 1))\" width=\"\(coordinate(column - 2))\" height=\"\(coordinate(rowHeight - 2))\" fill=\"\(fill)\"><title>\(htmlEscaped(row.id)), \(htmlEscaped(plan.periods[t])): \(value.map(formatShare) ?? "no capacity")</title></rect>"
                )
                line(
                    "<text class=\"cell-text\(dark ? " on-dark" : "")\" x=\"\(coordinate(x0 + column / 2))\" y=\"\(coordinate(y0 + rowHeight / 2 + 3.5))\" text-anchor=\"middle\">\(htmlEscaped(text))</text>"
                )
            }
            line("</g>")
        }
        for t in 0..<T {
            let x0 = labelWidth + column * Double(t)
            line(
                "<text class=\"axis\" x=\"\(coordinate(x0 + column / 2))\" y=\"\(coordinate(height - bottom + 15))\" text-anchor=\"middle\">\(htmlEscaped(plan.periods[t]))</text>"
            )
        }
        line("</svg>")
        line("</div>")
        line("</figure>")
    }
}
