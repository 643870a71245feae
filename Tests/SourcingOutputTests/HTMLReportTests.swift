import Foundation
import SourcingModel
import TestSupport
import Testing

@testable import SourcingOutput

@Suite struct HTMLReportTests {
    @Test(arguments: ExampleModels.names)
    func theReportIsWellFormedAndEverySVGParses(model: String) throws {
        let html = HTMLReport(plan: try ExampleModels.plan(model)).html
        #expect(ElementCollector.parse(html) != nil, "the page must parse as XML (XHTML syntax)")
        let svgs = svgFragments(html)
        #expect(!svgs.isEmpty)
        for svg in svgs { #expect(ElementCollector.parse(svg) != nil, "\(svg.prefix(120))") }
        // Self-contained: no scripts, nothing fetched from the network.
        #expect(!html.contains("<script"))
        #expect(
            !html.contains("http://")
                || !html.replacingOccurrences(of: "http://www.w3.org/", with: "").contains("http://"))
        #expect(!html.contains("https://"))
        #expect(!html.contains("@import") && !html.contains("@font-face"))
    }

    /// Control characters in names (XML 1.0 forbids most of them) are shown as escapes: the
    /// page still parses and no control character is in it.
    @Test func controlCharactersInNamesAreShownEscaped() throws {
        var plan = try ExampleModels.plan("aesa-radar-modules")
        plan.scenario.name = "AESA\u{1b}[31m \u{0}\u{85} radar"
        let html = HTMLReport(plan: plan).html
        #expect(ElementCollector.parse(html) != nil)
        #expect(
            !html.unicodeScalars.contains {
                $0.value < 0x20 && $0 != "\n" && $0 != "\t" || (0x7F...0x9F).contains($0.value)
            })
        #expect(html.contains("AESA\\u{1b}[31m \\u{0}\\u{85} radar"))
        #expect(htmlEscaped("a<b>\u{7}&\"'") == "a&lt;b&gt;\\u{7}&amp;&quot;&#39;")
    }

    @Test(arguments: ExampleModels.names)
    func oneDeliveryChartPerItemWithBarsThatMatchThePlan(model: String) throws {
        let plan = try ExampleModels.plan(model)
        let page = try #require(ElementCollector.parse(HTMLReport(plan: plan).html))
        let charts = page.all("svg") { $0.attributes["class"] == "chart deliveries" }
        #expect(charts.map { $0.attributes["data-item"] } == plan.items.map(\.id))

        for item in plan.items {
            // Each chart's own elements: parse it alone.
            let html = HTMLReport(plan: plan).html
            let svg = try #require(
                svgFragments(html).first { $0.contains("data-item=\"\(item.id)\"") && $0.contains("deliveries") })
            let chart = try #require(ElementCollector.parse(svg))
            let root = try #require(chart.elements.first)
            let scale = try #require(Double(root.attributes["data-scale"] ?? ""))
            let baseline = try #require(Double(root.attributes["data-baseline"] ?? ""))
            let groups = chart.all("g") { $0.attributes["class"] == "period" }
            #expect(groups.map { $0.attributes["data-period"] } == plan.periods)
            // Walk the chart in order: segments belong to the period group before them.
            var period = -1
            var stackedTop = baseline
            var sums = Array(repeating: 0.0, count: plan.periods.count)
            for element in chart.elements {
                if element.name == "g", element.attributes["class"] == "period" {
                    period += 1
                    stackedTop = baseline
                    continue
                }
                if element.name == "rect", element.attributes["class"]?.hasPrefix("segment") == true {
                    let value = try #require(Double(element.attributes["data-value"] ?? ""))
                    let height = try #require(Double(element.attributes["height"] ?? ""))
                    let y = try #require(Double(element.attributes["y"] ?? ""))
                    let country = try #require(element.attributes["data-country"])
                    #expect(abs(height - value * scale) <= 0.006, "bar height is value × scale")
                    #expect(abs((y + height) - stackedTop) <= 0.011, "segments stack without gaps")
                    stackedTop = y
                    let expected = try #require(item.byCountry.first { $0.id == country }).values[period]
                    #expect(value == expected)
                    sums[period] += value
                }
                if element.name == "line", element.attributes["class"] == "demand" {
                    #expect(Double(element.attributes["data-value"] ?? "") == item.demand[period])
                    let y = try #require(Double(element.attributes["y1"] ?? ""))
                    #expect(abs((baseline - y) - item.demand[period] * scale) <= 0.011)
                }
            }
            for t in plan.periods.indices { #expect(abs(sums[t] - item.delivered[t]) <= 1e-9) }
            for (t, group) in groups.enumerated() {
                #expect(Double(group.attributes["data-delivered"] ?? "") == item.delivered[t])
                #expect(Double(group.attributes["data-domestic"] ?? "") == item.domestic[t])
            }
        }
    }

    @Test func sectionsCoverOnshoringUtilisationCostsRedundancyAndExclusions() throws {
        let plan = try ExampleModels.plan("arctic-security-cutter")
        let page = try #require(ElementCollector.parse(HTMLReport(plan: plan).html))
        let rows = page.all("g") { $0.attributes["class"] == "gantt-row" }
        #expect(rows.map { $0.attributes["data-source"] } == plan.onshoring.map(\.source))
        let production = page.all("rect") { $0.attributes["class"] == "production" }
        let onshoringUnits = plan.onshoring.map(\.unitsHome).reduce(0, +)
        #expect(production.compactMap { Double($0.attributes["data-value"] ?? "") }.reduce(0, +) == onshoringUnits)
        let cells = page.all("rect") { $0.attributes["class"] == "cell" }
        #expect(cells.count == plan.sources.count * plan.periods.count)
        let costs = page.all("rect") { $0.attributes["class"] == "cost" }
        #expect(
            abs(costs.compactMap { Double($0.attributes["data-value"] ?? "") }.reduce(0, +) - (plan.objective ?? 0))
                <= 1e-6)
        #expect(page.all("section").contains { $0.attributes["id"] == "redundancy" })

        let aesa = try ExampleModels.plan("aesa-radar-modules")
        let excludedRows = try #require(ElementCollector.parse(HTMLReport(plan: aesa).html)).all("tr") {
            $0.attributes["data-source"] != nil
        }
        #expect(excludedRows.map { $0.attributes["data-source"] } == aesa.excluded.map(\.source))
    }

    @Test func namesFromTheScenarioAreEscaped() throws {
        var plan = try ExampleModels.plan("arctic-security-cutter")
        let hostile = "<script>alert('x')</script> & \"q\""
        plan.scenario.name = hostile
        plan.items[0].id = hostile
        plan.periods[0] = "<b>FY26</b>"
        plan.items[0].byCountry[0].id = "<img src=x>"
        plan.sources[0].id = "</svg><script>"
        for index in plan.sources.indices { plan.sources[index].item = hostile }
        plan.onshoring[0].source = "</text>&amp;"
        plan.excluded = [ExcludedSource(source: "<script>", reasons: ["embargo"])]
        let html = HTMLReport(plan: plan).html
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"))
        let page = try #require(ElementCollector.parse(html))
        #expect(page.all("h1").first?.text == hostile)
        #expect(
            page.all("svg") { $0.attributes["class"] == "chart deliveries" }.first?.attributes["data-item"] == hostile)
        for svg in svgFragments(html) { #expect(ElementCollector.parse(svg) != nil) }
    }

    @Test func theSamePlanGivesTheSameBytes() throws {
        let plan = try ExampleModels.plan("rare-earth-magnets")
        #expect(HTMLReport(plan: plan).html == HTMLReport(plan: try Plan(jsonText: plan.jsonText())).html)
    }

    @Test func analysisDocumentsAreRecognisedByKind() throws {
        let plan = try ExampleModels.plan("arctic-security-cutter")
        let sweep = try JSONValue(
            parsing: """
                {"kind": "sweep", "scenario": {"name": "x", "sha256": "0"}, "parameters": [{"path": "sources.rauma-yard.unitCost", "values": "1:3"}],
                 "points": [{"index": 0, "values": {"sources.rauma-yard.unitCost": 1}, "status": "optimal", "objective": 10},
                            {"index": 1, "values": {"sources.rauma-yard.unitCost": 2}, "status": "optimal", "objective": 12},
                            {"index": 2, "values": {"sources.rauma-yard.unitCost": 3}, "status": "infeasible", "objective": null}]}
                """)
        let tornado = try JSONValue(
            parsing: """
                {"kind": "tornado", "baseObjective": 100, "bars": [{"path": "a<b", "baseValue": 1,
                 "low": {"value": 0.9, "status": "optimal", "objective": 95}, "high": {"value": 1.1, "status": "optimal", "objective": 108}, "swing": 13}]}
                """)
        let frontier = try JSONValue(
            parsing:
                #"{"kind": "frontier", "item": "asc-hull", "points": [{"domesticShare": 0.2, "status": "optimal", "objective": 5}, {"domesticShare": 0.5, "status": "optimal", "objective": 7}]}"#
        )
        let stress = try JSONValue(parsing: #"{"kind": "stress", "format": "not fixed"}"#)
        let unknown = try JSONValue(parsing: #"{"kind": "gizmo"}"#)
        #expect(AnalysisDocument(json: unknown, label: "u.json") == nil)
        #expect(AnalysisDocument.kindText(of: unknown) == "gizmo")
        let documents = [(sweep, "s.json"), (tornado, "t.json"), (frontier, "f.json"), (stress, "x.json")].compactMap {
            AnalysisDocument(json: $0.0, label: $0.1)
        }
        #expect(documents.map(\.kind) == [.sweep, .tornado, .frontier, .stress])
        let (html, notes) = HTMLReport(plan: plan, analyses: documents).render()
        #expect(notes.count == 1 && notes[0].hasPrefix("x.json: stress document not drawn"))
        let page = try #require(ElementCollector.parse(html))
        #expect(
            page.all("section") { $0.attributes["class"] == "analysis" }.map { $0.attributes["data-kind"] } == [
                "sweep", "tornado", "frontier", "stress",
            ])
        // 2 sweep points with a plan + 2 frontier points.
        #expect(page.all("circle") { $0.attributes["class"] == "point" }.count == 4)
        #expect(
            page.all("rect") { $0.attributes["class"]?.hasPrefix("tornado-") == true }.compactMap {
                $0.attributes["data-value"]
            } == ["95", "108"])
    }
}
