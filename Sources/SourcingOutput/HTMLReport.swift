import Foundation
import SourcingModel

// The plan as one self-contained HTML page: inline CSS and SVG, no scripts, no fonts or images
// from the network. The page is well-formed XML (XHTML syntax), so tests and other tools can parse
// it. Every name from the scenario is escaped. Charts carry `data-*` attributes with the plan's
// numbers, and their geometry is a fixed function of those numbers, so the same plan gives the
// same bytes.

/// A self-contained HTML report of a plan, with optional analysis documents (sweep, tornado,
/// frontier, stress test) drawn after the plan's sections.
public struct HTMLReport: Sendable {
    public var plan: Plan
    public var analyses: [AnalysisDocument]

    public init(plan: Plan, analyses: [AnalysisDocument] = []) {
        self.plan = plan
        self.analyses = analyses
    }

    /// The report as HTML text (UTF-8).
    public var html: String { render().html }

    /// The report, and a note for each analysis document that could not be drawn (for stderr).
    public func render() -> (html: String, notes: [String]) {
        var page = ReportPage(plan: plan)
        page.write(analyses: analyses)
        return (page.out, page.notes)
    }
}

/// The kinds of analysis document the report recognises by their top-level `"kind"` key.
public enum AnalysisKind: String, Sendable, CaseIterable {
    case sweep, tornado, frontier, stress
}

/// An analysis result to draw in the report: its kind, a label (usually the file name) and the
/// document itself.
public struct AnalysisDocument: Sendable {
    public var kind: AnalysisKind
    public var label: String
    public var json: JSONValue

    /// Recognises a document by its `"kind"`; nil when the kind is missing or unknown.
    public init?(json: JSONValue, label: String) {
        guard case .string(let text)? = json["kind"], let kind = AnalysisKind(rawValue: text) else { return nil }
        self.kind = kind
        self.label = label
        self.json = json
    }

    /// The `"kind"` string of any JSON document, for messages about documents the report skips.
    public static func kindText(of json: JSONValue) -> String? {
        if case .string(let text)? = json["kind"] { return text }
        return nil
    }
}

// MARK: - Page

struct ReportPage {
    let plan: Plan
    var out = ""
    /// Notes about analysis documents that could not be drawn.
    var notes: [String] = []
    /// Countries in order of first appearance among the plan's sources; the home country first.
    let countries: [String]
    let home: String?
    let T: Int
    /// Whether analysis documents follow the plan (for the contents).
    var hasAnalyses = false

    init(plan: Plan) {
        self.plan = plan
        self.T = plan.periods.count
        let home = plan.homeCountry
        self.home = home
        var seen: [String] = home.map { [$0] } ?? []
        for source in plan.sources where !seen.contains(source.country) { seen.append(source.country) }
        for item in plan.items { for entry in item.byCountry where !seen.contains(entry.id) { seen.append(entry.id) } }
        self.countries = seen
    }

    /// "(domestic)" or "(allied)" after a country's name, when the home country is known.
    func roleText(_ country: String) -> String {
        guard let home else { return "" }
        return country == home ? " (domestic)" : " (allied)"
    }

    func fillID(ofCountry country: String) -> String {
        "fill-country-\(countries.firstIndex(of: country) ?? 0)"
    }

    func countryFill(_ country: String) -> String { "url(#\(fillID(ofCountry: country)))" }

    mutating func line(_ text: String) { out += text; out += "\n" }

    mutating func write(analyses: [AnalysisDocument]) {
        let title = "\(plan.scenario.name): sourcing plan"
        line("<!DOCTYPE html>")
        line("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">")
        line("<head>")
        line("<meta charset=\"utf-8\"/>")
        line("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>")
        line("<meta name=\"generator\" content=\"\(htmlEscaped(plan.tool.name)) \(htmlEscaped(plan.tool.version))\"/>")
        line("<title>\(htmlEscaped(title))</title>")
        line("<style>\(ReportPage.css)</style>")
        line("</head>")
        line("<body>")
        hasAnalyses = !analyses.isEmpty
        writeDefinitions()
        line("<main>")
        writeHeader()
        if plan.status.hasPlan {
            writeDeliveries()
            if !plan.onshoring.isEmpty { writeOnshoring() }
            writeUtilisation()
            writeCosts()
            writeSpending()
            if plan.sensitivity != nil { writeSensitivity() }
            writeRedundancy()
        } else {
            writeNoPlan()
        }
        writeExcluded()
        if !analyses.isEmpty { writeAnalyses(analyses) }
        writeFooter()
        line("</main>")
        line("</body>")
        line("</html>")
    }

    // MARK: Header and contents

    mutating func writeHeader() {
        line("<header>")
        line("<h1>\(htmlEscaped(plan.scenario.name))</h1>")
        var status = "<span class=\"status status-\(plan.status.rawValue)\">\(htmlEscaped(statusWords))</span>"
        if let objective = plan.objective {
            status += " · total cost <strong data-objective=\"\(JSONValue.format(objective))\">\(formatMoney(objective))\(htmlEscaped(plan.moneySuffix))</strong>\(plan.isDiscounted ? " (discounted)" : "")"
        }
        if let gap = plan.mipGap, plan.status.hasPlan { status += " · MIP gap \(formatShare(gap))" }
        line("<p class=\"lead\">\(status)</p>")
        if plan.status.hasPlan {
            var summary: [String] = []
            for item in plan.items {
                let delivered = item.delivered.reduce(0, +), domestic = item.domestic.reduce(0, +)
                var text = "<strong>\(htmlEscaped(item.id))</strong>\(item.name.map { " (\(htmlEscaped($0)))" } ?? ""): \(htmlEscaped(formatUnits(delivered, item.unit))) of \(formatQuantity(item.demand.reduce(0, +))) delivered"
                if delivered > 0 { text += ", \(formatShare(domestic / delivered)) domestic" }
                summary.append(text)
            }
            line("<p>\(summary.joined(separator: "; ")).</p>")
        }
        line("<nav aria-label=\"Contents\"><ul>")
        if plan.status.hasPlan {
            line("<li><a href=\"#deliveries\">Deliveries</a></li>")
            if !plan.onshoring.isEmpty { line("<li><a href=\"#onshoring\">Onshoring timeline</a></li>") }
            line("<li><a href=\"#utilisation\">Source utilisation</a></li>")
            line("<li><a href=\"#costs\">Costs</a></li>")
            if plan.spending.count == T { line("<li><a href=\"#spending\">Spending\(plan.budget == nil ? "" : " and budget")</a></li>") }
            if plan.sensitivity != nil { line("<li><a href=\"#sensitivity\">Sensitivity</a></li>") }
            line("<li><a href=\"#redundancy\">Redundancy</a></li>")
        } else {
            line("<li><a href=\"#no-plan\">Why there is no plan</a></li>")
        }
        if !plan.excluded.isEmpty { line("<li><a href=\"#excluded\">Excluded sources</a></li>") }
        if hasAnalyses { line("<li><a href=\"#analyses\">Analyses</a></li>") }
        line("</ul></nav>")
        line("</header>")
    }

    var statusWords: String {
        switch plan.status {
        case .optimal: "Optimal plan"
        case .feasible: "Feasible plan (stopped by a limit; may not be least cost)"
        case .infeasible: "Infeasible: the rules cannot all be met"
        case .unbounded: "Unbounded (a defect: costs are non-negative)"
        case .timeLimit: "Time limit reached before any plan was found"
        case .error: "Solver error"
        }
    }

    /// Pattern fills shared by every chart (one per country), in a zero-size SVG.
    mutating func writeDefinitions() {
        line("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\" focusable=\"false\"><defs>")
        for (index, country) in countries.enumerated() {
            let (colour, pattern): (String, String?)
            if country == home {
                (colour, pattern) = (Palette.domestic, nil)
            } else {
                let allyIndex = countries[..<index].filter { $0 != home }.count
                (colour, pattern) = Palette.allies[allyIndex % Palette.allies.count]
            }
            var tile = "<pattern id=\"fill-country-\(index)\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\">"
            tile += "<rect width=\"6\" height=\"6\" fill=\"\(colour)\"/>"
            if let pattern {
                tile += "<path d=\"\(pattern)\" stroke=\"#000\" stroke-opacity=\"0.55\" stroke-width=\"1.3\" stroke-linecap=\"round\" fill=\"none\"/>"
            }
            line(tile + "</pattern>")
        }
        line("<pattern id=\"fill-facility\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\"><rect width=\"6\" height=\"6\" fill=\"\(Palette.facility)\"/><path d=\"\(Palette.allies[0].pattern!)\" stroke=\"#000\" stroke-opacity=\"0.55\" stroke-width=\"1.3\" fill=\"none\"/></pattern>")
        line("<pattern id=\"fill-none\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\"><rect width=\"6\" height=\"6\" fill=\"#EEEEEE\"/><path d=\"M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2\" stroke=\"#999\" stroke-width=\"0.8\" fill=\"none\"/></pattern>")
        line("</defs></svg>")
    }

    // MARK: Deliveries

    mutating func writeDeliveries() {
        line("<section id=\"deliveries\">")
        line("<h2>Deliveries by item</h2>")
        line("<p class=\"note\">Units delivered per period, stacked by the country that delivers them, against demand (the black line). \(home.map { "\(htmlEscaped($0)) is the home country; the other countries are allies." } ?? "")</p>")
        for (index, item) in plan.items.enumerated() { writeItemChart(item, index: index) }
        line("</section>")
    }

    /// Countries of an item in stacking order: the home country at the bottom, then allies.
    func stackOrder(_ item: ItemPlan) -> [(id: String, values: [Double])] {
        item.byCountry.sorted { (countries.firstIndex(of: $0.id) ?? 0) < (countries.firstIndex(of: $1.id) ?? 0) }
    }

    mutating func writeItemChart(_ item: ItemPlan, index: Int) {
        let stack = stackOrder(item)
        let homeMatchesDomestic = home.flatMap { h in stack.first { $0.id == h } }.map { entry in
            zip(entry.values, item.domestic).allSatisfy { abs($0 - $1) <= 1e-6 * max(1, abs($1)) }
        } ?? item.domestic.allSatisfy { $0 == 0 }
        let showDomesticMarker = !homeMatchesDomestic

        let column = 44.0, bar = 26.0, left = 46.0, right = 10.0, top = 18.0, plot = 200.0
        let rotate = plan.periods.contains { $0.count > 5 } || T > 16
        let bottom = rotate ? 12.0 + 6.5 * Double(plan.periods.map(\.count).max() ?? 4) : 26.0
        let width = left + column * Double(T) + right, height = top + plot + bottom
        let peak = (0..<T).map { t in max(item.demand[t], item.delivered[t], stack.reduce(0) { $0 + $1.values[t] }) }.max() ?? 0
        let (axisMax, step) = niceAxis(peak)
        let scale = plot / axisMax

        let titleID = "chart-item-\(index)-title"
        line("<figure class=\"chart\" id=\"item-\(index)\">")
        line("<h3>\(htmlEscaped(item.id))\(item.name.map { " <span class=\"role\">\(htmlEscaped($0))</span>" } ?? "")</h3>")
        line("<div class=\"scroll\">")
        line("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart deliveries\" role=\"img\" aria-labelledby=\"\(titleID)\" viewBox=\"0 0 \(coordinate(width)) \(coordinate(height))\" style=\"max-width:\(coordinate(width * 1.5))px;min-width:\(coordinate(width * 0.85))px\" data-item=\"\(htmlEscaped(item.id))\" data-scale=\"\(JSONValue.format(scale))\" data-baseline=\"\(coordinate(top + plot))\">")
        line("<title id=\"\(titleID)\">Deliveries of \(htmlEscaped(item.id)) by period and country, against demand</title>")
        // Axis title: what a unit of the item is.
        line("<text class=\"axis axis-title\" x=\"4\" y=\"11\" text-anchor=\"start\">\(htmlEscaped(unitWord(item.unit, plural: true))) per period</text>")
        writeValueGrid(from: left, to: width - right, baseline: top + plot, scale: scale, axisMax: axisMax, step: step, label: formatQuantity)
        for t in 0..<T {
            let x0 = left + column * Double(t)
            let barX = x0 + (column - bar) / 2
            let label = htmlEscaped(plan.periods[t])
            line("<g class=\"period\" data-period=\"\(label)\" data-demand=\"\(JSONValue.format(item.demand[t]))\" data-delivered=\"\(JSONValue.format(item.delivered[t]))\" data-domestic=\"\(JSONValue.format(item.domestic[t]))\" data-allied=\"\(JSONValue.format(item.allied[t]))\">")
            var base = 0.0
            for entry in stack where entry.values[t] != 0 {
                let value = entry.values[t]
                let y = top + plot - (base + value) * scale
                let role = entry.id == home ? "domestic" : "allied"
                line("<rect class=\"segment \(role)\" data-country=\"\(htmlEscaped(entry.id))\" data-value=\"\(JSONValue.format(value))\" x=\"\(coordinate(barX))\" y=\"\(coordinate(y))\" width=\"\(coordinate(bar))\" height=\"\(coordinate(value * scale))\" fill=\"\(countryFill(entry.id))\"><title>\(label): \(formatQuantity(value)) from \(htmlEscaped(entry.id))</title></rect>")
                base += value
            }
            if showDomesticMarker, item.domestic[t] > 0 {
                let y = top + plot - item.domestic[t] * scale
                line("<circle class=\"domestic-content\" data-value=\"\(JSONValue.format(item.domestic[t]))\" cx=\"\(coordinate(barX + bar / 2))\" cy=\"\(coordinate(y))\" r=\"3.5\"><title>\(label): domestic content \(formatQuantity(item.domestic[t]))</title></circle>")
            }
            if item.demand[t] != 0 || item.delivered[t] != 0 {
                let y = top + plot - item.demand[t] * scale
                line("<line class=\"demand-halo\" x1=\"\(coordinate(barX - 5))\" x2=\"\(coordinate(barX + bar + 5))\" y1=\"\(coordinate(y))\" y2=\"\(coordinate(y))\"/>")
                line("<line class=\"demand\" data-value=\"\(JSONValue.format(item.demand[t]))\" x1=\"\(coordinate(barX - 5))\" x2=\"\(coordinate(barX + bar + 5))\" y1=\"\(coordinate(y))\" y2=\"\(coordinate(y))\"><title>\(label): demand \(formatQuantity(item.demand[t]))</title></line>")
                // The delivered total sits just above its bar, or above the demand line when that
                // would cross it, so it is never read as the demand.
                let barTop = top + plot - base * scale, demandY = top + plot - item.demand[t] * scale
                let labelY = (demandY < barTop && demandY > barTop - 16) || abs(demandY - barTop) < 1 ? demandY - 5 : barTop - 4
                line("<text class=\"value\" x=\"\(coordinate(barX + bar / 2))\" y=\"\(coordinate(labelY))\" text-anchor=\"middle\">\(formatQuantity(item.delivered[t]))</text>")
            }
            let labelX = x0 + column / 2, labelY = top + plot + 14
            if rotate {
                line("<text class=\"axis\" x=\"\(coordinate(labelX + 4))\" y=\"\(coordinate(labelY - 4))\" text-anchor=\"end\" transform=\"rotate(-45 \(coordinate(labelX + 4)) \(coordinate(labelY - 4)))\">\(label)</text>")
            } else {
                line("<text class=\"axis\" x=\"\(coordinate(labelX))\" y=\"\(coordinate(labelY))\" text-anchor=\"middle\">\(label)</text>")
            }
            line("</g>")
        }
        line("<line class=\"baseline\" x1=\"\(coordinate(left))\" x2=\"\(coordinate(width - right))\" y1=\"\(coordinate(top + plot))\" y2=\"\(coordinate(top + plot))\"/>")
        line("</svg>")
        line("</div>")
        // Legend: every country that delivers anything, plus demand (and domestic content).
        var legend: [String] = []
        for entry in stack where entry.values.contains(where: { $0 != 0 }) {
            legend.append("<li>\(swatch(fill: countryFill(entry.id))) \(htmlEscaped(entry.id))<span class=\"role\">\(roleText(entry.id))</span></li>")
        }
        legend.append("<li><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"swatch\" viewBox=\"0 0 16 12\" width=\"16\" height=\"12\" aria-hidden=\"true\"><line x1=\"0\" x2=\"16\" y1=\"6\" y2=\"6\" stroke=\"#000\" stroke-width=\"2.5\"/></svg> demand</li>")
        if showDomesticMarker {
            legend.append("<li><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"swatch\" viewBox=\"0 0 12 12\" width=\"12\" height=\"12\" aria-hidden=\"true\"><circle cx=\"6\" cy=\"6\" r=\"3.5\" fill=\"#FFF\" stroke=\"#000\" stroke-width=\"1.5\"/></svg> domestic content (co-production counts in part)</li>")
        }
        line("<ul class=\"legend\">\(legend.joined())</ul>")
        // The numbers behind the chart.
        var rows: [(String, String, [String])] = [
            ("demand", "", item.demand.map(formatQuantity)),
            ("delivered", "", item.delivered.map(formatQuantity)),
            ("domestic content", "sub", item.domestic.map(formatQuantity)),
            ("allied content", "sub", item.allied.map(formatQuantity)),
        ]
        for entry in stack where entry.values.contains(where: { $0 != 0 }) {
            rows.append(("from \(entry.id)\(roleText(entry.id))", "sub", entry.values.map(formatQuantity)))
        }
        if item.inventory.contains(where: { $0 != 0 }) { rows.append(("inventory", "", item.inventory.map(formatQuantity))) }
        if item.backlog.contains(where: { $0 != 0 }) { rows.append(("backlog", "", item.backlog.map(formatQuantity))) }
        rows.append(("domestic share", "", item.domesticShare.map { $0.map(formatShare) ?? "–" }))
        writePeriodTable(rows, caption: "\(htmlEscaped(capitalised(unitWord(item.unit, plural: true)))) of \(htmlEscaped(item.id)) per period")
        line("</figure>")
    }

    func swatch(fill: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"swatch\" viewBox=\"0 0 14 14\" width=\"14\" height=\"14\" aria-hidden=\"true\"><rect width=\"14\" height=\"14\" fill=\"\(fill)\" stroke=\"#333\" stroke-width=\"0.5\"/></svg>"
    }

    /// A table with one column per period; `rows` are (label, indent class, cells). Labels are escaped here.
    mutating func writePeriodTable(_ rows: [(String, String, [String])], caption: String) {
        line("<div class=\"scroll\"><table class=\"numbers\"><caption>\(caption)</caption>")
        line("<thead><tr><th scope=\"col\">period</th>\(plan.periods.map { "<th scope=\"col\">\(htmlEscaped($0))</th>" }.joined())</tr></thead><tbody>")
        for (label, indent, cells) in rows {
            let cls = indent.isEmpty ? "" : " class=\"\(indent)\""
            line("<tr><th scope=\"row\"\(cls)>\(htmlEscaped(label))</th>\(cells.map { "<td>\(htmlEscaped($0))</td>" }.joined())</tr>")
        }
        line("</tbody></table></div>")
    }

    // MARK: Onshoring

    mutating func writeOnshoring() {
        line("<section id=\"onshoring\">")
        line("<h2>Onshoring timeline</h2>")
        line("<p class=\"note\">One row per onshoring line: the facility build (from investment to ready), the period in which the technology transfer completes, and the periods in which the line takes orders (with the number of units).</p>")
        let column = 44.0, rowHeight = 30.0, top = 8.0
        let labelChars = min(28, plan.onshoring.map(\.source.count).max() ?? 8)
        let labelWidth = max(80, 7.0 * Double(labelChars) + 14)
        let bottom = 24.0
        let width = labelWidth + column * Double(T) + 10
        let height = top + rowHeight * Double(plan.onshoring.count) + bottom
        func x(_ period: String?) -> Double? { period.flatMap { plan.periods.firstIndex(of: $0) }.map { labelWidth + column * Double($0) } }
        line("<div class=\"scroll\">")
        line("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart gantt\" role=\"img\" aria-labelledby=\"gantt-title\" viewBox=\"0 0 \(coordinate(width)) \(coordinate(height))\" style=\"max-width:\(coordinate(width * 1.5))px;min-width:\(coordinate(width * 0.85))px\">")
        line("<title id=\"gantt-title\">Onshoring timeline per line</title>")
        for t in 0..<T {
            let x0 = labelWidth + column * Double(t)
            line("<line class=\"grid\" x1=\"\(coordinate(x0))\" x2=\"\(coordinate(x0))\" y1=\"\(coordinate(top))\" y2=\"\(coordinate(height - bottom))\"/>")
            line("<text class=\"axis\" x=\"\(coordinate(x0 + column / 2))\" y=\"\(coordinate(height - bottom + 15))\" text-anchor=\"middle\">\(htmlEscaped(plan.periods[t]))</text>")
        }
        for (r, timeline) in plan.onshoring.enumerated() {
            let y0 = top + rowHeight * Double(r)
            let source = plan.sources.first { $0.id == timeline.source }
            line("<g class=\"gantt-row\" data-source=\"\(htmlEscaped(timeline.source))\">")
            line("<text class=\"label\" x=\"\(coordinate(labelWidth - 8))\" y=\"\(coordinate(y0 + rowHeight / 2 + 4))\" text-anchor=\"end\">\(htmlEscaped(truncated(timeline.source, to: labelChars)))<title>\(htmlEscaped(timeline.source))</title></text>")
            if let start = x(timeline.facilityInvestment) {
                let end = x(timeline.facilityReady) ?? (labelWidth + column * Double(T))
                line("<rect class=\"facility\" data-from=\"\(htmlEscaped(timeline.facilityInvestment ?? ""))\" data-to=\"\(htmlEscaped(timeline.facilityReady ?? ""))\" x=\"\(coordinate(start + 2))\" y=\"\(coordinate(y0 + 6))\" width=\"\(coordinate(max(4, end - start - 4)))\" height=\"7\" fill=\"url(#fill-facility)\"><title>facility: invested \(htmlEscaped(timeline.facilityInvestment ?? "")), ready \(htmlEscaped(timeline.facilityReady ?? "after the horizon"))</title></rect>")
            }
            if let source {
                for t in 0..<T where source.orders[t] > 0 {
                    let x0 = labelWidth + column * Double(t)
                    line("<rect class=\"production\" data-period=\"\(htmlEscaped(plan.periods[t]))\" data-value=\"\(JSONValue.format(source.orders[t]))\" x=\"\(coordinate(x0 + 2))\" y=\"\(coordinate(y0 + 15))\" width=\"\(coordinate(column - 4))\" height=\"12\" fill=\"\(Palette.production)\"><title>\(htmlEscaped(plan.periods[t])): \(formatQuantity(source.orders[t])) ordered</title></rect>")
                    line("<text class=\"in-bar\" x=\"\(coordinate(x0 + column / 2))\" y=\"\(coordinate(y0 + 24.5))\" text-anchor=\"middle\">\(formatQuantity(source.orders[t]))</text>")
                }
            }
            if let x0 = x(timeline.transferComplete) {
                let cx = x0 + column / 2, cy = y0 + 9.5
                line("<path class=\"transfer\" data-period=\"\(htmlEscaped(timeline.transferComplete ?? ""))\" d=\"M\(coordinate(cx)),\(coordinate(cy - 6)) l6,6 l-6,6 l-6,-6 z\" fill=\"\(Palette.transfer)\" stroke=\"#000\" stroke-width=\"1\"><title>transfer complete \(htmlEscaped(timeline.transferComplete ?? ""))</title></path>")
            }
            line("</g>")
        }
        line("</svg>")
        line("</div>")
        line("<ul class=\"legend\"><li>\(swatch(fill: "url(#fill-facility)")) facility build (investment → ready)</li><li><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"swatch\" viewBox=\"0 0 14 14\" width=\"14\" height=\"14\" aria-hidden=\"true\"><path d=\"M7,1 l6,6 l-6,6 l-6,-6 z\" fill=\"\(Palette.transfer)\" stroke=\"#000\"/></svg> transfer complete</li><li>\(swatch(fill: Palette.production)) orders placed on the line (units)</li></ul>")
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

    // MARK: Utilisation

    mutating func writeUtilisation() {
        line("<section id=\"utilisation\">")
        line("<h2>Source utilisation</h2>")
        line("<p class=\"note\">Orders started (or units in work, for concurrent capacity) as a share of the capacity the line really had in that period: an onshoring line has none before it may work, then its ramp-up. Darker is fuller; – means no capacity in that period. Excluded sources are marked.</p>")
        let excludedIDs = Set(plan.excluded.map(\.source))
        for item in plan.items {
            let sources = plan.sources.filter { $0.item == item.id }
            guard !sources.isEmpty else { continue }
            let column = 44.0, rowHeight = 22.0, top = 6.0, bottom = 22.0
            let labels = sources.map { "\($0.id) (\($0.country))" }
            let labelChars = min(32, labels.map(\.count).max() ?? 10)
            let labelWidth = max(90, 6.6 * Double(labelChars) + 16)
            let width = labelWidth + column * Double(T) + 10
            let height = top + rowHeight * Double(sources.count) + bottom
            let titleID = "heat-\(plan.items.firstIndex { $0.id == item.id } ?? 0)-title"
            line("<figure class=\"chart\">")
            line("<h3>\(htmlEscaped(item.id))\(item.name.map { " <span class=\"role\">\(htmlEscaped($0))</span>" } ?? "")</h3>")
            line("<div class=\"scroll\">")
            line("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart heatmap\" role=\"img\" aria-labelledby=\"\(titleID)\" viewBox=\"0 0 \(coordinate(width)) \(coordinate(height))\" style=\"max-width:\(coordinate(width * 1.5))px;min-width:\(coordinate(width * 0.85))px\" data-item=\"\(htmlEscaped(item.id))\">")
            line("<title id=\"\(titleID)\">Utilisation of the sources of \(htmlEscaped(item.id)) by period</title>")
            for (r, source) in sources.enumerated() {
                let y0 = top + rowHeight * Double(r)
                let excluded = excludedIDs.contains(source.id)
                line("<g class=\"heat-row\" data-source=\"\(htmlEscaped(source.id))\">")
                let label = truncated(labels[r], to: labelChars) + (excluded ? " ✕" : "")
                let named = labels[r] + (source.name.map { ": \($0)" } ?? "")
                line("<text class=\"label\(excluded ? " excluded" : "")\" x=\"\(coordinate(labelWidth - 8))\" y=\"\(coordinate(y0 + rowHeight / 2 + 4))\" text-anchor=\"end\">\(htmlEscaped(label))<title>\(htmlEscaped(named))\(excluded ? " — excluded" : "")</title></text>")
                let utilisation = plan.utilisationInForce(of: source)
                for t in 0..<T {
                    let x0 = labelWidth + column * Double(t)
                    let value = utilisation[t]
                    let fill: String, text: String, dark: Bool
                    if let value {
                        // 0 → lightest; (0, 20%] → 1, …, (80%, 100%] → 5.
                        let step = value <= 0 ? 0 : min(5, max(1, Int((min(value, 1) * 5).rounded(.up))))
                        fill = Palette.ramp[step]
                        text = formatPercent(value)
                        dark = step >= 4
                    } else {
                        fill = "url(#fill-none)"
                        text = "–"
                        dark = false
                    }
                    let dataValue = value.map(JSONValue.format) ?? "null"
                    line("<rect class=\"cell\" data-period=\"\(htmlEscaped(plan.periods[t]))\" data-value=\"\(dataValue)\" x=\"\(coordinate(x0 + 1))\" y=\"\(coordinate(y0 + 1))\" width=\"\(coordinate(column - 2))\" height=\"\(coordinate(rowHeight - 2))\" fill=\"\(fill)\"><title>\(htmlEscaped(source.id)), \(htmlEscaped(plan.periods[t])): \(value.map(formatShare) ?? "no capacity")</title></rect>")
                    line("<text class=\"cell-text\(dark ? " on-dark" : "")\" x=\"\(coordinate(x0 + column / 2))\" y=\"\(coordinate(y0 + rowHeight / 2 + 3.5))\" text-anchor=\"middle\">\(htmlEscaped(text))</text>")
                }
                line("</g>")
            }
            for t in 0..<T {
                let x0 = labelWidth + column * Double(t)
                line("<text class=\"axis\" x=\"\(coordinate(x0 + column / 2))\" y=\"\(coordinate(height - bottom + 15))\" text-anchor=\"middle\">\(htmlEscaped(plan.periods[t]))</text>")
            }
            line("</svg>")
            line("</div>")
            line("</figure>")
        }
        var scale: [String] = []
        for (index, colour) in Palette.ramp.enumerated() {
            let range = index == 0 ? "0%" : "≤\(formatPercent(Double(index) / 5))"
            scale.append("<li>\(swatch(fill: colour)) \(range)</li>")
        }
        scale.append("<li>\(swatch(fill: "url(#fill-none)")) no capacity</li>")
        line("<ul class=\"legend\">\(scale.joined())</ul>")
        line("</section>")
    }

    // MARK: Costs

    mutating func writeCosts() {
        line("<section id=\"costs\">")
        line("<h2>Costs</h2>")
        line("<p class=\"note\">\(plan.currency.map { "In \(htmlEscaped($0)). " } ?? "")\(plan.isDiscounted ? "Discounted as in the objective; t" : "T")he parts sum to the total.</p>")
        let parts = plan.costs.entries.filter { $0.1 != 0 }
        let total = plan.costs.total
        let labelWidth = 100.0, barSpace = 340.0, valueWidth = 110.0, rowHeight = 24.0
        let width = labelWidth + barSpace + valueWidth
        let height = rowHeight * Double(max(parts.count, 1)) + 6
        let largest = parts.map(\.1).max() ?? 1
        if !parts.isEmpty {
            line("<div class=\"scroll\">")
            line("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart costs\" role=\"img\" aria-labelledby=\"costs-title\" viewBox=\"0 0 \(coordinate(width)) \(coordinate(height))\" style=\"max-width:\(coordinate(width * 1.3))px;min-width:\(coordinate(width * 0.65))px\" data-scale=\"\(JSONValue.format(barSpace / largest))\">")
            line("<title id=\"costs-title\">Cost by kind</title>")
            for (r, (kind, amount)) in parts.enumerated() {
                let y0 = 3 + rowHeight * Double(r)
                line("<text class=\"label\" x=\"\(coordinate(labelWidth - 8))\" y=\"\(coordinate(y0 + rowHeight / 2 + 4))\" text-anchor=\"end\">\(kind)</text>")
                line("<rect class=\"cost\" data-kind=\"\(kind)\" data-value=\"\(JSONValue.format(amount))\" x=\"\(coordinate(labelWidth))\" y=\"\(coordinate(y0 + 3))\" width=\"\(coordinate(max(0, amount) / largest * barSpace))\" height=\"\(coordinate(rowHeight - 6))\" fill=\"\(Palette.domestic)\"/>")
                line("<text class=\"value\" x=\"\(coordinate(labelWidth + max(0, amount) / largest * barSpace + 6))\" y=\"\(coordinate(y0 + rowHeight / 2 + 4))\">\(formatMoney(amount))</text>")
            }
            line("</svg>")
            line("</div>")
        }
        line("<div class=\"scroll\"><table class=\"numbers narrow\"><caption>Cost by kind</caption><thead><tr><th scope=\"col\">kind</th><th scope=\"col\">amount</th><th scope=\"col\">share</th></tr></thead><tbody>")
        for (kind, amount) in parts {
            line("<tr><th scope=\"row\">\(kind)</th><td>\(formatMoney(amount))</td><td>\(total > 0 ? (amount / total < 0.0005 ? "&lt;0.1%" : formatShare(amount / total)) : "–")</td></tr>")
        }
        line("<tr class=\"total\"><th scope=\"row\">total</th><td>\(formatMoney(total))</td><td>\(total > 0 ? "100%" : "–")</td></tr>")
        line("</tbody></table></div>")
        line("</section>")
    }

    // MARK: Redundancy, excluded sources, no plan

    mutating func writeRedundancy() {
        line("<section id=\"redundancy\">")
        line("<h2>Redundancy</h2>")
        line("<p class=\"note\">How concentrated supply is over the horizon. Shares are of delivered units; HHI is the sum of squared shares (1 = a single supplier). <em>Worst country loss covered</em> is the least share of a period’s demand still met if the worst single country dropped out.</p>")
        line("<div class=\"scroll\"><table class=\"numbers\"><caption>Redundancy per item</caption><thead><tr><th scope=\"col\">item</th><th scope=\"col\">sources used</th><th scope=\"col\">countries used</th><th scope=\"col\">largest source</th><th scope=\"col\">largest ally</th><th scope=\"col\">HHI sources</th><th scope=\"col\">HHI countries</th><th scope=\"col\">worst country loss covered</th></tr></thead><tbody>")
        for item in plan.items {
            let r = item.redundancy
            func share(_ value: Double?) -> String { value.map(formatShare) ?? "–" }
            func index(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "–" }
            line("<tr data-item=\"\(htmlEscaped(item.id))\"><th scope=\"row\">\(htmlEscaped(item.id))</th><td>\(r.sourcesUsed)</td><td>\(r.countriesUsed)</td><td>\(share(r.largestSourceShare))</td><td>\(share(r.largestAllyShare))</td><td>\(index(r.hhiSources))</td><td>\(index(r.hhiCountries))</td><td>\(share(r.worstCountryLossCovered))</td></tr>")
        }
        line("</tbody></table></div>")
        line("</section>")
    }

    mutating func writeExcluded() {
        guard !plan.excluded.isEmpty else { return }
        line("<section id=\"excluded\">")
        line("<h2>Excluded sources</h2>")
        line("<p class=\"note\">Sources that may take no orders, with every reason that applies.</p>")
        line("<div class=\"scroll\"><table class=\"list\"><caption>Excluded sources</caption><thead><tr><th scope=\"col\">source</th><th scope=\"col\">name</th><th scope=\"col\">country</th><th scope=\"col\">item</th><th scope=\"col\">reasons</th></tr></thead><tbody>")
        for entry in plan.excluded {
            let source = plan.sources.first { $0.id == entry.source }
            let reasons = entry.reasons.map(ReportPage.reasonWords).joined(separator: "; ")
            line("<tr data-source=\"\(htmlEscaped(entry.source))\"><th scope=\"row\">\(htmlEscaped(entry.source))</th><td>\(htmlEscaped(source?.name ?? ""))</td><td>\(htmlEscaped(source?.country ?? ""))</td><td>\(htmlEscaped(source?.item ?? ""))</td><td>\(htmlEscaped(reasons))</td></tr>")
        }
        line("</tbody></table></div>")
        line("</section>")
    }

    static func reasonWords(_ reason: String) -> String {
        switch reason {
        case "embargo": "embargo on the country"
        case "exportControl": "export control: not approved for this item's category"
        case "ipProtection": "IP protection below the item's minimum"
        case "screeningDenied": "investment screening denied"
        case "screeningPending": "investment screening pending"
        default: reason
        }
    }

    mutating func writeNoPlan() {
        line("<section id=\"no-plan\">")
        line("<h2>Why there is no plan</h2>")
        if let diagnosis = plan.diagnosis, !diagnosis.isEmpty {
            line("<p>With the least total violation, these rules cannot be met:</p>")
            line("<ul class=\"diagnosis\">")
            for entry in diagnosis { line("<li>\(htmlEscaped(entry.message))</li>") }
            line("</ul>")
        } else {
            line("<p>\(htmlEscaped(statusWords)).</p>")
        }
        line("</section>")
    }

    mutating func writeFooter() {
        let s = plan.solver
        line("<footer><p>Scenario SHA-256 <code>\(htmlEscaped(plan.scenario.sha256))</code>. Model: \(s.rows) rows, \(s.columns) columns (\(s.integerColumns) integer), \(s.nonzeros) nonzeros; GLPK \(htmlEscaped(s.glpkVersion)). Made by \(htmlEscaped(plan.tool.name)) \(htmlEscaped(plan.tool.version)).</p></footer>")
    }

    // MARK: Axis

    /// Horizontal grid lines with their values on the left, from 0 to `axisMax` every `step`.
    mutating func writeValueGrid(
        from left: Double, to right: Double, baseline: Double, scale: Double, axisMax: Double, step: Double,
        label: (Double) -> String
    ) {
        var tick = 0.0
        while tick <= axisMax + 1e-9 {
            let y = baseline - tick * scale
            line("<line class=\"grid\" x1=\"\(coordinate(left))\" x2=\"\(coordinate(right))\" y1=\"\(coordinate(y))\" y2=\"\(coordinate(y))\"/>")
            line("<text class=\"axis\" x=\"\(coordinate(left - 6))\" y=\"\(coordinate(y + 3.5))\" text-anchor=\"end\">\(label(tick))</text>")
            tick += step
        }
    }

    /// A round axis maximum ≥ peak and a step that divides it into 4–6 intervals.
    func niceAxis(_ peak: Double) -> (max: Double, step: Double) {
        guard peak > 0 else { return (1, 1) }
        let rough = peak / 5
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        let top = (peak / step).rounded(.up) * step
        return (top, step)
    }

    // MARK: Style

    static let css = """

    :root { color-scheme: light; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #222; background: #fff; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    main { max-width: 980px; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
    h1 { font-size: 1.6rem; margin: 0.5rem 0; line-height: 1.2; overflow-wrap: anywhere; }
    h2 { font-size: 1.25rem; margin: 2rem 0 0.5rem; padding-bottom: 0.2rem; border-bottom: 2px solid #0072B2; }
    h3 { font-size: 1.05rem; margin: 1.25rem 0 0.25rem; overflow-wrap: anywhere; }
    p.lead { font-size: 1.05rem; }
    .status-optimal { color: #005A8C; font-weight: 600; }
    .status-feasible { color: #8A5A00; font-weight: 600; }
    .status-infeasible, .status-timeLimit, .status-error, .status-unbounded { color: #A03800; font-weight: 600; }
    .note { color: #444; font-size: 0.92rem; max-width: 46rem; }
    nav ul { list-style: none; padding: 0; margin: 0.5rem 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
    nav a { color: #005A8C; }
    figure { margin: 0 0 1.5rem; break-inside: avoid; page-break-inside: avoid; }
    .scroll { overflow-x: auto; max-width: 100%; }
    svg.chart { display: block; width: 100%; height: auto; }
    svg.defs { position: absolute; width: 0; height: 0; overflow: hidden; }
    svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: #222; }
    svg .axis { font-size: 10.5px; fill: #444; }
    svg .value { font-size: 10.5px; font-weight: 600; }
    svg .label { font-size: 11px; }
    svg .label.excluded { fill: #777; font-style: italic; }
    svg .in-bar { font-size: 10px; fill: #fff; font-weight: 600; }
    svg .cell-text { font-size: 10px; }
    svg .cell-text.on-dark { fill: #fff; }
    svg .grid { stroke: #D8D8D8; stroke-width: 0.8; }
    svg .baseline { stroke: #222; stroke-width: 1; }
    svg .segment { stroke: #fff; stroke-width: 0.6; }
    svg .demand { stroke: #000; stroke-width: 2.5; }
    svg .demand-halo { stroke: #fff; stroke-width: 5; }
    svg .domestic-content { fill: #fff; stroke: #000; stroke-width: 1.5; }
    ul.legend { list-style: none; padding: 0; margin: 0.35rem 0 0.5rem; display: flex; flex-wrap: wrap; gap: 0.2rem 1.1rem; font-size: 0.9rem; }
    ul.legend li { display: flex; align-items: center; gap: 0.35rem; }
    ul.legend .role { color: #555; }
    svg.swatch { flex: none; }
    table { border-collapse: collapse; margin: 0.5rem 0; font-size: 0.88rem; font-variant-numeric: tabular-nums; }
    caption { text-align: left; font-size: 0.85rem; color: #555; padding-bottom: 0.2rem; }
    th, td { padding: 0.2rem 0.5rem; border-bottom: 1px solid #E2E2E2; }
    table.numbers td { text-align: right; }
    table.numbers thead th { text-align: right; }
    table.numbers thead th:first-child { text-align: left; }
    th[scope=row] { text-align: left; font-weight: 500; white-space: nowrap; }
    th.sub { padding-left: 1.2rem; font-weight: 400; }
    th.subsub { padding-left: 2.2rem; font-weight: 400; color: #444; }
    tr.total th, tr.total td { font-weight: 700; border-top: 2px solid #888; }
    table.list td, table.list th { text-align: left; vertical-align: top; }
    ul.timeline { padding-left: 1.2rem; font-size: 0.92rem; }
    section.analysis pre { white-space: pre-wrap; font-size: 0.85rem; }
    section.analysis > h3 { margin-top: 2rem; }
    .note.warning { color: #A03800; }
    th.path { white-space: normal; overflow-wrap: break-word; min-width: 10rem; }
    tr.no-plan td, td.no-plan { color: #A03800; }
    tr.sub th, tr.sub td { color: #444; font-size: 0.85rem; }
    details.table { margin: 0.5rem 0; }
    details.table summary { cursor: pointer; color: #005A8C; font-size: 0.92rem; }
    ul.diagnosis { font-size: 0.9rem; }
    footer { margin-top: 2.5rem; color: #555; font-size: 0.85rem; border-top: 1px solid #DDD; }
    code { overflow-wrap: anywhere; }
    @media (max-width: 600px) {
      body { font-size: 14px; }
      main { padding: 0.6rem 0.7rem 2rem; }
      h1 { font-size: 1.3rem; }
      th, td { padding: 0.15rem 0.35rem; }
    }
    @media print {
      body { font-size: 11pt; }
      main { max-width: none; padding: 0; }
      nav { display: none; }
      .scroll { overflow: visible; }
      h2 { break-after: avoid; page-break-after: avoid; }
      section { break-inside: auto; }
      a { color: inherit; text-decoration: none; }
    }

    """
}
