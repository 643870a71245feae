import Foundation
import SourcingModel
import SourcingScenario
import Testing

@testable import SourcingAnalysis

/// QA after issue 16: the default tornado left out opening stock, backlog and unmet penalties and
/// reserve costs, although each moves the plan's cost.
@Suite struct TornadoDefaultsTests {
    /// One period, 4 due, 1 in stock, a home line of 2 at 2 a unit: 2 bought (4), 1 short, late
    /// at the horizon's end, so it costs its backlog penalty 3 and its unmet penalty 7: 14. By
    /// 20%: stock 0.8 leaves 1.2 short (4 + 12 = 16), 1.2 leaves 0.8 (4 + 8 = 12), swing 4; the
    /// backlog penalty 2.4 / 3.6 gives 4 + 9.4 = 13.4 / 4 + 10.6 = 14.6, swing 1.2; the unmet
    /// penalty 5.6 / 8.4 gives 12.6 / 15.4, swing 2.8.
    @Test func theDefaultTornadoMovesStockAndPenalties() throws {
        let scenario = Scenario(
            name: "short", periods: ["P1"], countries: [usa],
            items: [
                Item(id: "widget", category: "c", demand: [4], initialInventory: 1, backlogPenalty: 3, unmetPenalty: 7)
            ],
            sources: [
                Source(id: "home", country: "US", item: "widget", unitCost: [2], capacity: [2], domesticContent: 1)
            ])
        let base = try AnalysisBase(scenario: scenario, identity: identity, options: PlanOptions())
        #expect(base.plan.objective == 14)
        let tornado = try Tornado(base: base, share: 0.2)
        #expect(
            tornado.paths.map(\.text) == [
                "sources[home].unitCost", "sources[home].capacity", "items[widget].demand",
                "items[widget].initialInventory",
                "items[widget].backlogPenalty", "items[widget].unmetPenalty",
            ])
        let bars = tornado.run(jobs: 2)
        func bar(_ path: String) throws -> TornadoBar { try #require(bars.first { $0.path == path }) }
        let stock = try bar("items[widget].initialInventory")
        #expect(stock.baseValue == 1 && stock.low.values == [0.8] && stock.high.values == [1.2])
        #expect(stock.low.objective == 16 && stock.high.objective == 12 && stock.swing == 4)
        let backlog = try bar("items[widget].backlogPenalty")
        #expect(backlog.low.objective == 13.4 && backlog.high.objective == 14.6 && backlog.swing == 1.2)
        let unmet = try bar("items[widget].unmetPenalty")
        #expect(unmet.low.objective == 12.6 && unmet.high.objective == 15.4 && unmet.swing == 2.8)
    }

    /// The rare-earth model sets every one of them: its stockpile, both penalties, and a reserve
    /// cost on each eligible line (AU is embargoed, MY's screening is pending and not allowed).
    @Test func theRareEarthTornadoListsEveryParameterItSets() throws {
        let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("models")
        let scenario = try ScenarioLoader().load(path: models.appendingPathComponent("rare-earth-magnets.yaml").path)
        let base = try AnalysisBase(scenario: scenario, identity: identity, options: PlanOptions())
        let paths = try Tornado(base: base, share: 0.2).paths.map(\.text)
        #expect(
            paths == [
                "sources[us-magnet-plant].unitCost", "sources[us-magnet-plant].capacity",
                "sources[us-magnet-plant].reserveCost",
                "sources[ca-magnet].unitCost", "sources[ca-magnet].capacity", "sources[ca-magnet].reserveCost",
                "sources[jp-magnet].unitCost", "sources[jp-magnet].capacity", "sources[jp-magnet].reserveCost",
                "items[ndfeb-magnet].demand", "items[ndfeb-magnet].initialInventory", "items[ndfeb-magnet].holdingCost",
                "items[ndfeb-magnet].backlogPenalty", "items[ndfeb-magnet].unmetPenalty",
            ])
    }
}
