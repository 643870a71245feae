import Foundation
import SourcingModel

// The report's onshoring timeline: per onshoring line, its milestones on the periods' axis.

extension ReportPage {
    mutating func writeOnshoring() {
        line("<section id=\"onshoring\">")
        line("<h2>Onshoring timeline</h2>")
        line(
            "<p class=\"note\">One row per onshoring line: the facility build (from investment to ready), the period in which the technology transfer completes, and the periods in which the line takes orders (with the number of units).</p>"
        )
        let column = 44.0
        let rowHeight = 30.0
        let top = 8.0
        let labelChars = min(28, plan.onshoring.map(\.source.count).max() ?? 8)
        let labelWidth = max(80, 7.0 * Double(labelChars) + 14)
        let bottom = 24.0
        let width = labelWidth + column * Double(T) + 10
        let height = top + rowHeight * Double(plan.onshoring.count) + bottom
        func x(_ period: String?) -> Double? {
            period.flatMap { plan.periods.firstIndex(of: $0) }.map { labelWidth + column * Double($0) }
        }
        line("<div class=\"scroll\">")
        line(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart gantt\" role=\"img\" aria-labelledby=\"gantt-title\" viewBox=\"0 0 \(coordinate(width)) \(coordinate(height))\" style=\"max-width:\(coordinate(width * 1.5))px;min-width:\(coordinate(width * 0.85))px\">"
        )
        line("<title id=\"gantt-title\">Onshoring timeline per line</title>")
        for t in 0..<T {
            let x0 = labelWidth + column * Double(t)
            line(
                "<line class=\"grid\" x1=\"\(coordinate(x0))\" x2=\"\(coordinate(x0))\" y1=\"\(coordinate(top))\" y2=\"\(coordinate(height - bottom))\"/>"
            )
            line(
                "<text class=\"axis\" x=\"\(coordinate(x0 + column / 2))\" y=\"\(coordinate(height - bottom + 15))\" text-anchor=\"middle\">\(htmlEscaped(plan.periods[t]))</text>"
            )
        }
        for (r, timeline) in plan.onshoring.enumerated() {
            let y0 = top + rowHeight * Double(r)
            let source = plan.sources.first { $0.id == timeline.source }
            line("<g class=\"gantt-row\" data-source=\"\(htmlEscaped(timeline.source))\">")
            line(
                "<text class=\"label\" x=\"\(coordinate(labelWidth - 8))\" y=\"\(coordinate(y0 + rowHeight / 2 + 4))\" text-anchor=\"end\">\(htmlEscaped(truncated(timeline.source, to: labelChars)))<title>\(htmlEscaped(timeline.source))</title></text>"
            )
            if let start = x(timeline.facilityInvestment) {
                let end = x(timeline.facilityReady) ?? (labelWidth + column * Double(T))
                line(
                    "<rect class=\"facility\" data-from=\"\(htmlEscaped(timeline.facilityInvestment ?? ""))\" data-to=\"\(htmlEscaped(timeline.facilityReady ?? ""))\" x=\"\(coordinate(start + 2))\" y=\"\(coordinate(y0 + 6))\" width=\"\(coordinate(max(4, end - start - 4)))\" height=\"7\" fill=\"url(#fill-facility)\"><title>facility: invested \(htmlEscaped(timeline.facilityInvestment ?? "")), ready \(htmlEscaped(timeline.facilityReady ?? "after the horizon"))</title></rect>"
                )
            }
            if let source {
                for t in 0..<T where source.orders[t] > 0 {
                    let x0 = labelWidth + column * Double(t)
                    line(
                        "<rect class=\"production\" data-period=\"\(htmlEscaped(plan.periods[t]))\" data-value=\"\(JSONValue.format(source.orders[t]))\" x=\"\(coordinate(x0 + 2))\" y=\"\(coordinate(y0 + 15))\" width=\"\(coordinate(column - 4))\" height=\"12\" fill=\"\(Palette.production)\"><title>\(htmlEscaped(plan.periods[t])): \(formatQuantity(source.orders[t])) ordered</title></rect>"
                    )
                    line(
                        "<text class=\"in-bar\" x=\"\(coordinate(x0 + column / 2))\" y=\"\(coordinate(y0 + 24.5))\" text-anchor=\"middle\">\(formatQuantity(source.orders[t]))</text>"
                    )
                }
            }
            if let x0 = x(timeline.transferComplete) {
                let cx = x0 + column / 2
                let cy = y0 + 9.5
                line(
                    "<path class=\"transfer\" data-period=\"\(htmlEscaped(timeline.transferComplete ?? ""))\" d=\"M\(coordinate(cx)),\(coordinate(cy - 6)) l6,6 l-6,6 l-6,-6 z\" fill=\"\(Palette.transfer)\" stroke=\"#000\" stroke-width=\"1\"><title>transfer complete \(htmlEscaped(timeline.transferComplete ?? ""))</title></path>"
                )
            }
            line("</g>")
        }
        line("</svg>")
        line("</div>")
        line(
            "<ul class=\"legend\"><li>\(swatch(fill: "url(#fill-facility)")) facility build (investment → ready)</li><li><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"swatch\" viewBox=\"0 0 14 14\" width=\"14\" height=\"14\" aria-hidden=\"true\"><path d=\"M7,1 l6,6 l-6,6 l-6,-6 z\" fill=\"\(Palette.transfer)\" stroke=\"#000\"/></svg> transfer complete</li><li>\(swatch(fill: Palette.production)) orders placed on the line (units)</li></ul>"
        )
        line("<ul class=\"timeline\">")
        for timeline in plan.onshoring {
            line("<li>\(htmlEscaped(plan.timelineText(timeline)))</li>")
        }
        line("</ul>")
        line("</section>")
    }

    func truncated(_ text: String, to length: Int) -> String {
        text.count <= length ? text : String(text.prefix(max(1, length - 1))) + "…"
    }
}
