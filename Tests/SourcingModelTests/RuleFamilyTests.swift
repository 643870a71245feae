import Foundation
import LinearSolver
import SourcingModel
import SourcingOutput
import SourcingScenario
import Testing

// One small scenario per rule family of the core formulation, each with its optimum derived by
// hand in the comment and compared exactly. Every plan also passes the independent checker.

@Suite struct RuleFamilyTests {
    @Test func holdingCostAgainstDomesticPremium() throws {
        // Demand 1, 2, 3. The ally costs 6 (2 per period), home 10 (plenty). Carrying a unit
        // costs 5, more than the home premium of 4, so the ally delivers 1, 2, 2 just in time
        // and home makes the last unit: 5 × 6 + 10 = 40.
        let s = scenario(
            periods: 3, items: [item(demand: [1, 2, 3]) { $0.holdingCost = 5 }],
            sources: [
                source("home", periods: 3, cost: 10, capacity: 10),
                source("ally", country: finland, periods: 3, cost: 6, capacity: 2),
            ])
        let plan = try solveChecked(s)
        #expect(plan.status == .optimal)
        #expect(plan.objective == 40)
        #expect(plan.orders("ally") == [1, 2, 2])
        #expect(plan.orders("home") == [0, 0, 1])
        #expect(plan.mipGap == nil)
        #expect(plan.items[0].domesticShare == [0, 0, 0.333333333333])  // 1/3 to 12 significant digits
        #expect(plan.costs.procurement == 40 && plan.costs.holding == 0)
    }

    @Test func cheapCarryingBeatsDomesticPremium() throws {
        // Same, but carrying costs 1 < 4: the ally orders 2, 2, 2 and carries 1 unit twice:
        // 6 × 6 + 2 × 1 = 38.
        let s = scenario(
            periods: 3, items: [item(demand: [1, 2, 3]) { $0.holdingCost = 1 }],
            sources: [
                source("home", periods: 3, cost: 10, capacity: 10),
                source("ally", country: finland, periods: 3, cost: 6, capacity: 2),
            ])
        let plan = try solveChecked(s)
        #expect(plan.objective == 38)
        #expect(plan.items[0].inventory == [1, 1, 0])
        #expect(plan.costs.holding == 2)
    }

    @Test func leadTimeShiftsDeliveriesAndEndsOrdering() throws {
        // Lead time 1: orders in P1, P2 deliver in P2, P3; nothing may be ordered in P3. Demand
        // in P1 comes from the initial inventory of 1. Cost 2 × 3 = 6.
        let s = scenario(
            periods: 3, items: [item(demand: [1, 1, 1]) { $0.initialInventory = 1 }],
            sources: [source("slow", periods: 3, cost: 3, capacity: 5) { $0.leadTime = 1 }])
        let plan = try solveChecked(s)
        #expect(plan.objective == 6)
        #expect(plan.orders("slow") == [1, 1, 0])
        #expect(plan.sources[0].deliveries == [0, 1, 1])
    }

    @Test func availabilityWindowLimitsOrderPeriods() throws {
        // The cheap source may order only in P2; demand 1 per period; the rest from home (5).
        // Holding 0: the cheap source orders 2 in P2 (for P2 and P3), home P1: 5 + 2 × 1 = 7.
        let s = scenario(
            periods: 3, items: [item(demand: [1, 1, 1])],
            sources: [
                source("home", periods: 3, cost: 5, capacity: 5),
                source("window", periods: 3, cost: 1, capacity: 5) {
                    $0.availableFrom = 1
                    $0.availableUntil = 1
                },
            ])
        let plan = try solveChecked(s)
        #expect(plan.objective == 7)
        #expect(plan.orders("window") == [0, 2, 0])
    }

    @Test func backlogAndUnmetDemand() throws {
        // Demand 3 in P3, the only source costs 10 per unit. A unit left unmet costs backlog 1
        // (in P3) + unmet 5 = 6 < 10, so nothing is ordered: 3 × 6 = 18.
        let s = scenario(
            periods: 3,
            items: [
                item(demand: [0, 0, 3]) {
                    $0.backlogPenalty = 1
                    $0.unmetPenalty = 5
                }
            ],
            sources: [source("home", periods: 3, cost: 10, capacity: 1)])
        let plan = try solveChecked(s)
        #expect(plan.objective == 18)
        #expect(plan.costs.backlog == 3 && plan.costs.unmet == 15)
        #expect(plan.items[0].backlog == [0, 0, 3])
    }

    @Test func lateDeliveryWithBacklogOnly() throws {
        // Demand 2 in P1, lead time 1: delivered in P2, 2 units late for one period at 3 each:
        // 2 × 10 + 2 × 3 = 26. Without unmetPenalty everything owed is delivered by the end.
        let s = scenario(
            periods: 2, items: [item(demand: [2, 0]) { $0.backlogPenalty = 3 }],
            sources: [source("home", periods: 2, cost: 10, capacity: 5) { $0.leadTime = 1 }])
        let plan = try solveChecked(s)
        #expect(plan.objective == 26)
        #expect(plan.items[0].backlog == [2, 0])
    }

    @Test func concurrentCapacityCountsUnitsInWork() throws {
        // Dock slots: A has 1 slot and a 2-period build, so it can deliver in P3 and P5 but not
        // P4 (orders in P1 and P2 would both be in work in P2). B (9, no lead time) covers P4:
        // 2 × 5 + 9 = 19.
        let s = scenario(
            periods: 5, items: [item(demand: [0, 0, 1, 1, 1])],
            sources: [
                source("dock", periods: 5, cost: 5, capacity: 1) {
                    $0.capacityMode = .concurrent
                    $0.leadTime = 2
                },
                source("quick", periods: 5, cost: 9, capacity: 5),
            ])
        let plan = try solveChecked(s)
        #expect(plan.objective == 19)
        #expect(plan.orders("dock") == [1, 0, 1, 0, 0])
        #expect(plan.orders("quick") == [0, 0, 0, 1, 0])
        #expect(plan.sources[0].utilization == [1, 1, 1, 1, 0])
    }

    @Test func discountingMovesSpendingLate() throws {
        // Rate 100%: weights 1, 0.5, 0.25. Ordering the one unit due in P3 in P3 from the source
        // without lead time costs 10 × 0.25 = 2.5, cheaper than 8 in P1 from the slow one.
        let s = scenario(
            periods: 3, items: [item(demand: [0, 0, 1])],
            sources: [
                source("late", periods: 3, cost: 10, capacity: 5),
                source("early", periods: 3, cost: 8, capacity: 5) { $0.leadTime = 2 },
            ]
        ) { $0.discountRate = 1 }
        let plan = try solveChecked(s)
        #expect(plan.objective == 2.5)
        #expect(plan.orders("late") == [0, 0, 1])
    }

    @Test func costShareScalesUnitCostOnly() throws {
        // A joint programme pays half of the partner's 10; home costs 6: the partner wins, 4 × 5 = 20.
        let s = scenario(
            periods: 1, items: [item(demand: [4])],
            sources: [
                source("home", periods: 1, cost: 6, capacity: 10),
                source("partner", country: finland, periods: 1, cost: 10, capacity: 10) { $0.costShare = 0.5 },
            ])
        let plan = try solveChecked(s)
        #expect(plan.objective == 20)
        #expect(plan.total("partner") == 4)
    }

    @Test(arguments: [(3.0, 12.0, "plain"), (4.0, 14.0, "fixed")])
    func fixedCostDecidesOpening(demand: Double, objective: Double, chosen: String) throws {
        // "fixed" costs 1 a unit plus 10 once; "plain" 4 a unit. For 3 units plain wins (12 < 13),
        // for 4 fixed wins (14 < 16).
        let s = scenario(
            periods: 1, items: [item(demand: [demand]) { $0.integerUnits = true }],
            sources: [
                source("fixed", periods: 1, cost: 1, capacity: 5) { $0.fixedCost = 10 },
                source("plain", periods: 1, cost: 4, capacity: 5),
            ])
        let plan = try solveChecked(s)
        #expect(plan.status == .optimal)
        #expect(plan.objective == objective)
        #expect(plan.total(chosen) == demand)
        #expect(plan.mipGap == 0)
    }

    @Test func integerUnitsRoundUp() throws {
        // 2.5 units of demand with whole units: 3 ordered, 0.5 left in stock: 3 × 7 + 0.5 × 2 = 22.
        let s = scenario(
            periods: 1,
            items: [
                item(demand: [2.5]) {
                    $0.integerUnits = true
                    $0.holdingCost = 2
                }
            ],
            sources: [source("home", periods: 1, cost: 7, capacity: 5)])
        let plan = try solveChecked(s)
        #expect(plan.objective == 22)
        #expect(plan.items[0].inventory == [0.5])
    }

    @Test func minimumOrderForcesBatching() throws {
        // "batch" costs 1 but takes at least 3 when it is ordered from; "spot" costs 2.
        // Demand 2, 2; holding 0.1. Batch 4 in P1, carry 2: 4 + 0.2 = 4.2 beats 3 + 0.1 + 2 and 8.
        let s = scenario(
            periods: 2, items: [item(demand: [2, 2]) { $0.holdingCost = 0.1 }],
            sources: [
                source("batch", periods: 2, cost: 1, capacity: 10) { $0.minOrder = 3 },
                source("spot", periods: 2, cost: 2, capacity: 10),
            ])
        let plan = try solveChecked(s)
        #expect(close(plan.objective, 4.2))
        #expect(plan.orders("batch") == [4, 0])
    }

    @Test func minimumOrderAboveCapacityTakesNoOrder() throws {
        // Capacity 2 < minimum order 3: the batch source can take no order; spot makes all 4 at 2.
        let s = scenario(
            periods: 2, items: [item(demand: [2, 2])],
            sources: [
                source("batch", periods: 2, cost: 1, capacity: 2) { $0.minOrder = 3 },
                source("spot", periods: 2, cost: 2, capacity: 10),
            ])
        let plan = try solveChecked(s)
        #expect(plan.objective == 8)
        #expect(plan.total("batch") == 0)
    }

    @Test func domesticShareMinimumPerPeriodFrom() throws {
        // Ally 1, home 3, demand 2, 2. From P2 on, at least half of each period's deliveries
        // are domestic: P1 all ally (2), P2 one each (4): 6. Carrying costs 5, more than the
        // home premium, so nothing is bought ahead (the rule is on deliveries per period).
        let s = scenario(
            periods: 2,
            items: [
                item(demand: [2, 2]) {
                    $0.domesticShare = DomesticShareRule(min: 0.5, from: 1)
                    $0.holdingCost = 5
                }
            ],
            sources: [
                source("home", periods: 2, cost: 3, capacity: 10),
                source("ally", country: finland, periods: 2, cost: 1, capacity: 10),
            ])
        let plan = try solveChecked(s)
        #expect(plan.objective == 6)
        #expect(plan.orders("home") == [0, 1])
        #expect(plan.items[0].domesticShare == [0, 0.5])
    }

    @Test func domesticShareOverHorizonAndMaximum() throws {
        // Home is cheap (1), the ally 3; at most 25% domestic over the horizon: of 4 units one is
        // domestic: 1 + 3 × 3 = 10.
        let s = scenario(
            periods: 2,
            items: [item(demand: [2, 2]) { $0.domesticShare = DomesticShareRule(max: 0.25, over: .horizon) }],
            sources: [
                source("home", periods: 2, cost: 1, capacity: 10),
                source("ally", country: finland, periods: 2, cost: 3, capacity: 10),
            ])
        let plan = try solveChecked(s)
        #expect(plan.objective == 10)
        #expect(plan.total("home") == 1)
    }

    @Test func coProductionCountsDomesticContent() throws {
        // A co-production line in Finland with 60% domestic content (cost 2) vs home (5); at least
        // 80% domestic: with h home units of 10, h + 0.6 (10 − h) ≥ 8 → h ≥ 5: 5 × 5 + 5 × 2 = 35.
        let s = scenario(
            periods: 1, items: [item(demand: [10]) { $0.domesticShare = DomesticShareRule(min: 0.8) }],
            sources: [
                source("home", periods: 1, cost: 5, capacity: 20),
                source("coprod", country: finland, periods: 1, cost: 2, capacity: 20) { $0.domesticContent = 0.6 },
            ])
        let plan = try solveChecked(s)
        #expect(close(plan.objective, 35))
        #expect(close(plan.items[0].domestic[0], 8))
    }

    @Test func maxSharePerSource() throws {
        // Three sources at 1, 2, 3; no source above half of the 4 units: 2 × 1 + 2 × 2 = 6.
        let s = scenario(
            periods: 1, items: [item(demand: [4]) { $0.maxSharePerSource = 0.5 }],
            sources: [
                source("a", country: finland, periods: 1, cost: 1, capacity: 10),
                source("b", country: finland, periods: 1, cost: 2, capacity: 10),
                source("c", periods: 1, cost: 3, capacity: 10),
            ])
        let plan = try solveChecked(s)
        #expect(plan.objective == 6)
        #expect(plan.items[0].redundancy.largestSourceShare == 0.5)
    }

    @Test func maxSharePerAllyPerPeriod() throws {
        // Both cheap sources are Finnish; Finland may deliver at most half in each period:
        // per period 1 from a (1) and 1 from home (3): 2 × 4 = 8 (carrying costs, so nothing is
        // bought ahead).
        let s = scenario(
            periods: 2,
            items: [
                item(demand: [2, 2]) {
                    $0.maxSharePerAlly = 0.5
                    $0.shareOver = .period
                    $0.holdingCost = 1
                }
            ],
            sources: [
                source("a", country: finland, periods: 2, cost: 1, capacity: 10),
                source("b", country: finland, periods: 2, cost: 2, capacity: 10),
                source("c", periods: 2, cost: 3, capacity: 10),
            ])
        let plan = try solveChecked(s)
        #expect(plan.objective == 8)
        #expect(plan.orders("c") == [1, 1])
    }

    @Test func minimumSourcesAndCountries() throws {
        // At least 2 sources each with ≥ 25% of 4 units: a 3 (1 each) + b 1 (2) = 5.
        // At least 2 countries instead (a, b Finnish): a 3 + home 1 (3) = 6.
        let sources = [
            source("a", country: finland, periods: 1, cost: 1, capacity: 10),
            source("b", country: finland, periods: 1, cost: 2, capacity: 10),
            source("home", periods: 1, cost: 3, capacity: 10),
        ]
        let bySource = try solveChecked(
            scenario(
                periods: 1, items: [item(demand: [4]) { $0.minSources = MinimumCount(count: 2, minShare: 0.25) }],
                sources: sources))
        #expect(bySource.objective == 5)
        #expect(bySource.total("b") == 1)
        let byCountry = try solveChecked(
            scenario(
                periods: 1, items: [item(demand: [4]) { $0.minCountries = MinimumCount(count: 2, minShare: 0.25) }],
                sources: sources))
        #expect(byCountry.objective == 6)
        #expect(byCountry.total("home") == 1)
        #expect(byCountry.items[0].redundancy.countriesUsed == 2)
    }

    @Test func budgetTiesItemsTogether() throws {
        // Two items, each 1 unit due in P2 at cost 1; P2's budget is 1, so one is bought in P1
        // and carried: the one with the cheaper holding cost (y, 0.2): 2 + 0.2 = 2.2.
        let s = scenario(
            periods: 2,
            items: [
                item("x", demand: [0, 1]) { $0.holdingCost = 0.5 }, item("y", demand: [0, 1]) { $0.holdingCost = 0.2 },
            ],
            sources: [
                source("x-home", item: "x", periods: 2, cost: 1, capacity: 5),
                source("y-home", item: "y", periods: 2, cost: 1, capacity: 5),
            ]
        ) { $0.policy.budget = [10, 1] }
        let plan = try solveChecked(s)
        #expect(close(plan.objective, 2.2))
        #expect(plan.orders("y-home") == [1, 0])
    }

    @Test func eligibilityExcludesWithEveryReason() throws {
        // The ally is embargoed, not export-approved, below the IP minimum and pending screening:
        // it takes nothing, and all four reasons are listed in the format's order.
        let blocked = Country(id: "XX", exportApproved: ["other"], ipProtection: 0.2, screening: .pending)
        let s = scenario(
            periods: 1, countries: [usa, blocked], items: [item(demand: [2]) { $0.minIPProtection = 0.5 }],
            sources: [
                source("home", periods: 1, cost: 5, capacity: 10),
                source("cheap", country: blocked, periods: 1, cost: 1, capacity: 10),
            ]
        ) { $0.policy.embargo = ["XX"] }
        let plan = try solveChecked(s)
        #expect(plan.objective == 10)
        #expect(plan.excluded.map(\.source) == ["cheap"])
        #expect(plan.excluded.first?.reasons == ["embargo", "exportControl", "ipProtection", "screeningPending"])
    }

    @Test func infeasibleDemandIsDiagnosed() throws {
        // One source, 1 unit per period; 3 units due in P2: even with P1's unit carried, P2 is
        // short by 1.
        let s = scenario(
            periods: 2, items: [item(demand: [0, 3])],
            sources: [source("home", periods: 2, cost: 1, capacity: 1)])
        let plan = try solveChecked(s)
        #expect(plan.status == .infeasible)
        #expect(plan.objective == nil)
        let diagnosis = try #require(plan.diagnosis)
        #expect(diagnosis.count == 1)
        #expect(diagnosis[0].rule == .demand && diagnosis[0].item == "widget" && diagnosis[0].period == "P2")
        #expect(diagnosis[0].shortfall == 1)
        #expect(
            diagnosis[0].message
                == "widget P2: demand short by 1 unit; the eligible sources cannot deliver enough by then within their capacity and the other rules"
        )
    }

    @Test func infeasibleBudgetIsDiagnosed() throws {
        // 2 whole units at 0.5 each must be bought, but only 0.9 may be spent. Relative to its
        // scale the budget is short by 0.1 / 0.9 = 0.111; the other way out, one unit of demand
        // short (whole units), is 1 / 2 = 0.5 of the largest period demand. So: the budget.
        let s = scenario(
            periods: 1, items: [item(demand: [2]) { $0.integerUnits = true }],
            sources: [source("home", periods: 1, cost: 0.5, capacity: 5)]
        ) {
            $0.policy.budget = [0.9]
            $0.currency = "USD"
        }
        let plan = try solveChecked(s)
        #expect(plan.status == .infeasible)
        #expect(plan.diagnosis?.map(\.rule) == [.budget])
        #expect(plan.diagnosis?.first?.shortfall == 0.1)
        #expect(plan.diagnosis?.first?.relativeShortfall == 0.111111111111)
        #expect(plan.diagnosis?.first?.message == "P1: budget short by 0.1 USD (11.1 %)")
    }

    @Test func violationsAreCountedRelativeToTheirRulesScale() throws {
        // 2 units at 5 with a budget of 6 (continuous units): meeting the budget needs 0.8 fewer
        // units, 0.8 / 2 = 0.4 of the largest period demand, less than the budget's 4 / 6 = 0.667,
        // so the diagnosis is the demand shortfall. (For one continuous item this is always so:
        // (D·c − B) / (D·c) < (D·c − B) / B whenever B < D·c.)
        let s = scenario(
            periods: 1, items: [item(demand: [2])],
            sources: [source("home", periods: 1, cost: 5, capacity: 5)]
        ) { $0.policy.budget = [6] }
        let plan = try solveChecked(s)
        #expect(plan.diagnosis?.map(\.rule) == [.demand])
        #expect(plan.diagnosis?.first?.shortfall == 0.8)
        #expect(plan.diagnosis?.first?.relativeShortfall == 0.4)
    }

    @Test func aLargeBudgetDoesNotDrownAShortUnit() throws {
        // 3 whole units due in P2; the home line makes 1 a period (cost 1), so the third must come
        // from the dear line, which works only in P1 (10,100). P1 then spends 10,101 against a
        // budget of 10,000. Counted in their own units, 1 unit short would beat 101 of money;
        // relative to their scales, 101 / 10,000 = 0.0101 of P1's budget beats 1 / 3 = 0.333 of
        // the largest period demand: the budget is short, not the demand.
        let s = scenario(
            periods: 2, items: [item(demand: [0, 3]) { $0.integerUnits = true }],
            sources: [
                source("home", periods: 2, cost: 1, capacity: 1),
                source("dear", periods: 2, cost: 10_100, capacity: 1) { $0.capacity = [1, 0] },
            ]
        ) { $0.policy.budget = [10_000, 10_000] }
        let plan = try solveChecked(s)
        #expect(plan.diagnosis?.map(\.rule) == [.budget])
        #expect(plan.diagnosis?.first?.period == "P1")
        #expect(plan.diagnosis?.first?.shortfall == 101)
        #expect(plan.diagnosis?.first?.message == "P1: budget short by 101 (1 %)")
    }

    @Test func itemWithNoEligibleSourceIsDiagnosed() throws {
        let denied = Country(id: "DN", exportApproved: ["*"], ipProtection: 1, screening: .denied)
        let s = scenario(
            periods: 1, countries: [usa, denied], items: [item(demand: [1])],
            sources: [source("only", country: denied, periods: 1, cost: 1, capacity: 5)])
        let plan = try solveChecked(s)
        #expect(plan.status == .infeasible)
        #expect(
            plan.diagnosis?.first?.message
                == "widget P1: demand short by 1 unit; no eligible source (excluded: only: screeningDenied)")
    }

    @Test func samePlanBytesTwice() throws {
        let s = scenario(
            periods: 3,
            items: [
                item(demand: [1, 2, 3]) {
                    $0.holdingCost = 1
                    $0.maxSharePerSource = 0.7
                }
            ],
            sources: [
                source("home", periods: 3, cost: 10, capacity: 10),
                source("ally", country: finland, periods: 3, cost: 6, capacity: 2),
            ])
        var first = try solveChecked(s, options: PlanOptions(sensitivity: true))
        var second = try solveChecked(s, options: PlanOptions(sensitivity: true))
        first.solver.seconds = 0
        second.solver.seconds = 0
        #expect(first.jsonText() == second.jsonText())
    }
}

@Suite struct ModelNameTests {
    @Test func namesAreValidForGLPKWhateverTheIds() throws {
        // A 300-character id and a period label with a tab: the names are cut to 255 bytes with
        // a digest (still distinct) and control characters replaced, so export never fails.
        let long = String(repeating: "a", count: 300)
        var s = scenario(
            periods: 2, items: [item(demand: [1, 1])],
            sources: [
                source(long, periods: 2, cost: 1, capacity: 5), source(long + "b", periods: 2, cost: 2, capacity: 5),
            ])
        s.periods = ["P\t1", "P2"]
        let built = PlanningModel(scenario: s, names: true)
        #expect(built.model.validationErrors().isEmpty)
        let names = try #require(built.model.columnNames)
        #expect(Set(names).count == names.count)
        #expect(names.allSatisfy { $0.utf8.count <= 255 && !$0.unicodeScalars.contains { $0.value < 0x20 } })
    }
}
