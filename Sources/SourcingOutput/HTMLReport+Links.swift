import SourcingModel

// The report's parts for components and capacity pools: a section on what the items' lines draw
// of their components and where those units come from (the allied content a home-built item
// still depends on), and a heat-map row per pool in the utilisation section. Nothing is written
// for plans without them, so their reports keep their bytes.

extension ReportPage {
    /// Whether the plan has component draws to show.
    var hasComponentDraws: Bool {
        plan.items.contains { item in (item.components ?? []).contains { $0.drawn.contains { $0 != 0 } } }
    }

    /// One heat map with a row per capacity pool.
    mutating func writePoolHeatMap() {
        guard let pools = plan.capacityPools, !pools.isEmpty else { return }
        writeHeatMap(
            heading: "Capacity pools", titleID: "heat-pools-title",
            description: "Utilisation of the capacity pools by period (their members' use over the pool's capacity)",
            dataAttribute: ("data-pools", "\(pools.count)"),
            rows: pools.map {
                HeatRow(id: $0.id, label: $0.id, tooltip: $0.id, dataAttribute: "data-pool", values: $0.utilization)
            })
    }

    mutating func writeComponents() {
        line("<section id=\"components\">")
        line("<h2>Components and dependencies</h2>")
        line(
            "<p class=\"note\">Units of each component that the lines of an item draw when they start work, by the country that made them. A component’s stock is used first in, first out, so each start depends on the countries that delivered the units it was fitted with. <em>Allied content</em> is what an item built at home still depends on abroad.</p>"
        )
        // Horizon totals, one row per item and component, with a bar of the origins.
        line(
            "<div class=\"scroll\"><table class=\"numbers\"><caption>Component units drawn over the horizon</caption><thead><tr><th scope=\"col\">item</th><th scope=\"col\">component</th><th scope=\"col\">drawn</th><th scope=\"col\">domestic</th><th scope=\"col\">allied</th><th scope=\"col\">allied share</th><th scope=\"col\">by country</th></tr></thead><tbody>"
        )
        for item in plan.items {
            for component in item.components ?? [] {
                let drawn = component.drawn.reduce(0, +)
                guard drawn > 0 else { continue }
                let allied = component.allied.reduce(0, +)
                var origins: [(String, Double)] = []
                for entry in component.byCountry {
                    let units = entry.values.reduce(0, +)
                    if units > 0 { origins.append((entry.id, units)) }
                }
                let stock = component.fromInitialInventory.reduce(0, +)
                if stock > 0 { origins.append(("initial stock", stock)) }
                let domestic = component.domestic.reduce(0, +)
                let listed = origins.map { "\($0.0) \(formatQuantity($0.1))" }.joined(separator: ", ")
                let attributes =
                    "data-item=\"\(htmlEscaped(item.id))\" data-component=\"\(htmlEscaped(component.item))\" data-drawn=\"\(JSONValue.format(drawn))\" data-allied=\"\(JSONValue.format(allied))\""
                let cells =
                    "<td>\(htmlEscaped(component.item))</td><td>\(formatQuantity(drawn))</td><td>\(formatQuantity(domestic))</td><td>\(formatQuantity(allied))</td><td>\(formatShare(allied / drawn))</td>"
                line(
                    "<tr \(attributes)><th scope=\"row\">\(htmlEscaped(item.id))</th>\(cells)<td>\(originBar(origins, total: drawn)) \(htmlEscaped(listed))</td></tr>"
                )
            }
        }
        line("</tbody></table></div>")
        // Per period: what each item's lines draw, and the requirement of each component.
        for item in plan.items {
            let components = (item.components ?? []).filter { $0.drawn.contains { $0 != 0 } }
            guard !components.isEmpty else { continue }
            var rows: [(String, String, [String])] = []
            for component in components {
                rows.append(("\(component.item) drawn", "", component.drawn.map(formatQuantity)))
                rows.append(("domestic content", "sub", component.domestic.map(formatQuantity)))
                rows.append(("allied content", "sub", component.allied.map(formatQuantity)))
                for entry in component.byCountry where entry.values.contains(where: { $0 != 0 }) {
                    rows.append(("from \(entry.id)\(roleText(entry.id))", "subsub", entry.values.map(formatQuantity)))
                }
                if component.fromInitialInventory.contains(where: { $0 != 0 }) {
                    rows.append(("from initial stock", "subsub", component.fromInitialInventory.map(formatQuantity)))
                }
            }
            writePeriodTable(rows, caption: "Components drawn by the lines of \(htmlEscaped(item.id)) per period")
        }
        for item in plan.items {
            guard let consumed = item.consumed, consumed.contains(where: { $0 != 0 }) else { continue }
            writePeriodTable(
                [
                    ("demand", "", item.demand.map(formatQuantity)),
                    ("drawn by lines", "", consumed.map(formatQuantity)),
                    ("delivered", "", item.delivered.map(formatQuantity)),
                    ("inventory", "", item.inventory.map(formatQuantity)),
                ], caption: "Requirement of \(htmlEscaped(item.id)) per period: its own demand and what lines draw")
        }
        line("</section>")
    }

    /// A small bar split by origin, in the countries' fills (grey hatching for initial stock).
    func originBar(_ origins: [(String, Double)], total: Double) -> String {
        let width = 90.0
        let height = 10.0
        var x = 0.0
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"swatch\" viewBox=\"0 0 \(coordinate(width)) \(coordinate(height))\" width=\"\(coordinate(width))\" height=\"\(coordinate(height))\" aria-hidden=\"true\">"
        for (origin, units) in origins {
            let w = units / total * width
            let fill = countries.contains(origin) ? countryFill(origin) : Palette.hatched
            out +=
                "<rect x=\"\(coordinate(x))\" width=\"\(coordinate(w))\" height=\"\(coordinate(height))\" fill=\"\(fill)\" stroke=\"#fff\" stroke-width=\"0.5\"/>"
            x += w
        }
        return out + "</svg>"
    }
}
