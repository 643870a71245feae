import SourcingModel
import TestSupport
import Testing

@testable import SourcingOutput

@Suite struct PlanCSVTests {
    @Test(arguments: ExampleModels.names)
    func tablesParseAndSumToThePlansTotals(model: String) throws {
        let plan = try ExampleModels.plan(model)
        let (scenario, _) = try ExampleModels.scenario(model)
        let tables = Dictionary(uniqueKeysWithValues: plan.csvTables.map { ($0.name, parseCSV($0.text)) })
        // The component and pool tables exactly when the scenario has components (pools).
        let components = scenario.sources.contains { !$0.consumes.isEmpty }
        #expect(
            plan.csvTables.map(\.name) == [
                "item-periods.csv", "source-periods.csv", "onshoring.csv", "redundancy.csv", "costs.csv",
                "spending.csv", "excluded.csv",
            ]
                + (components ? ["component-draws.csv", "component-countries.csv"] : [])
                + (scenario.capacityPools.isEmpty ? [] : ["capacity-pools.csv"]))
        for table in plan.csvTables {
            #expect(table.text.hasSuffix("\r\n"))
            let rows = parseCSV(table.text)
            #expect(rows.allSatisfy { $0.count == rows[0].count }, "\(table.name): every row has the header's width")
        }
        let items = try #require(tables["item-periods.csv"])
        #expect(
            items[0] == [
                "item", "period", "demand", "delivered", "domestic", "allied", "inventory", "backlog", "domesticShare",
                "unit", "name",
            ]
                + (components ? ["consumed"] : []))
        #expect(items.count == 1 + plan.items.count * plan.periods.count)
        let sources = try #require(tables["source-periods.csv"])
        #expect(
            sources[0] == [
                "source", "country", "item", "period", "orders", "deliveries", "utilization", "reserve", "name",
            ])
        for item in plan.items {
            let rows = items.dropFirst().filter { $0[0] == item.id }
            let delivered = rows.map { Double($0[3])! }.reduce(0, +)
            #expect(abs(delivered - item.delivered.reduce(0, +)) <= 1e-9)
            #expect(abs(rows.map { Double($0[4])! + Double($0[5])! }.reduce(0, +) - delivered) <= 1e-6)
            let fromSources = sources.dropFirst().filter { $0[2] == item.id }.map { Double($0[5])! }.reduce(0, +)
            #expect(abs(fromSources - delivered) <= 1e-6)
            #expect(rows.map { $0[1] } == plan.periods)
        }
        let costs = try #require(tables["costs.csv"])
        #expect(costs[0] == ["kind", "amount", "currency"])
        #expect(costs.dropFirst().allSatisfy { $0[2] == "USD millions" })
        let spending = try #require(tables["spending.csv"])
        #expect(spending[0] == ["period", "spending", "budget", "currency"])
        #expect(spending.dropFirst().map { Double($0[1])! } == plan.spending)
        #expect(
            spending.dropFirst().map { $0[2] } == (plan.budget?.map(CSVWriter.number) ?? plan.periods.map { _ in "" }))
        // Every quantity says what it counts, every line whose name the scenario gives has it.
        #expect(items.dropFirst().allSatisfy { row in row[9] == plan.items.first { $0.id == row[0] }?.unit })
        #expect(
            abs(costs.dropFirst().map { Double($0[1])! }.reduce(0, +) - (plan.objective ?? 0)) <= 1e-6
                * max(1, plan.objective ?? 0))
        #expect(try #require(tables["onshoring.csv"]).count == 1 + plan.onshoring.count)
        #expect(try #require(tables["redundancy.csv"]).count == 1 + plan.items.count)
        #expect(try #require(tables["excluded.csv"]).count == 1 + plan.excluded.map(\.reasons.count).reduce(0, +))
        // Numbers: dot decimals, no thousands separators.
        for row in sources.dropFirst() {
            for cell in row[4...7] where !cell.isEmpty { #expect(Double(cell) != nil, "\(cell)") }
        }
        #expect(
            sources.dropFirst().allSatisfy { row in row[8] == (plan.sources.first { $0.id == row[0] }?.name ?? "") })
    }

    @Test func textIsQuotedAndDefused() {
        #expect(
            CSVWriter.table([["a,b", "say \"hi\"", "line\nbreak", "plain"]])
                == "\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\",plain\r\n")
        #expect(CSVWriter.text("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")")
        #expect(CSVWriter.text("-1") == "'-1")
        #expect(CSVWriter.text("rauma-yard") == "rauma-yard")
        #expect(CSVWriter.number(1234567.5) == "1234567.5")
        #expect(CSVWriter.number(3) == "3")
        let rows = parseCSV(CSVWriter.table([["x", "a,\"b\""], ["é", ""]]))
        #expect(rows == [["x", "a,\"b\""], ["é", ""]])
    }
}
