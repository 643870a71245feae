// Proves the independent plan checker can fail: one tiny scenario, one handwritten valid
// plan, and variants each broken in one way, asserting the specific violation is reported.

import Foundation
import SourcingModel
import SourcingOutput
import SourcingScenario
import TestSupport
import Testing

/// Four periods; a domestic line that may start only after the ally delivered one unit; an
/// ally line; a third line excluded by export control.
///
/// Hand-solved plan (the `validPlan` below): the ally orders 1 in P0 and 1 in P1 (delivered
/// P1, P2); the transfer completes in P1, so the home line works from P2 and orders 2 there
/// (delivered P3). Ally share 2/4 = 0.5 (cap 0.5), domestic share 2/4 = 0.5 (min 0.5).
/// Procurement 5 + 5 + 2·10 = 30.
private func tinyScenario(
    allyCapacity: [Double] = [2, 2, 2, 2],
    transferUnits: Int = 1,
    sustainingRate: Double? = 1,
    homeCapacity: Double = 2,
    rampUp: [Double] = [2],
    maxSharePerAlly: Double = 0.5,
    domesticMin: Double = 0.5
) -> Scenario {
    Scenario(
        name: "tiny",
        periods: ["P0", "P1", "P2", "P3"],
        countries: [
            Country(id: "US", domestic: true),
            Country(id: "AL", exportApproved: ["*"], ipProtection: 1),
            Country(id: "XX", exportApproved: ["other"], ipProtection: 1),
        ],
        items: [
            Item(
                id: "widget", category: "part", demand: [0, 1, 1, 2], holdingCost: 1,
                domesticShare: DomesticShareRule(min: domesticMin, over: .horizon),
                maxSharePerAlly: maxSharePerAlly)
        ],
        sources: [
            Source(
                id: "home", country: "US", item: "widget", unitCost: [10, 10, 10, 10],
                capacity: [homeCapacity, homeCapacity, homeCapacity, homeCapacity], leadTime: 1,
                domesticContent: 1,
                onshoring: Onshoring(
                    transfer: .init(fromSources: ["ally-line"], units: transferUnits),
                    rampUp: rampUp, sustainingRate: sustainingRate)),
            Source(
                id: "ally-line", country: "AL", item: "widget", unitCost: [5, 5, 5, 5],
                capacity: allyCapacity, capacityMode: .concurrent, leadTime: 1, domesticContent: 0),
            Source(
                id: "blocked", country: "XX", item: "widget", unitCost: [1, 1, 1, 1],
                capacity: [5, 5, 5, 5], domesticContent: 0),
        ]
    )
}

private func validPlan() -> [String: Any] {
    let null = NSNull()
    return [
        "schemaVersion": 1,
        "scenario": ["name": "tiny", "sha256": "0"],
        "currency": null,
        "spending": [5, 5, 20, 0],
        "budget": null,
        "status": "optimal",
        "objective": 30.0,
        "mipGap": 0.0,
        "costs": [
            "procurement": 30.0, "fixed": 0, "holding": 0, "backlog": 0, "unmet": 0,
            "investment": 0, "reserve": 0,
        ],
        "periods": ["P0", "P1", "P2", "P3"],
        "items": [
            [
                "id": "widget",
                "demand": [0, 1, 1, 2],
                "delivered": [0, 1, 1, 2],
                "domestic": [0, 0, 0, 2],
                "allied": [0, 1, 1, 0],
                "byCountry": ["US": [0, 0, 0, 2], "AL": [0, 1, 1, 0], "XX": [0, 0, 0, 0]],
                "bySource": ["home": [0, 0, 0, 2], "ally-line": [0, 1, 1, 0], "blocked": [0, 0, 0, 0]],
                "inventory": [0, 0, 0, 0],
                "backlog": [0, 0, 0, 0],
                "domesticShare": [null, 0, 0, 1],
                "redundancy": [
                    "sourcesUsed": 2, "countriesUsed": 2, "largestSourceShare": 0.5,
                    "largestAllyShare": 0.5, "hhiSources": 0.5, "hhiCountries": 0.5,
                    "worstCountryLossCovered": 0,
                ],
            ] as [String: Any]
        ],
        "sources": [
            [
                "id": "home", "country": "US", "item": "widget", "orders": [0, 0, 2, 0],
                "deliveries": [0, 0, 0, 2], "utilization": [0, 0, 1, 0], "used": true,
            ],
            [
                "id": "ally-line", "country": "AL", "item": "widget", "orders": [1, 1, 0, 0],
                "deliveries": [0, 1, 1, 0], "utilization": [0.5, 0.5, 0, 0], "used": true,
            ],
            [
                "id": "blocked", "country": "XX", "item": "widget", "orders": [0, 0, 0, 0],
                "deliveries": [0, 0, 0, 0], "utilization": [0, 0, 0, 0], "used": false,
            ],
        ] as [[String: Any]],
        "onshoring": [
            [
                "source": "home", "transferComplete": "P1", "facilityInvestment": null,
                "facilityReady": null, "firstProduction": "P2", "unitsHome": 2, "unitsAbroad": 2,
            ]
        ] as [[String: Any]],
        "excluded": [["source": "blocked", "reasons": ["exportControl"]]] as [[String: Any]],
        "solver": ["rows": 0, "columns": 0],
    ]
}

/// Replaces `key` of the source (or item) entry with id `id` in a plan's `list`.
private func patch(_ plan: inout [String: Any], _ list: String, _ id: String, _ key: String, _ value: Any) {
    var entries = plan[list] as! [[String: Any]]
    let index = entries.firstIndex { ($0["id"] as? String) == id }!
    entries[index][key] = value
    plan[list] = entries
}

private func reports(_ violations: [String], _ rule: String, _ text: String) -> Bool {
    violations.contains { $0.hasPrefix("[\(rule)]") && $0.contains(text) }
}

@Suite("PlanChecker")
struct PlanCheckerTests {
    @Test("the hand-solved plan is valid")
    func validPlanPasses() {
        #expect(checkPlan(validPlan(), against: tinyScenario()) == [])
    }

    @Test("a plan read back through JSONSerialization is still valid")
    func jsonRoundTrip() throws {
        let data = try JSONSerialization.data(withJSONObject: validPlan())
        let parsed = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(checkPlan(parsed, against: tinyScenario()) == [])
    }

    @Test("capacity exceeded")
    func capacityExceeded() {
        let violations = checkPlan(validPlan(), against: tinyScenario(allyCapacity: [2, 0.5, 2, 2]))
        #expect(reports(violations, "capacity", "'ally-line' orders: units in work 1 in P1 exceed capacity 0.5"))
    }

    @Test("balance off")
    func balanceOff() {
        var plan = validPlan()
        patch(&plan, "items", "widget", "inventory", [0, 0, 1, 0])
        let violations = checkPlan(plan, against: tinyScenario())
        #expect(reports(violations, "balance", "'widget' in P2"))
        #expect(reports(violations, "costs", "costs.holding"))
    }

    @Test("excluded source used")
    func excludedSourceUsed() {
        var plan = validPlan()
        patch(&plan, "sources", "blocked", "orders", [0, 1, 0, 0])
        patch(&plan, "sources", "blocked", "deliveries", [0, 1, 0, 0])
        let violations = checkPlan(plan, against: tinyScenario())
        #expect(reports(violations, "eligibility", "excluded source 'blocked' (exportControl) takes orders"))
    }

    @Test("excluded list with the wrong reasons")
    func wrongExclusionReasons() {
        var plan = validPlan()
        plan["excluded"] = [["source": "blocked", "reasons": ["embargo"]]]
        let violations = checkPlan(plan, against: tinyScenario())
        #expect(reports(violations, "eligibility", "'blocked' lists reasons"))
    }

    @Test("share cap per ally broken")
    func shareCapBroken() {
        let violations = checkPlan(validPlan(), against: tinyScenario(maxSharePerAlly: 0.4))
        #expect(reports(violations, "shareCap", "ally 'AL' delivers 2 of 4"))
    }

    @Test("domestic share broken")
    func domesticShareBroken() {
        let violations = checkPlan(validPlan(), against: tinyScenario(domesticMin: 0.6))
        #expect(reports(violations, "domesticShare", "'widget' domestic content 2 of 4"))
    }

    @Test("costs do not sum to the objective")
    func wrongCostSum() {
        var plan = validPlan()
        plan["objective"] = 31.0
        let violations = checkPlan(plan, against: tinyScenario())
        #expect(reports(violations, "costs", "the costs sum to 30 but the objective is 31"))
    }

    @Test("procurement cost misstated")
    func wrongProcurement() {
        var plan = validPlan()
        plan["costs"] = [
            "procurement": 25.0, "fixed": 0, "holding": 0, "backlog": 0, "unmet": 0,
            "investment": 0, "reserve": 5.0,
        ]
        let violations = checkPlan(plan, against: tinyScenario())
        #expect(reports(violations, "costs", "costs.procurement is 25, recomputed 30"))
        #expect(reports(violations, "costs", "costs.reserve is 5, recomputed 0"))
    }

    @Test("spending and budget lines misstated")
    func wrongSpending() {
        var plan = validPlan()
        plan["spending"] = [5, 5, 10, 0]
        plan["budget"] = [100, 100, 100, 100]
        let violations = checkPlan(plan, against: tinyScenario())
        #expect(reports(violations, "budget", "spending in P2 is 10, recomputed 20"))
        #expect(reports(violations, "budget", "budget differs from the scenario's policy.budget"))
    }

    @Test("order in a period before the transfer completes")
    func orderBeforeTransfer() {
        // Two transfer units: the ally's second unit arrives in P2, so home may work only from P3.
        let violations = checkPlan(validPlan(), against: tinyScenario(transferUnits: 2))
        #expect(
            reports(violations, "onshoring", "'home' orders 2 in P2, before it may work (transfer completes in P2)"))
        #expect(reports(violations, "onshoring", "'home' transferComplete is P1, expected P2"))
    }

    @Test("warm-line floor not kept")
    func sustainingFloor() {
        let violations = checkPlan(validPlan(), against: tinyScenario(sustainingRate: 3, homeCapacity: 3, rampUp: [3]))
        #expect(reports(violations, "sustaining", "'home' keeps 2 in P2, below the warm-line floor 3"))
    }

    @Test("deliveries not shifted by the lead time")
    func leadTimeBroken() {
        var plan = validPlan()
        patch(&plan, "sources", "ally-line", "deliveries", [1, 1, 0, 0])
        let violations = checkPlan(plan, against: tinyScenario())
        #expect(reports(violations, "leadTime", "'ally-line' delivers 1 in P0"))
        #expect(reports(violations, "itemSums", "bySource[ally-line]"))
    }

    @Test("fractional order of an integer item")
    func fractionalOrder() {
        var scenario = tinyScenario()
        scenario.items[0].integerUnits = true
        var plan = validPlan()
        #expect(checkPlan(plan, against: scenario) == [])
        patch(&plan, "sources", "ally-line", "orders", [0.5, 1.5, 0, 0])
        patch(&plan, "sources", "ally-line", "deliveries", [0, 0.5, 1.5, 0])
        #expect(reports(checkPlan(plan, against: scenario), "integer", "'ally-line' orders a fractional 0.5"))
    }

    @Test("hard demand with a backlog")
    func backlogOnHardDemand() {
        var plan = validPlan()
        patch(&plan, "items", "widget", "backlog", [0, 0, 0, 1])
        #expect(
            reports(
                checkPlan(plan, against: tinyScenario()), "backlog", "'widget' has hard demand but a backlog of 1 in P3"
            ))
    }

    @Test("redundancy summary misstated")
    func redundancyMisstated() {
        var plan = validPlan()
        patch(
            &plan, "items", "widget", "redundancy",
            [
                "sourcesUsed": 3, "countriesUsed": 2, "largestSourceShare": 0.5, "largestAllyShare": 0.5,
                "hhiSources": 0.25, "hhiCountries": 0.5, "worstCountryLossCovered": 1,
            ] as [String: Any])
        let violations = checkPlan(plan, against: tinyScenario())
        #expect(reports(violations, "redundancy", "redundancy.sourcesUsed is 3, expected 2"))
        #expect(reports(violations, "redundancy", "redundancy.hhiSources is 0.25, expected 0.5"))
        #expect(reports(violations, "redundancy", "redundancy.worstCountryLossCovered is 1, expected 0"))
    }

    @Test("N-1 resilience coverage short")
    func resilienceShort() {
        var scenario = tinyScenario()
        scenario.items[0].resilience = Resilience(survive: .anySingleCountry, coverage: 1, from: 3)
        var plan = validPlan()
        // Reserves equal to orders: losing US in P3 leaves the ally's P2 reserve 0 and no stock.
        patch(&plan, "sources", "home", "reserve", [0, 0, 2, 0])
        patch(&plan, "sources", "ally-line", "reserve", [1, 1, 0, 0])
        let violations = checkPlan(plan, against: scenario)
        #expect(reports(violations, "resilience", "'widget' in P3: losing country US leaves reserves 0"))
        // Holding an ally reserve of 2 in P2 covers it (and costs nothing: reserveCost 0).
        patch(&plan, "sources", "ally-line", "reserve", [1, 1, 2, 0])
        #expect(checkPlan(plan, against: scenario) == [])
    }
}

// MARK: - The checker against real plans

/// Solves with the model builder and returns the plan JSON as a reader would parse it.
private func solvedPlan(_ scenario: Scenario) throws -> [String: Any] {
    let plan = try scenario.solve(identity: ScenarioIdentity(name: scenario.name, sha256: "test"))
    return try #require(try JSONSerialization.jsonObject(with: Data(plan.jsonText().utf8)) as? [String: Any])
}

private func orders(_ plan: [String: Any], _ id: String) -> [Double] {
    let sources = plan["sources"] as! [[String: Any]]
    let entry = sources.first { ($0["id"] as? String) == id }!
    return (entry["orders"] as! [Any]).map { ($0 as! NSNumber).doubleValue }
}

@Suite("PlanChecker on the example models")
struct ExampleModelPlanTests {
    @Test("every example model solves to optimal and passes the checker", arguments: ExampleModels.names)
    func exampleModel(_ name: String) throws {
        let scenario = try ScenarioLoader().load(path: modelsFolder.appendingPathComponent("\(name).yaml").path)
        let plan = try solvedPlan(scenario)
        #expect(plan["status"] as? String == "optimal")
        #expect(checkPlan(plan, against: scenario) == [])
    }

    @Test("the ASC plan has the public phasing: Finland first, transfer, US lines build seven")
    func arcticSecurityCutterPhasing() throws {
        let scenario = try ScenarioLoader().load(
            path: modelsFolder.appendingPathComponent("arctic-security-cutter.yaml").path)
        let plan = try solvedPlan(scenario)
        // The hand-reasoned optimum written in the model file's header.
        #expect((plan["objective"] as? NSNumber)?.doubleValue == 6110)
        #expect(orders(plan, "rauma-yard") == [2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(orders(plan, "helsinki-yard") == [0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(orders(plan, "gulf-coast-yard") == [0, 0, 0, 1, 0, 1, 0, 2, 0, 0, 0])
        #expect(orders(plan, "us-yard-2") == [0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0])
        let onshoring = try #require(plan["onshoring"] as? [[String: Any]])
        #expect(onshoring.map { $0["transferComplete"] as? String } == ["FY28", "FY29"])
        #expect(onshoring.map { $0["facilityInvestment"] as? String } == ["FY27", "FY28"])
        #expect(onshoring.map { $0["firstProduction"] as? String } == ["FY29", "FY30"])
    }

    @Test("the rare-earth what-ifs: baseline without the embargo, and with pending screening allowed")
    func rareEarthWhatIfs() throws {
        var scenario = try ScenarioLoader().load(
            path: modelsFolder.appendingPathComponent("rare-earth-magnets.yaml").path)
        let embargoed = try solvedPlan(scenario)
        scenario.policy.embargo = []
        let baseline = try solvedPlan(scenario)
        #expect(checkPlan(baseline, against: scenario) == [])
        #expect(orders(baseline, "au-magnet").reduce(0, +) > 0)
        let cost = { (plan: [String: Any]) in (plan["objective"] as! NSNumber).doubleValue }
        #expect(cost(baseline) < cost(embargoed))
        scenario.policy.allowPendingScreening = true
        let open = try solvedPlan(scenario)
        #expect(checkPlan(open, against: scenario) == [])
        #expect(cost(open) <= cost(baseline) + 1e-9)
    }
}

// MARK: - Random scenarios: the builder's plans against the checker

/// A small random scenario touching many rules at once. Many are infeasible; with `soft`, none
/// can be (the same draws, then every item's demand made soft and the rules that bind whatever
/// is delivered dropped, see `randomScenarioPlansOfSoftScenariosAreOptimal`).
private func randomScenario(seed: UInt64, soft: Bool = false) -> Scenario {
    var rng = SplitMix64(seed: seed)
    func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
    func whole(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    func value(_ range: ClosedRange<Double>) -> Double { (Double.random(in: range, using: &rng) * 4).rounded() / 4 }

    let periods = whole(3...5)
    let labels = (0..<periods).map { "T\($0)" }
    let countries = [
        Country(id: "US", domestic: true),
        Country(id: "A1", exportApproved: ["*"], ipProtection: 0.8),
        Country(
            id: "A2", exportApproved: chance(0.8) ? ["c"] : [], ipProtection: 0.5,
            screening: chance(0.2) ? .pending : .cleared),
    ]
    var items: [Item] = []
    var sources: [Source] = []
    for i in 0..<whole(1...2) {
        var item = Item(id: "i\(i)", category: "c", demand: (0..<periods).map { _ in chance(0.2) ? 0 : value(0...6) })
        item.integerUnits = chance(0.4)
        item.initialInventory = chance(0.3) ? value(0...4) : 0
        item.holdingCost = value(0...1)
        if chance(0.4) {
            item.backlogPenalty = value(5...20)
            if chance(0.5) { item.unmetPenalty = value(20...50) }
        }
        if chance(0.2) { item.minIPProtection = 0.6 }
        if chance(0.4) {
            item.domesticShare = DomesticShareRule(
                min: value(0...0.6), max: chance(0.3) ? 0.9 : nil,
                from: whole(0...periods - 1), over: chance(0.5) ? .period : .horizon)
        }
        if chance(0.3) { item.maxSharePerSource = value(0.5...0.9) }
        if chance(0.3) { item.maxSharePerAlly = value(0.3...0.8) }
        if chance(0.3) { item.shareOver = .period }
        if chance(0.2) { item.minSources = MinimumCount(count: 2, minShare: 0.1) }
        if chance(0.15) { item.minCountries = MinimumCount(count: 2, minShare: 0.1) }
        if chance(0.25) {
            item.resilience = Resilience(
                survive: chance(0.5) ? .anySingleCountry : .anySingleSource,
                coverage: value(0.2...0.6), from: whole(0...periods - 1))
        }
        items.append(item)
        let first = sources.count
        for s in 0..<whole(2...4) {
            let country = countries[whole(0...2)]
            var source = Source(
                id: "i\(i)s\(s)", country: country.id, item: item.id,
                unitCost: (0..<periods).map { _ in value(1...10) },
                // Whole capacities for integer items: fractional ones hit the known issue below.
                capacity: (0..<periods).map { _ in item.integerUnits ? value(0...8).rounded() : value(0...8) },
                capacityMode: chance(0.3) ? .concurrent : .starts, leadTime: whole(0...2),
                domesticContent: country.domestic ? 1 : (chance(0.2) ? 0.4 : 0))
            if chance(0.2) { source.fixedCost = value(1...10) }
            if chance(0.2) { source.minOrder = value(1...3) }
            if chance(0.2) { source.costShare = 0.5 }
            if chance(0.15) { source.availableFrom = 1 }
            if chance(0.15) { source.availableUntil = periods - 2 }
            if item.resilience != nil { source.reserveCost = value(0...1) }
            if country.domestic, s > 0, chance(0.5) {
                var onshoring = Onshoring()
                if chance(0.6) { onshoring.transfer = .init(fromSources: [sources[first].id], units: whole(1...2)) }
                if chance(0.5) {
                    onshoring.facility = .init(cost: value(1...10), buildTime: whole(0...1), earliest: whole(0...1))
                }
                if chance(0.5) { onshoring.rampUp = [1, 2] }
                if chance(0.3) { onshoring.sustainingRate = 1 }
                source.onshoring = onshoring
            }
            sources.append(source)
        }
    }
    var policy = Policy()
    if chance(0.15) { policy.embargo = ["A1"] }
    if chance(0.2) { policy.allowPendingScreening = true }
    if chance(0.2) { policy.budget = (0..<periods).map { _ in value(20...60) } }
    if soft {
        for i in items.indices {
            items[i].backlogPenalty = items[i].backlogPenalty ?? 10
            items[i].unmetPenalty = items[i].unmetPenalty ?? 30
            items[i].minSources = nil
            items[i].minCountries = nil
            items[i].resilience = nil
        }
        for s in sources.indices { sources[s].reserveCost = 0 }
    }
    return Scenario(
        name: "random \(seed)", periods: labels, discountRate: chance(0.5) ? 0.05 : 0,
        countries: countries, items: items, sources: sources, policy: policy)
}

/// The rule families of `scenario` that the diagnosis of an infeasible plan may name: each must
/// be a hard rule the scenario has (format, "Infeasible scenarios"). "structure" (the rules that
/// are never relaxed cannot hold) only where a minimum order or a sustaining rate can clash
/// with capacity.
private func diagnosableRules(_ scenario: Scenario, item id: String?) -> Set<String> {
    var rules: Set<String> = []
    if scenario.policy.budget != nil { rules.insert("budget") }
    if scenario.sources.contains(where: { $0.minOrder > 0 || $0.onshoring?.sustainingRate != nil }) {
        rules.insert("structure")
    }
    guard let item = scenario.items.first(where: { $0.id == id }) else { return rules }
    if item.unmetPenalty == nil { rules.insert("demand") }
    if item.domesticShare?.min != nil { rules.insert("domesticShareMin") }
    if item.domesticShare?.max != nil { rules.insert("domesticShareMax") }
    if item.maxSharePerSource != nil { rules.insert("maxSharePerSource") }
    if item.maxSharePerAlly != nil { rules.insert("maxSharePerAlly") }
    if item.minSources != nil { rules.insert("minSources") }
    if item.minCountries != nil { rules.insert("minCountries") }
    if item.resilience != nil { rules.insert("resilience") }
    return rules
}

/// Any random scenario: an optimal plan passes the checker; an infeasible one has a diagnosis
/// whose every entry names a hard rule the scenario has (for its item), missed by a positive
/// amount.
@Test("plans of random scenarios pass the checker", arguments: 1...300)
func randomScenarioPlans(seed: Int) throws {
    let scenario = randomScenario(seed: UInt64(seed))
    let plan = try solvedPlan(scenario)
    let status = plan["status"] as? String
    #expect(checkPlan(plan, against: scenario) == [], "seed \(seed)")
    switch status {
    case "optimal": break
    case "infeasible":
        let diagnosis = try #require(plan["diagnosis"] as? [[String: Any]], "seed \(seed): no diagnosis")
        #expect(!diagnosis.isEmpty, "seed \(seed): an empty diagnosis")
        for entry in diagnosis {
            let rule = entry["rule"] as? String ?? "nil"
            let item = entry["item"] as? String
            let message =
                "seed \(seed): the diagnosis names \(rule) for \(item ?? "no item"), a rule the scenario does not have"
            let softDemandWithResilience = scenario.items.contains {
                $0.id == item && $0.unmetPenalty != nil && $0.resilience != nil
            }
            if rule == "demand", softDemandWithResilience {
                // Seeds 3, 34, 36, 130, 192: the demand slack stocks the item, and that stock
                // covers every country's resilience row at once, so relaxing "demand" is the
                // smaller total violation, though the item's demand is soft (an unmet penalty).
                // Reported as a finding (issue 17 tests note); the planner reads "demand short".
                withKnownIssue("the diagnosis blames the soft demand of an item whose resilience rule cannot hold") {
                    Issue.record(Comment(rawValue: message))
                }
            } else {
                #expect(diagnosableRules(scenario, item: item).contains(rule), Comment(rawValue: message))
            }
            if rule != "structure" {
                #expect((entry["shortfall"] as? Double ?? 0) > 0, "seed \(seed): \(rule) missed by nothing")
            }
        }
    default: Issue.record("seed \(seed): status \(status ?? "nil")")
    }
}

/// The same scenarios made feasible by construction: every item's demand is soft (a backlog
/// penalty and an unmet penalty), and the rules that bind whatever is delivered (minimum sources
/// and countries, resilience) are dropped. Ordering nothing then meets every remaining rule
/// (balance with everything unmet, share rules and caps hold at zero deliveries, no budget is
/// spent, no line need ever be allowed to work so no sustaining floor applies), so the optimum
/// exists and each plan must be optimal and pass the checker.
@Test("random scenarios feasible by construction solve to optimal", arguments: 1...150)
func randomScenarioPlansOfSoftScenariosAreOptimal(seed: Int) throws {
    let scenario = randomScenario(seed: UInt64(seed), soft: true)
    let plan = try solvedPlan(scenario)
    #expect(plan["status"] as? String == "optimal", "seed \(seed): \(plan["status"] ?? "no status")")
    #expect(checkPlan(plan, against: scenario) == [], "seed \(seed)")
}

/// The checker's eligibility is the format's, worked case by case (not `Scenario.isEligible`).
@Test func theCheckersEligibilityFollowsTheFormat() {
    let countries = [
        Country(id: "US", domestic: true, exportApproved: [], ipProtection: 0, screening: .denied),
        Country(id: "OK", exportApproved: ["*"], ipProtection: 1),
        Country(id: "EM", exportApproved: ["*"], ipProtection: 1),
        Country(id: "CAT", exportApproved: ["other"], ipProtection: 1),
        Country(id: "LOW", exportApproved: ["c"], ipProtection: 0.5),
        Country(id: "PEND", exportApproved: ["c"], ipProtection: 1, screening: .pending),
        Country(id: "DEN", exportApproved: ["c"], ipProtection: 1, screening: .denied),
        Country(id: "ALL", exportApproved: [], ipProtection: 0, screening: .pending),
    ]
    let sources = countries.map {
        Source(id: $0.id, country: $0.id, item: "w", unitCost: [1], capacity: [1], domesticContent: 0)
    }
    func reasons(allowPending: Bool) -> [[String]] {
        let scenario = Scenario(
            name: "eligibility", periods: ["P"], countries: countries,
            items: [Item(id: "w", category: "c", demand: [1], minIPProtection: 0.6)], sources: sources,
            policy: Policy(allowPendingScreening: allowPending, embargo: ["EM", "ALL"]))
        return sources.indices.map { formatExclusionReasons(source: $0, in: scenario) }
    }
    // US: domestic, so eligible whatever its fields say; OK: approved for everything.
    #expect(
        reasons(allowPending: false) == [
            [], [], ["embargo"], ["exportControl"], ["ipProtection"], ["screeningPending"], ["screeningDenied"],
            ["embargo", "exportControl", "ipProtection", "screeningPending"],
        ])
    #expect(
        reasons(allowPending: true)[5] == []
            && reasons(allowPending: true)[7] == ["embargo", "exportControl", "ipProtection"])
}

@Test("an integer item with a fractional capacity solves (the format allows fractional capacities)")
func integerItemWithFractionalCapacity() throws {
    // Found by the random scenarios: the order column of an integer item got the fractional
    // capacity as its upper bound, and glp_intopt refused to start (GLP_EBOUND: integer columns
    // need integer bounds). Whole-unit orders are now bounded by the whole part of the capacity.
    let scenario = Scenario(
        name: "fractional capacity", periods: ["P0", "P1"],
        countries: [Country(id: "US", domestic: true)],
        items: [Item(id: "hull", category: "c", demand: [1, 2], integerUnits: true)],
        sources: [
            Source(
                id: "yard", country: "US", item: "hull", unitCost: [1, 1],
                capacity: [2.5, 2.5], domesticContent: 1)
        ])
    let plan = try solvedPlan(scenario)
    #expect(plan["status"] as? String == "optimal")
    #expect(plan["objective"] as? Double == 3)
    #expect(checkPlan(plan, against: scenario) == [])
}
