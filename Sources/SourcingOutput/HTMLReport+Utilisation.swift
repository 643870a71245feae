import Foundation
import SourcingModel

// The report's utilisation section: a heat map of each source's use of the capacity it had.

extension ReportPage {
    mutating func writeUtilisation() {
        line("<section id=\"utilisation\">")
        line("<h2>Source utilisation</h2>")
        line(
            "<p class=\"note\">Orders started (or units in work, for concurrent capacity) as a share of the capacity the line really had in that period: an onshoring line has none before it may work, then its ramp-up. Darker is fuller; – means no capacity in that period. Excluded sources are marked.</p>"
        )
        let excludedIDs = Set(plan.excluded.map(\.source))
        for (index, item) in plan.items.enumerated() {
            let sources = plan.sources.filter { $0.item == item.id }
            guard !sources.isEmpty else { continue }
            writeHeatMap(
                heading: htmlEscaped(item.id)
                    + (item.name.map { " <span class=\"role\">\(htmlEscaped($0))</span>" } ?? ""),
                titleID: "heat-\(index)-title",
                description: "Utilisation of the sources of \(item.id) by period",
                dataAttribute: ("data-item", item.id),
                rows: sources.map { source in
                    let label = "\(source.id) (\(source.country))"
                    return HeatRow(
                        id: source.id, label: label, tooltip: label + (source.name.map { ": \($0)" } ?? ""),
                        dataAttribute: "data-source", values: plan.utilisationInForce(of: source),
                        excluded: excludedIDs.contains(source.id))
                })
        }
        writePoolHeatMap()
        var scale: [String] = []
        for (index, colour) in Palette.ramp.enumerated() {
            let range = index == 0 ? "0%" : "≤\(formatPercent(Double(index) / 5))"
            scale.append("<li>\(swatch(fill: colour)) \(range)</li>")
        }
        scale.append("<li>\(swatch(fill: Palette.hatched)) no capacity</li>")
        line("<ul class=\"legend\">\(scale.joined())</ul>")
        line("</section>")
    }
}
