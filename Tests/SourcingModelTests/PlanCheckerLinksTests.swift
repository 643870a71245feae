// The plan checker's rules for components and capacity pools can fail: a solved plan passes,
// and copies broken in one way each are caught with the specific rule tag.

import Foundation
import SourcingModel
import SourcingOutput
import SourcingScenario
import Testing

@Suite struct PlanCheckerLinksTests {
    /// A yard (cutters, 2 pods each, in a dock pool shared with a frigate line) and pods from
    /// Finland and home; pods must survive the loss of either country at half their requirement.
    static let linked = scenario(
        periods: 2,
        items: [
            item("cutter", demand: [1, 1]) { $0.holdingCost = 1 },
            item("frigate", demand: [1, 1]) { $0.holdingCost = 1 },
            component("pod", demand: [0, 0]) {
                $0.holdingCost = 1
                $0.resilience = Resilience(survive: .anySingleCountry, coverage: 0.5)
            },
        ],
        sources: [
            source("yard-cutter", item: "cutter", periods: 2, cost: 100, capacity: 5) {
                $0.consumes = [Component(item: "pod", perUnit: 2)]
            },
            source("yard-frigate", item: "frigate", periods: 2, cost: 100, capacity: 5),
            source("alt-frigate", item: "frigate", periods: 2, cost: 150, capacity: 5),
            source("fi-pods", country: finland, item: "pod", periods: 2, cost: 6, capacity: 10) { $0.reserveCost = 1 },
            source("us-pods", item: "pod", periods: 2, cost: 10, capacity: 10) { $0.reserveCost = 1 },
        ]
    ) {
        $0.capacityPools = [
            CapacityPool(
                id: "docks", capacity: [1.5, 1.5],
                members: [.init(source: "yard-cutter"), .init(source: "yard-frigate")])
        ]
    }

    func solvedPlan() throws -> [String: Any] {
        let plan = try Self.linked.solve(identity: ScenarioIdentity(name: "linked", sha256: "0"))
        #expect(plan.status == .optimal)
        return try JSONSerialization.jsonObject(with: Data(plan.jsonText().utf8)) as! [String: Any]
    }

    func violations(_ change: (inout [String: Any]) -> Void) throws -> [String] {
        var plan = try solvedPlan()
        change(&plan)
        return checkPlan(plan, against: Self.linked)
    }

    /// Sets `key` of the entry with `id` in the array `list` of the plan.
    func set(_ plan: inout [String: Any], _ list: String, _ id: String, _ key: String, _ value: Any) {
        var entries = plan[list] as! [[String: Any]]
        let k = entries.firstIndex { ($0["id"] as? String) == id }!
        entries[k][key] = value
        plan[list] = entries
    }

    func itemEntry(_ plan: [String: Any], _ id: String) -> [String: Any] {
        (plan["items"] as! [[String: Any]]).first { ($0["id"] as? String) == id }!
    }

    @Test func theSolvedPlanPasses() throws {
        #expect(try violations { _ in }.isEmpty)
    }

    @Test func aDrawNotInTheBalanceIsCaught() throws {
        // The cutter line draws 2 pods per start: a quarter more cutter started in P1 without more
        // pods breaks the pod balance.
        let found = try violations { plan in
            let orders = (plan["sources"] as! [[String: Any]])[0]["orders"] as! [Double]
            set(&plan, "sources", "yard-cutter", "orders", [orders[0] + 0.25, orders[1]])
        }
        #expect(found.contains { $0.hasPrefix("[balance] 'pod' in P1") && $0.contains("drawn 2.5") })
    }

    @Test func aWrongConsumedFigureIsCaught() throws {
        let found = try violations { plan in set(&plan, "items", "pod", "consumed", [2.0, 3.0]) }
        #expect(found.contains("[consumed] 'pod' consumed 3 in P2, expected 2"))
    }

    @Test func aMissingConsumedKeyIsCaught() throws {
        let found = try violations { plan in set(&plan, "items", "cutter", "consumed", NSNull()) }
        #expect(found.contains { $0.hasPrefix("[structure] consumed of 'cutter'") })
    }

    @Test func poolFiguresAndThePoolRowAreChecked() throws {
        let wrongUse = try violations { plan in
            var pools = plan["capacityPools"] as! [[String: Any]]
            pools[0]["used"] = [1.5, 1.0]
            plan["capacityPools"] = pools
        }
        #expect(wrongUse.contains { $0.hasPrefix("[pool] pool 'docks' used 1 in P2, expected 1.5") })
        // One more frigate from the pooled yard in P1 overfills the dock.
        let overfull = try violations { plan in
            let frigate = (plan["sources"] as! [[String: Any]])[1]
            let orders = frigate["orders"] as! [Double]
            set(&plan, "sources", "yard-frigate", "orders", [orders[0] + 1, orders[1]])
        }
        #expect(
            overfull.contains {
                $0.hasPrefix("[pool] pool 'docks' orders: ") && $0.contains("in P1 exceed its capacity 1.5")
            })
    }

    @Test func theComponentResilienceCoversTheDraw() throws {
        // Halving every pod reserve leaves less than half the requirement if a country is lost.
        let found = try violations { plan in
            for id in ["fi-pods", "us-pods"] {
                let entry = (plan["sources"] as! [[String: Any]]).first { ($0["id"] as? String) == id }!
                let orders = entry["orders"] as! [Double]
                set(&plan, "sources", id, "reserve", orders)
            }
        }
        #expect(
            found.contains { $0.hasPrefix("[resilience] 'pod' in P1: losing") && $0.contains("of demand and draw") })
    }

    @Test func dependencyFiguresMustAddUp() throws {
        let found = try violations { plan in
            var cutter = itemEntry(plan, "cutter")
            var components = cutter["components"] as! [[String: Any]]
            components[0]["byCountry"] = ["US": [2.0, 2.0], "FI": [0.0, 0.0]]
            cutter["components"] = components
            var items = plan["items"] as! [[String: Any]]
            items[0] = cutter
            plan["items"] = items
        }
        #expect(found.contains { $0.hasPrefix("[components] 'cutter' on 'pod': ") && $0.contains("attributed to US") })
    }
}
