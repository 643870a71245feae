import SourcingModel
import TestSupport
import Testing

@testable import SourcingOutput

@Suite struct PlanComparisonTests {
    @Test func aPlanComparedWithItselfHasNoDifferences() throws {
        let plan = try ExampleModels.plan("aesa-radar-modules")
        let comparison = PlanComparison(before: plan, after: plan)
        #expect(!comparison.hasDifferences)
        #expect(
            comparison.text().hasSuffix(
                "No differences in status, costs, spending, budget, deliveries, sources, onshoring or exclusions.\n"))
    }

    /// B is A with known edits: the comparison lists exactly those.
    @Test func knownEditsAreListedExactly() throws {
        let a = try ExampleModels.plan("arctic-security-cutter")
        var b = a
        // Move FY28's two Finnish hulls to one, and start the US line a period later.
        let fy28 = try #require(a.periods.firstIndex(of: "FY28"))
        let item = 0
        let fi = try #require(b.items[item].byCountry.firstIndex { $0.id == "FI" })
        b.items[item].byCountry[fi].values[fy28] = 1
        b.items[item].delivered[fy28] = 1
        b.items[item].allied[fy28] = 1
        b.costs.procurement += 250
        b.costs.investment = 0
        b.objective = b.costs.total
        let usYard2 = try #require(b.sources.firstIndex { $0.id == "us-yard-2" })
        b.sources[usYard2].orders = b.sources[usYard2].orders.map { _ in 0 }
        b.sources[usYard2].used = false
        b.onshoring[0].firstProduction = "FY30"
        b.excluded = [ExcludedSource(source: "rauma-yard", reasons: ["embargo"])]

        let c = PlanComparison(before: a, after: b)
        #expect(c.hasDifferences)
        #expect(c.objective.change == 250 - a.costs.investment)
        #expect(c.costs.map(\.kind) == ["procurement", "investment"])
        #expect(c.costs.map(\.amount.change) == [250, -a.costs.investment])
        #expect(c.items.count == 1)
        let changes = c.items[0].periods
        #expect(changes.map(\.period) == ["FY28", "FY28", "FY28"])
        #expect(changes.map(\.series) == ["delivered", "allied", "byCountry"])
        #expect(changes.map(\.country) == [nil, nil, "FI"])
        #expect(changes.map(\.value.change) == [-1, -1, -1])
        #expect(c.sourcesAdded.isEmpty && c.sourcesResized.isEmpty)
        #expect(c.sourcesDropped.map(\.source) == ["us-yard-2"])
        #expect(c.sourcesDropped[0].units.before == a.sources[usYard2].orders.reduce(0, +))
        #expect(
            c.onshoring == [
                PlanComparison.MilestoneChange(
                    source: a.onshoring[0].source, milestone: "firstProduction", before: a.onshoring[0].firstProduction,
                    after: "FY30")
            ])
        #expect(c.excluded == [PlanComparison.ExclusionChange(source: "rauma-yard", before: [], after: ["embargo"])])

        // JSON: the same differences, with the documented keys.
        let json = c.json
        #expect(
            json.objectMembers?.map(\.0) == [
                "kind", "schemaVersion", "before", "after", "sameScenario", "differences", "objective", "costs",
                "spending", "budget", "items", "sources", "onshoring", "excluded",
            ])
        #expect(
            json["sources"]?["dropped"]
                == .array([
                    .object([
                        ("source", .string("us-yard-2")), ("country", .string("US")), ("item", .string(a.items[0].id)),
                        ("before", .number(a.sources[usYard2].orders.reduce(0, +))), ("after", .number(0)),
                        ("change", .number(-a.sources[usYard2].orders.reduce(0, +))),
                    ])
                ]))
        #expect(try JSONValue(parsing: json.serialized()) == json)

        let text = c.text(beforeLabel: "a.json", afterLabel: "b.json")
        #expect(text.contains("Total cost (USD millions): 6,110.0 → 6,060.0 (−50.0, −0.8%)"))
        #expect(
            text.hasPrefix(
                "A: a.json (Arctic Security Cutter (US-Finland phased onshoring, illustrative), optimal, total cost 6,110.0 USD millions)\n"
            ))
        #expect(text.contains("  dropped: us-yard-2 (US, asc-hull) was 3"))
        #expect(text.contains("first production FY29 → FY30"))
        #expect(text.contains("rauma-yard: eligible → embargo"))
        #expect(text.contains("2→1"))
    }

    /// Two real solves: the cutter model against a what-if with a cheaper Finnish yard.
    @Test func twoSolvedPlansOfOneScenario() throws {
        let (scenario, identity) = try ExampleModels.scenario("arctic-security-cutter")
        let base = try scenario.solve(identity: identity)
        var cheaper = scenario
        let rauma = try #require(cheaper.sources.firstIndex { $0.id == "rauma-yard" })
        cheaper.sources[rauma].unitCost = cheaper.sources[rauma].unitCost.map { $0 * 0.5 }
        let whatIf = try cheaper.solve(identity: identity)
        let c = PlanComparison(before: base, after: whatIf)
        #expect(c.objective.before == base.objective && c.objective.after == whatIf.objective)
        #expect(c.costs.contains { $0.kind == "procurement" })
        // Every listed source change agrees with the two plans.
        for change in c.sourcesAdded + c.sourcesDropped + c.sourcesResized {
            let before = base.sources.first { $0.id == change.source }?.orders.reduce(0, +) ?? 0
            let after = whatIf.sources.first { $0.id == change.source }?.orders.reduce(0, +) ?? 0
            #expect(change.units.before == before && change.units.after == after)
        }
    }
}
