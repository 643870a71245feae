import Foundation
import SourcingModel
import TestSupport
import Testing

@testable import SourcingOutput

/// The report's money, names, units, spending and sensitivity figures.
struct HTMLPlanFiguresTests {
    func page(_ plan: Plan) throws -> ElementCollector {
        try #require(ElementCollector.parse(HTMLReport(plan: plan).html))
    }

    @Test func theHeadlineNamesTheCurrencyAndSaysDiscountedOnlyWhenMoneyIsDiscounted() throws {
        // ASC: discount rate 0, so the total is plain money; rare-earth: 2% a year.
        let cutter = try page(try ExampleModels.plan("arctic-security-cutter"))
        let lead = try #require(cutter.all("p") { $0.attributes["class"] == "lead" }.first)
        #expect(lead.text == "Optimal plan · total cost 6,110.0 USD millions · MIP gap 0%")
        let magnets = try page(try ExampleModels.plan("rare-earth-magnets"))
        #expect(
            magnets.all("p") { $0.attributes["class"] == "lead" }.first?.text
                == "Optimal plan · total cost 675.6 USD millions (discounted)")
    }

    @Test func chartsNameTheItemAndItsUnit() throws {
        let plan = try ExampleModels.plan("arctic-security-cutter")
        let page = try page(plan)
        #expect(page.all("h3").first?.text == "asc-hull Arctic Security Cutter hull")
        #expect(page.all("text") { $0.attributes["class"] == "axis axis-title" }.first?.text == "hulls per period")
        #expect(page.all("caption").contains { $0.text == "Hulls of asc-hull per period" })
        // Source names reach the utilisation rows' tooltips.
        #expect(page.all("title").contains { $0.text == "rauma-yard (FI): Finnish yard A (Rauma-like)" })
    }

    @Test func utilisationIsOfTheCapacityTheLineReallyHad() throws {
        // Gulf Coast's ramp allows one hull in work in FY29 and FY30, two from FY31: its one hull
        // in FY29 fills it (100%, not 50% of the two slots it will have), and before FY29 it has
        // no capacity at all.
        let plan = try ExampleModels.plan("arctic-security-cutter")
        let page = try page(plan)
        let html = HTMLReport(plan: plan).html
        let row = try #require(html.range(of: "<g class=\"heat-row\" data-source=\"gulf-coast-yard\">"))
        let end = try #require(html.range(of: "</g>", range: row.upperBound..<html.endIndex))
        let cells = try #require(ElementCollector.parse("<g>" + html[row.upperBound..<end.lowerBound] + "</g>"))
            .all("rect") { $0.attributes["class"] == "cell" }.map { $0.attributes["data-value"] ?? "" }
        #expect(cells == ["null", "null", "null", "1", "1", "0.5", "0.5", "1", "1", "0", "0"])
        #expect(page.all("rect") { $0.attributes["class"] == "cell" }.count == plan.sources.count * plan.periods.count)
    }

    @Test func spendingBarsAndBudgetLinesAreThePlans() throws {
        let plan = try ExampleModels.plan("joint-coproduction")
        let page = try page(plan)
        let chart = try #require(
            svgFragments(HTMLReport(plan: plan).html).first { $0.contains("class=\"chart spending\"") })
        let svg = try #require(ElementCollector.parse(chart))
        let scale = try #require(Double(svg.elements.first?.attributes["data-scale"] ?? ""))
        let bars = svg.all("rect") { $0.attributes["class"] == "spend" }
        // FY32 spends nothing (no order can be delivered in the horizon), so no bar.
        #expect(bars.compactMap { Double($0.attributes["data-value"] ?? "") } == Array(plan.spending.prefix(5)))
        for bar in bars {
            let value = try #require(Double(bar.attributes["data-value"] ?? ""))
            #expect(abs((Double(bar.attributes["height"] ?? "") ?? 0) - value * scale) <= 0.006)
        }
        let budget = svg.all("line") { $0.attributes["class"] == "demand budget" }.compactMap {
            Double($0.attributes["data-value"] ?? "")
        }
        #expect(budget == [420, 440, 480, 380, 540, 540])
        #expect(page.all("h2").contains { $0.text == "Spending against the budget" })
        #expect(page.all("a").contains { $0.text == "Spending and budget" })
    }

    @Test func theSensitivitySectionShowsReSolvedDemandCosts() throws {
        let (scenario, identity) = try ExampleModels.scenario("arctic-security-cutter")
        let plan = try scenario.solve(identity: identity, options: PlanOptions(sensitivity: true))
        let page = try page(plan)
        #expect(page.all("h2").contains { $0.text == "Sensitivity" })
        let rows = page.all("tr").map(\.text)
        #expect(rows.contains("one more hull due costs✕✕✕✕✕✕✕565566567566"))
        #expect(rows.contains("one hull less due saves––478479480-3-4-3-2-1-1"))
        // Without sensitivity figures there is no section.
        #expect(
            !(try self.page(try ExampleModels.plan("arctic-security-cutter"))).all("h2").contains {
                $0.text == "Sensitivity"
            })
    }
}
