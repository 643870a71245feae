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
        guard let text = Self.kindText(of: json), let kind = AnalysisKind(rawValue: text) else { return nil }
        self.kind = kind
        self.label = label
        self.json = json
    }

    /// The `"kind"` string of any JSON document, for messages about documents the report skips.
    public static func kindText(of json: JSONValue) -> String? {
        if case .string(let text)? = json[AnalysisHeaderKey.kind.rawValue] { return text }
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

    mutating func line(_ text: String) {
        out += text
        out += "\n"
    }

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
            if hasComponentDraws { writeComponents() }
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
            status +=
                " · total cost <strong data-objective=\"\(JSONValue.format(objective))\">\(formatMoney(objective))\(htmlEscaped(plan.moneySuffix))</strong>\(plan.isDiscounted ? " (discounted)" : "")"
        }
        if let gap = plan.mipGap, plan.status.hasPlan { status += " · MIP gap \(formatShare(gap))" }
        line("<p class=\"lead\">\(status)</p>")
        if plan.status.hasPlan {
            var summary: [String] = []
            for item in plan.items {
                let delivered = item.delivered.reduce(0, +)
                let domestic = item.domestic.reduce(0, +)
                var text =
                    "<strong>\(htmlEscaped(item.id))</strong>\(item.name.map { " (\(htmlEscaped($0)))" } ?? ""): \(htmlEscaped(formatUnits(delivered, item.unit))) of \(formatQuantity(item.demand.reduce(0, +))) delivered"
                if delivered > 0 { text += ", \(formatShare(domestic / delivered)) domestic" }
                summary.append(text)
            }
            line("<p>\(summary.joined(separator: "; ")).</p>")
        }
        line("<nav aria-label=\"Contents\"><ul>")
        if plan.status.hasPlan {
            line("<li><a href=\"#deliveries\">Deliveries</a></li>")
            if !plan.onshoring.isEmpty { line("<li><a href=\"#onshoring\">Onshoring timeline</a></li>") }
            if hasComponentDraws { line("<li><a href=\"#components\">Components</a></li>") }
            line("<li><a href=\"#utilisation\">Source utilisation</a></li>")
            line("<li><a href=\"#costs\">Costs</a></li>")
            if plan.spending.count == T {
                line("<li><a href=\"#spending\">Spending\(plan.budget == nil ? "" : " and budget")</a></li>")
            }
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
        line(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\" focusable=\"false\"><defs>"
        )
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
                tile +=
                    "<path d=\"\(pattern)\" stroke=\"#000\" stroke-opacity=\"0.55\" stroke-width=\"1.3\" stroke-linecap=\"round\" fill=\"none\"/>"
            }
            line(tile + "</pattern>")
        }
        line(
            "<pattern id=\"fill-facility\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\"><rect width=\"6\" height=\"6\" fill=\"\(Palette.facility)\"/><path d=\"\(Palette.allies[0].pattern!)\" stroke=\"#000\" stroke-opacity=\"0.55\" stroke-width=\"1.3\" fill=\"none\"/></pattern>"
        )
        line(
            "<pattern id=\"fill-none\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\"><rect width=\"6\" height=\"6\" fill=\"#EEEEEE\"/><path d=\"M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2\" stroke=\"#999\" stroke-width=\"0.8\" fill=\"none\"/></pattern>"
        )
        line("</defs></svg>")
    }
}
