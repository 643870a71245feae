import Foundation
import SourcingModel
import SourcingScenario
import TestSupport
import Testing

@testable import SourcingOutput

// The naval portfolio (models/naval-portfolio.yaml): its hand-derived optimum, and its component
// and pool figures in the plan JSON, the summary, the CSV tables and the report.

@Suite struct NavalPortfolioTests {
    static func plan() throws -> Plan { try ExampleModels.plan("naval-portfolio") }

    @Test func theOptimumReasonedInTheModelsComments() throws {
        let plan = try Self.plan()
        #expect(plan.status == .optimal && plan.objective == 3540)
        #expect(plan.orders("gulf-icebreaker") == [1, 1, 1, 1, 0, 0])
        #expect(
            plan.orders("gulf-frigate") == [1, 0, 1, 0, 0, 0] && plan.orders("east-frigate") == [0, 1, 0, 1, 0, 0])
        #expect(plan.orders("fi-pods") == [2, 2, 0, 0, 0, 0] && plan.orders("us-pods") == [0, 0, 2, 0, 0, 0])
        #expect(plan.orders("se-radar") == [1, 1, 1, 1, 0, 0] && plan.orders("us-radar") == [1, 1, 1, 1, 0, 0])
        #expect(
            plan.capacityPools == [
                PoolPlan(
                    id: "gulf-docks", used: [2, 3, 3, 3, 1, 0],
                    utilization: [0.666666666667, 1, 1, 1, 0.333333333333, 0])
            ])
        let icebreaker = try #require(plan.items.first { $0.id == "icebreaker" })
        let pods = try #require(icebreaker.components?.first { $0.item == "pod" })
        #expect(pods.drawn == [2, 2, 2, 2, 0, 0] && pods.fromInitialInventory == [2, 0, 0, 0, 0, 0])
        #expect(pods.allied == [0, 2, 2, 0, 0, 0] && pods.domestic == [0, 0, 0, 2, 0, 0])
        let radars = try #require(icebreaker.components?.first { $0.item == "radar" })
        #expect(radars.allied == [0.5, 0.5, 0.5, 0.5, 0, 0])
        #expect(plan.items.first { $0.id == "pod" }?.consumed == [2, 2, 2, 2, 0, 0])
        #expect(plan.items.first { $0.id == "radar" }?.consumed == [2, 2, 2, 2, 0, 0])
        #expect(plan.items.first { $0.id == "frigate" }?.consumed == [0, 0, 0, 0, 0, 0])
        #expect(plan.onshoring.first?.transferComplete == "FY27" && plan.onshoring.first?.firstProduction == "FY28")
    }

    @Test func thePlanReadsBackToTheSameBytes() throws {
        let plan = try Self.plan()
        let text = plan.jsonText()
        let read = try Plan(jsonText: text)
        #expect(read == plan)
        #expect(read.jsonText() == text)
        #expect(
            text.contains("\"capacityPools\": [") && text.contains("\"consumed\": [")
                && text.contains("\"fromInitialInventory\": ["))
    }

    @Test func theSummaryShowsDrawsDependenciesAndPools() throws {
        let summary = try Self.plan().summary(currency: "USD millions")
        #expect(
            summary.contains(
                """
                  pod used              2    2    2    2    0    0
                    from allies         0    2    2    0    0    0
                  radar used            1    1    1    1    0    0
                    from allies       0.5  0.5  0.5  0.5    0    0
                  utilisation

                """))
        #expect(
            summary.contains(
                "  depends on: pod 8 (US 2, FI 4, stock 2; 50% allied), radar 4 (US 2, SE 2; 50% allied)\n"))
        #expect(summary.contains("  depends on: radar 4 (US 2, SE 2; 50% allied)\n"))
        #expect(
            summary.contains(
                """
                Capacity pools (share of capacity used)
                  period      FY26  FY27  FY28  FY29  FY30  FY31
                  gulf-docks 66.7%  100%  100%  100% 33.3%    0%

                """))
        #expect(summary.contains("  drawn by lines        2    2    2    2    0    0\n"))
    }

    @Test func theCSVTablesCarryDrawsOriginsAndPools() throws {
        let plan = try Self.plan()
        #expect(
            plan.csvTables.map(\.name) == [
                "item-periods.csv", "source-periods.csv", "onshoring.csv", "redundancy.csv", "costs.csv",
                "spending.csv", "excluded.csv",
                "component-draws.csv", "component-countries.csv", "capacity-pools.csv",
            ])
        let tables = Dictionary(uniqueKeysWithValues: plan.csvTables.map { ($0.name, parseCSV($0.text)) })
        for (name, rows) in tables { #expect(rows.allSatisfy { $0.count == rows[0].count }, "\(name)") }
        let items = try #require(tables["item-periods.csv"])
        #expect(items[0].last == "consumed")
        #expect(items.filter { $0[0] == "pod" }.map { $0.last! } == ["2", "2", "2", "2", "0", "0"])
        let draws = try #require(tables["component-draws.csv"])
        #expect(draws[0] == ["item", "component", "period", "drawn", "domestic", "allied", "fromInitialInventory"])
        #expect(
            draws.dropFirst().filter { $0[0] == "icebreaker" && $0[1] == "pod" }.map { $0[6] } == [
                "2", "0", "0", "0", "0", "0",
            ])
        let countries = try #require(tables["component-countries.csv"])
        #expect(countries[0] == ["item", "component", "country", "period", "units"])
        let finnish = countries.dropFirst().filter { $0[0] == "icebreaker" && $0[2] == "FI" }.map { Double($0[4])! }
            .reduce(0, +)
        #expect(finnish == 4)
        let pools = try #require(tables["capacity-pools.csv"])
        #expect(
            pools == [
                ["pool", "period", "used", "utilization"],
                ["gulf-docks", "FY26", "2", "0.666666666667"], ["gulf-docks", "FY27", "3", "1"],
                ["gulf-docks", "FY28", "3", "1"],
                ["gulf-docks", "FY29", "3", "1"], ["gulf-docks", "FY30", "1", "0.333333333333"],
                ["gulf-docks", "FY31", "0", "0"],
            ])
    }

    @Test func theReportHasAComponentsSectionAndAPoolHeatMapRow() throws {
        let plan = try Self.plan()
        let html = HTMLReport(plan: plan).html
        let page = try #require(ElementCollector.parse(html))
        for svg in svgFragments(html) { #expect(ElementCollector.parse(svg) != nil) }
        #expect(page.all("section") { $0.attributes["id"] == "components" }.count == 1)
        #expect(page.all("a") { $0.attributes["href"] == "#components" }.count == 1)
        let rows = page.all("tr") { $0.attributes["data-component"] != nil }
        #expect(
            rows.map {
                "\($0.attributes["data-item"]!) \($0.attributes["data-component"]!) \($0.attributes["data-drawn"]!) \($0.attributes["data-allied"]!)"
            }
                == ["icebreaker pod 8 4", "icebreaker radar 4 2", "frigate radar 4 2"])
        let poolRows = page.all("g") { $0.attributes["data-pool"] != nil }
        #expect(poolRows.map { $0.attributes["data-pool"] } == ["gulf-docks"])
        let cells = page.all("rect") { $0.attributes["class"] == "cell" }
        // The pool row's cells come after every source row's.
        #expect(
            cells.suffix(6).map { $0.attributes["data-value"] } == [
                "0.666666666667", "1", "1", "1", "0.333333333333", "0",
            ])
    }
}

extension Plan {
    func orders(_ id: String) -> [Double] { sources.first { $0.id == id }!.orders }
}
