import Foundation
import SourcingAnalysis
import SourcingModel
import SourcingScenario
import TestSupport
import Testing

@testable import SourcingOutput

// The report's analysis drawers against real documents: each analysis is run with the library
// on a small scenario, serialised and read back as the CLI does (`json.serialized()`, then
// `JSONValue(parsing:)` in `report`), drawn, and every chart parsed as XML; the numbers in the
// charts' data-* attributes must be the documents' numbers, and the geometry must follow them.

/// A small scenario with a case of every kind: infeasible sweep points, a tornado side without
/// a plan, unreachable domestic shares, and stress tests with and without shortfalls.
/// Demand 10 a period from stock 12; home 3 a period at 20, the ally yard 6 at 10, a second ally
/// yard (long name, for the label cut) 3 at 12 with a period's lead time.
enum Case {
    static let longSource = "a-very-long-allied-shipyard-name-for-the-label-test"

    static func scenario() -> Scenario {
        Scenario(
            name: "three suppliers & <friends>", periods: ["P1", "P2", "P3", "P4"],
            countries: [Country(id: "US", domestic: true), Country(id: "FI", exportApproved: ["*"], ipProtection: 1)],
            items: [Item(id: "widget", category: "c", demand: [10, 10, 10, 10], initialInventory: 12, holdingCost: 6)],
            sources: [
                Source(
                    id: "home", country: "US", item: "widget", unitCost: [20, 20, 20, 20], capacity: [3, 3, 3, 3],
                    domesticContent: 1),
                Source(
                    id: "a", country: "FI", item: "widget", unitCost: [10, 10, 10, 10], capacity: [6, 6, 6, 6],
                    domesticContent: 0),
                Source(
                    id: longSource, country: "FI", item: "widget", unitCost: [12, 12, 12, 12], capacity: [3, 3, 3, 3],
                    leadTime: 1, domesticContent: 0),
            ])
    }

    static func base() throws -> AnalysisBase {
        try AnalysisBase(
            scenario: scenario(), identity: ScenarioIdentity(name: "three suppliers & <friends>", sha256: "abc"),
            options: PlanOptions())
    }

    /// A document as the report reads it from the file the CLI writes.
    static func document(_ json: JSONValue, _ label: String) throws -> AnalysisDocument {
        try #require(AnalysisDocument(json: try JSONValue(parsing: json.serialized()), label: label))
    }

    static func sweep(_ base: AnalysisBase, _ vary: [String]) throws -> JSONValue {
        let sweep = try Sweep(base: base, vary: vary)
        return SweepDocument(sweep: sweep, shard: nil, points: sweep.run(jobs: 1).map { $0! }).json
    }

    static func tornado(_ base: AnalysisBase) throws -> JSONValue {
        let paths = [
            "items[widget].demand", "sources[a].unitCost", "sources[\(longSource)].unitCost", "sources[home].capacity",
            "items[widget].holdingCost",
        ]
        let tornado = try Tornado(
            base: base, share: 0.5, paths: try paths.map { try ParameterPath($0, in: base.scenario) })
        return tornadoJSON(tornado.run(jobs: 1), base: base, share: 0.5)
    }

    static func frontier(_ base: AnalysisBase) throws -> JSONValue {
        let frontier = try Frontier(base: base, item: "widget", shares: try Frontier.shares(parsing: "0..1:5"))
        return frontierJSON(frontier.run(jobs: 1), base: base, item: "widget")
    }

    static func stress(_ base: AnalysisBase, by: StressTarget) throws -> JSONValue {
        let test = try StressTest(
            base: base, by: by, from: base.scenario.periods.first, duration: base.scenario.periodCount)
        return stressJSON(test.run(jobs: 1), test: test)
    }

    /// The report of the base plan with every analysis kind, and its notes.
    static func report() throws -> (documents: [AnalysisDocument], html: String, notes: [String]) {
        let base = try base()
        let documents = [
            try document(try sweep(base, ["sources[a].capacity=x0..x1:3"]), "sweep1.json"),
            try document(
                try sweep(base, ["sources[a].capacity=x0,x0.5,x1", "sources[home].unitCost=10,20,30,40"]), "sweep2.json"
            ),
            try document(try tornado(base), "tornado.json"),
            try document(try frontier(base), "frontier.json"),
            try document(try stress(base, by: .source), "stress-source.json"),
            try document(try stress(base, by: .country), "stress-country.json"),
        ]
        let (html, notes) = HTMLReport(plan: base.plan, analyses: documents).render()
        return (documents, html, notes)
    }
}

private func number(_ value: JSONValue?) -> Double? {
    if case .number(let v)? = value { return v }
    return nil
}

private func string(_ value: JSONValue?) -> String? {
    if case .string(let s)? = value { return s }
    return nil
}

private func array(_ value: JSONValue?) -> [JSONValue] {
    if case .array(let a)? = value { return a }
    return []
}

/// A data-* attribute as a number; nil for "null" or missing.
private func attribute(_ element: ElementCollector.Element, _ name: String) -> Double? {
    element.attributes[name].flatMap(Double.init)
}

/// The one chart whose root has this `aria-labelledby`, parsed alone.
private func chart(_ html: String, id: String) throws -> ElementCollector {
    let svg = try #require(
        svgFragments(html).first { $0.contains("aria-labelledby=\"\(id)-title\"") }, "no chart \(id)")
    return try #require(ElementCollector.parse(svg), "chart \(id) is not well-formed XML")
}

@Suite struct HTMLAnalysesTests {
    @Test func everyKindIsDrawnAndEveryChartParses() throws {
        let (documents, html, notes) = try Case.report()
        #expect(notes.isEmpty, "\(notes)")
        #expect(!html.contains("Not drawn"))
        let page = try #require(ElementCollector.parse(html), "the page must parse as XML")
        let sections = page.all("section") { $0.attributes["class"] == "analysis" }
        #expect(sections.map { $0.attributes["data-kind"] } == documents.map { $0.kind.rawValue })
        #expect(Set(documents.map(\.kind)) == Set(AnalysisKind.allCases))
        for svg in svgFragments(html) { #expect(ElementCollector.parse(svg) != nil, "\(svg.prefix(160))") }
        // The scenario name is escaped in the headings.
        #expect(html.contains("of three suppliers &amp; &lt;friends&gt;"))
        #expect(page.all("a").contains { $0.attributes["href"] == "#analyses" })
        // Same documents, same bytes.
        #expect(HTMLReport(plan: try Case.base().plan, analyses: documents).html == html)
    }

    @Test func oneParameterSweepDrawsEveryPointWithItsStatus() throws {
        let (documents, html, _) = try Case.report()
        let points = array(documents[0].json["points"])
        let path = try #require(string(array(documents[0].json["parameters"]).first?["path"]))
        #expect(points.count == 3)
        #expect(points.contains { number($0["objective"]) == nil }, "capacity 0 leaves demand unmet: no plan")
        let svg = try chart(html, id: "sweep-0")
        let circles = svg.all("circle") { $0.attributes["class"] == "point" }
        let crosses = svg.all("path") { $0.attributes["class"] == "no-plan" }
        #expect(circles.count + crosses.count == points.count)
        for point in points {
            let x = try #require(number(point["values"]?[path]))
            if let objective = number(point["objective"]) {
                let circle = try #require(circles.first { attribute($0, "data-x") == x })
                #expect(attribute(circle, "data-value") == objective)
            } else {
                let cross = try #require(crosses.first { attribute($0, "data-x") == x })
                #expect(cross.attributes["data-status"] == string(point["status"]))
            }
        }
        // Geometry follows the numbers: further right for larger x, higher for larger cost.
        let placed = circles.map {
            (
                x: attribute($0, "data-x")!, y: attribute($0, "data-value")!, cx: attribute($0, "cx")!,
                cy: attribute($0, "cy")!
            )
        }
        for a in placed { for b in placed where a.x < b.x { #expect(a.cx < b.cx) } }
        for a in placed { for b in placed where a.y < b.y { #expect(a.cy > b.cy) } }
    }

    @Test func twoParameterSweepIsAHeatMapWithEveryPoint() throws {
        let (documents, html, _) = try Case.report()
        let document = documents[1].json
        let paths = array(document["parameters"]).compactMap { string($0["path"]) }
        let points = array(document["points"])
        #expect(points.count == 12)
        let svg = try chart(html, id: "sweep-1")
        let root = try #require(svg.elements.first)
        let xPath = try #require(root.attributes["data-x-path"])
        let yPath = try #require(root.attributes["data-y-path"])
        #expect(Set([xPath, yPath]) == Set(paths))
        let cells = svg.all("rect") { $0.attributes["class"] == "sweep-cell" }
        #expect(cells.count == points.count)
        var withoutPlan = 0
        for point in points {
            let x = try #require(number(point["values"]?[xPath]))
            let y = try #require(number(point["values"]?[yPath]))
            let cell = try #require(cells.first { attribute($0, "data-x") == x && attribute($0, "data-y") == y })
            #expect(attribute(cell, "data-value") == number(point["objective"]))
            #expect(cell.attributes["data-status"] == string(point["status"]))
            if number(point["objective"]) == nil {
                withoutPlan += 1
                #expect(cell.attributes["fill"] == "url(#fill-none)", "a point without a plan is hatched")
            }
        }
        #expect(withoutPlan == 4, "capacity 0 is infeasible whatever home costs")
        // Same column, same x; same row, same y.
        for a in cells {
            for b in cells where attribute(a, "data-x") == attribute(b, "data-x") {
                #expect(a.attributes["x"] == b.attributes["x"])
            }
        }
        for a in cells {
            for b in cells where attribute(a, "data-y") == attribute(b, "data-y") {
                #expect(a.attributes["y"] == b.attributes["y"])
            }
        }
    }

    @Test func tornadoBarsMatchTheDocumentAndLabelsNeverShareALine() throws {
        let (documents, html, _) = try Case.report()
        let document = documents[2].json
        let bars = array(document["bars"])
        let base = try #require(number(document["baseObjective"]))
        #expect(
            bars.contains { number($0["high"]?["objective"]) == nil }, "demand +50% cannot be met: one side has no plan"
        )
        let svg = try chart(html, id: "tornado-2")
        let root = try #require(svg.elements.first)
        let scale = try #require(attribute(root, "data-scale"))
        let center = try #require(attribute(root, "data-center"))
        #expect(attribute(root, "data-base") == base)
        // Walk the chart: each element belongs to the row group before it.
        var rows: [(path: String, elements: [ElementCollector.Element])] = []
        for element in svg.elements {
            if element.name == "g", element.attributes["class"] == "tornado-row" {
                rows.append((try #require(element.attributes["data-path"]), []))
            } else if !rows.isEmpty {
                rows[rows.count - 1].elements.append(element)
            }
        }
        #expect(rows.map(\.path) == bars.compactMap { string($0["path"]) })
        for (row, bar) in zip(rows, bars) {
            for side in ["low", "high"] {
                let rect = row.elements.first { $0.name == "rect" && $0.attributes["class"] == "tornado-\(side)" }
                if let objective = number(bar[side]?["objective"]) {
                    let rect = try #require(rect)
                    #expect(attribute(rect, "data-value") == objective)
                    let delta = objective - base
                    let width = try #require(attribute(rect, "width"))
                    #expect(abs(width - abs(delta) * scale) <= 0.006)
                    let x = try #require(attribute(rect, "x"))
                    #expect(
                        abs((delta < 0 ? x + abs(delta) * scale : x) - center) <= 0.011, "bars grow from the base line")
                } else {
                    #expect(rect == nil)
                    let note = try #require(
                        row.elements.first {
                            $0.attributes["class"] == "axis no-plan" && $0.attributes["data-side"] == side
                        })
                    #expect(note.attributes["data-status"] == string(bar[side]?["status"]))
                }
            }
            // The value labels and "no plan" notes of a row are on different lines.
            let labels = row.elements.filter { $0.name == "text" && $0.attributes["class"]?.hasPrefix("axis") == true }
            #expect(labels.count == 2)
            #expect(
                Set(labels.compactMap { $0.attributes["y"] }).count == labels.count, "\(row.path): labels share a line")
            // The full path is in the label's tooltip, even when the label is cut.
            let label = try #require(row.elements.first { $0.name == "text" && $0.attributes["class"] == "label" })
            #expect(row.elements.contains { $0.name == "title" && $0.text == row.path })
            if row.path.count > 44 { #expect(label.text.hasPrefix("sources[") && label.text.contains("…].unitCost")) }
        }
        #expect(rows.contains { $0.path.count > 44 }, "the long source id makes a path that is cut")
        // And in the table under the chart, whole.
        let page = try #require(ElementCollector.parse(html))
        let tableRows = page.all("tr") { $0.attributes["data-path"] != nil }
        #expect(tableRows.map { $0.attributes["data-path"] } == rows.map(\.path))
        let heads = page.all("th") { $0.attributes["class"] == "path" }.map(\.text)
        #expect(heads == rows.map(\.path))
    }

    @Test func frontierMarksUnreachableShares() throws {
        let (documents, html, _) = try Case.report()
        let points = array(documents[3].json["points"])
        #expect(points.count == 5)
        let svg = try chart(html, id: "frontier-3")
        let circles = svg.all("circle") { $0.attributes["class"] == "point" }
        let crosses = svg.all("path") { $0.attributes["class"] == "no-plan" }
        var reachable = 0
        for point in points {
            let share = try #require(number(point["domesticShare"]))
            if let objective = number(point["objective"]) {
                reachable += 1
                #expect(
                    circles.first { attribute($0, "data-x") == share }.flatMap { attribute($0, "data-value") }
                        == objective)
            } else {
                #expect(
                    crosses.first { attribute($0, "data-x") == share }?.attributes["data-status"]
                        == string(point["status"]))
            }
        }
        #expect(circles.count == reachable && crosses.count == points.count - reachable)
        #expect(
            reachable >= 1 && reachable < points.count,
            "home makes at most 12 of 28 units delivered: 100% cannot be reached")
    }

    @Test func stressBarsAndTableMatchTheDocument() throws {
        let (documents, html, _) = try Case.report()
        for (k, index) in [(4, 4), (5, 5)] {
            let document = documents[k].json
            let disruptions = array(document["disruptions"])
            #expect(!disruptions.isEmpty)
            let svg = try chart(html, id: "stress-\(index)")
            let root = try #require(svg.elements.first)
            let span = try #require(attribute(root, "data-scale"))
            let rows = svg.all("g") { $0.attributes["class"] == "stress-row" }
            #expect(rows.map { $0.attributes["data-target"] } == disruptions.map { string($0["target"]) })
            for (row, disruption) in zip(rows, disruptions) {
                let target = try #require(string(disruption["target"]))
                #expect(row.attributes["data-status"] == string(disruption["status"]))
                #expect(attribute(row, "data-units-short") == number(disruption["unitsShort"]))
                #expect(attribute(row, "data-units-late") == number(disruption["unitsLate"]))
                #expect(attribute(row, "data-extra-cost") == number(disruption["extraCost"]))
                for kind in ["shortfall", "cost"] {
                    let matching = svg.all("rect") {
                        $0.attributes["class"] == "exposure-\(kind)" && $0.attributes["data-target"] == target
                    }
                    let rect = try #require(matching.first)
                    let value = try #require(number(disruption["exposure"]?[kind]))
                    #expect(attribute(rect, "data-value") == value)
                    let width = try #require(attribute(rect, "width"))
                    #expect(abs(width - value * span) <= 0.006)
                }
            }
            // The worst disruption by shortfall has the full bar.
            let worst = disruptions.compactMap { number($0["shortfallUnitPeriods"]) }.max() ?? 0
            if worst > 0 { #expect(disruptions.contains { number($0["exposure"]?["shortfall"]) == 1 }) }
        }
        // By source: losing the cheap ally "a" for the whole horizon leaves demand unmet; extra
        // cost values it at the stress penalty, and the page says so.
        let bySource = array(documents[4].json["disruptions"])
        #expect(bySource.contains { (number($0["unitsShort"]) ?? 0) > 0 })
        #expect(
            html.contains(
                "Extra cost values what goes unmet: each unit late or never delivered at its item’s own penalties, or at "
            ))
        let page = try #require(ElementCollector.parse(html))
        let tableRows = page.all("tr") { $0.attributes["data-target"] != nil }
        #expect(tableRows.count == bySource.count + array(documents[5].json["disruptions"]).count)
        let a = try #require(tableRows.first { $0.attributes["data-target"] == "a" })
        let short = try #require(bySource.first { string($0["target"]) == "a" }.flatMap { number($0["unitsShort"]) })
        #expect(a.text.contains(formatQuantity(short)))
    }

    @Test func stressWithoutAPlanAndShardedSweepsStillDraw() throws {
        // A disruption without a plan and a sweep shard: drawn with notes, never "Not drawn".
        let base = try Case.base()
        let sweep = try Sweep(base: base, vary: ["sources[a].unitCost=5..15:6"])
        let shard = try Shard(index: 1, count: 2)
        let part = SweepDocument(sweep: sweep, shard: shard, points: sweep.run(jobs: 1, shard: shard).compactMap { $0 })
            .json
        let stress = try JSONValue(
            parsing: """
                {"kind": "stress", "by": "country", "from": "P1", "for": 4, "through": "P4",
                 "base": {"status": "optimal", "objective": 326, "cost": 326},
                 "disruptions": [{"target": "US", "sources": ["home"], "status": "timeLimit", "extraCost": null,
                   "lostOrders": {"units": 0, "cost": 0}, "unitsShort": null, "unitsLate": null, "shortfallUnitPeriods": null,
                   "survives": null, "timeToSurvive": null, "firstShortfall": null, "recoveryPeriods": null,
                   "exposure": {"cost": null, "shortfall": null}, "items": [], "relaxedRules": []}], "missing": 1}
                """)
        let stressDocument = try #require(AnalysisDocument(json: stress, label: "x.json"))
        let documents = [try Case.document(part, "part.json"), stressDocument]
        let (html, notes) = HTMLReport(plan: base.plan, analyses: documents).render()
        #expect(notes.isEmpty)
        #expect(!html.contains("Not drawn"))
        #expect(html.contains("This document holds 3 of the 6 points (shard 1/2)"))
        #expect(html.contains("no plan (time limit)"))
        #expect(html.contains("1 disruption was not solved"))
        for svg in svgFragments(html) { #expect(ElementCollector.parse(svg) != nil) }
        let circles = try chart(html, id: "sweep-0").all("circle") { $0.attributes["class"] == "point" }
        #expect(circles.compactMap { attribute($0, "data-x") } == [7, 11, 15])
    }
}

/// The analyses part of the report, byte for byte: its wording, numbers and chart geometry, for
/// the documents the CLI writes (the `Case` report above) and for hand-written ones that leave
/// out every key they may (what the report must still draw, and what it must refuse).
///
/// The expected pages are in `Tests/Golden/`. After an intended change to the report, regenerate
/// them with `SOURCING_REGENERATE_GOLDEN=1 swift test --filter AnalysesGoldenTests` (see
/// `expectGolden`) and read `git diff Tests/Golden` before committing them.
@Suite struct AnalysesGoldenTests {
    /// The part of a report page from the analyses section to the footer.
    static func analysesSection(_ html: String) throws -> String {
        let start = try #require(html.range(of: "<section id=\"analyses\">"))
        let end = try #require(html.range(of: "<footer>", range: start.upperBound..<html.endIndex))
        return String(html[start.lowerBound..<end.lowerBound])
    }

    @Test func theAnalysesOfTheCLIsDocuments() throws {
        let (_, html, notes) = try Case.report()
        #expect(notes.isEmpty)
        try expectGolden(try Self.analysesSection(html), file: "report-analyses.html")
    }

    /// Documents written by hand with only the keys the report needs, a stress test whose one
    /// re-plan hit the time limit, a sweep shard, and documents the report cannot draw (each
    /// with its note).
    @Test func theAnalysesOfHandWrittenDocuments() throws {
        let base = try Case.base()
        let sweep = try Sweep(base: base, vary: ["sources[a].unitCost=5..15:6"])
        let shard = try Shard(index: 1, count: 2)
        let part = SweepDocument(sweep: sweep, shard: shard, points: sweep.run(jobs: 1, shard: shard).compactMap { $0 })
            .json
        let texts = [
            #"""
            {"kind": "sweep", "scenario": {"name": "x", "sha256": "0"}, "parameters": [{"path": "sources.rauma-yard.unitCost", "values": "1:3"}],
             "points": [{"index": 0, "values": {"sources.rauma-yard.unitCost": 1}, "status": "optimal", "objective": 10},
                        {"index": 1, "values": {"sources.rauma-yard.unitCost": 2}, "status": "optimal", "objective": 12},
                        {"index": 2, "values": {"sources.rauma-yard.unitCost": 3}, "status": "infeasible", "objective": null}]}
            """#,
            #"""
            {"kind": "tornado", "baseObjective": 100, "bars": [{"path": "a<b", "baseValue": 1,
             "low": {"value": 0.9, "status": "optimal", "objective": 95}, "high": {"value": 1.1, "status": "optimal", "objective": 108}, "swing": 13}]}
            """#,
            #"{"kind": "frontier", "item": "asc-hull", "points": [{"domesticShare": 0.2, "status": "optimal", "objective": 5}, {"domesticShare": 0.5, "status": "optimal", "objective": 7}]}"#,
            #"""
            {"kind": "stress", "by": "country", "from": "P1", "for": 4, "through": "P4",
             "base": {"status": "optimal", "objective": 326, "cost": 326},
             "disruptions": [{"target": "US", "sources": ["home"], "status": "timeLimit", "extraCost": null,
               "lostOrders": {"units": 0, "cost": 0}, "unitsShort": null, "unitsLate": null, "shortfallUnitPeriods": null,
               "survives": null, "timeToSurvive": null, "firstShortfall": null, "recoveryPeriods": null,
               "exposure": {"cost": null, "shortfall": null}, "items": [], "relaxedRules": []}], "missing": 1}
            """#,
            #"{"kind": "stress", "format": "not fixed"}"#,
            #"{"kind": "tornado", "baseObjective": null, "bars": []}"#,
            #"{"kind": "frontier", "points": [{"status": "optimal", "objective": 5}]}"#,
        ]
        var documents = [try Case.document(part, "part.json")]
        for (k, text) in texts.enumerated() {
            documents.append(
                try #require(AnalysisDocument(json: try JSONValue(parsing: text), label: "hand-\(k).json")))
        }
        let (html, notes) = HTMLReport(plan: base.plan, analyses: documents).render()
        #expect(notes.count == 3, "\(notes)")
        try expectGolden(
            try Self.analysesSection(html) + notes.map { "<!-- note: \($0) -->\n" }.joined(),
            file: "report-analyses-handwritten.html")
    }
}
