import Foundation
import SourcingModel
import SourcingOutput
import SourcingScenario
import Testing

// Components (multi-tier supply) and capacity pools, each element alone, with optima derived by
// hand; every plan passes the independent checker (balance with draws, pool rows, the
// `consumed`, `capacityPools` and `components` keys).

/// A component item: no demand of its own unless given.
func component(_ id: String, demand: [Double], _ configure: (inout Item) -> Void = { _ in }) -> Item {
    item(id, demand: demand, configure)
}

@Suite struct ComponentTests {
    @Test func aFurnishedComponentIsBoughtFromTheCheaperAlly() throws {
        // Each hull the home yard starts (100) needs 2 pods, furnished by the planner: Finland
        // makes them for 6, the home plant for 10. Two hulls, one a period (holding either costs 1):
        // 2 × 100 + 4 × 6 = 224.
        // All pods are Finnish, so the home-built hull's pod content is all allied.
        let s = scenario(
            periods: 2,
            items: [
                item("hull", demand: [1, 1]) { $0.holdingCost = 1 },
                component("pod", demand: [0, 0]) { $0.holdingCost = 1 },
            ],
            sources: [
                source("us-yard", item: "hull", periods: 2, cost: 100, capacity: 5) {
                    $0.consumes = [Component(item: "pod", perUnit: 2)]
                },
                source("us-pods", item: "pod", periods: 2, cost: 10, capacity: 10),
                source("fi-pods", country: finland, item: "pod", periods: 2, cost: 6, capacity: 10),
            ])
        let plan = try solveChecked(s)
        #expect(plan.status == .optimal)
        #expect(plan.objective == 224)
        #expect(plan.orders("fi-pods") == [2, 2] && plan.total("us-pods") == 0)
        #expect(plan.items[1].consumed == [2, 2])
        #expect(plan.items[0].consumed == [0, 0])
        #expect(plan.items[1].components == [])
        let pods = try #require(plan.items[0].components?.first)
        #expect(pods.item == "pod" && pods.drawn == [2, 2])
        #expect(pods.allied == [2, 2] && pods.domestic == [0, 0] && pods.fromInitialInventory == [0, 0])
        #expect(pods.byCountry.map(\.id) == ["US", "FI"] && pods.byCountry.map(\.values) == [[0, 0], [2, 2]])
        #expect(plan.capacityPools == nil)
    }

    @Test func aComponentWithItsOwnDemandPlusDraws() throws {
        // Pods are needed as spares (1 in P1, 1 in P3) and by the yard: hulls take a period to
        // build, so the two hulls (for P2, P3) start in P1 and P2 and draw 2 pods each then. The
        // pod requirement is 3, 2, 1. The ally makes at most 2 a period for 6, home any for 10,
        // and a pod held costs 1 a period. P1 needs 3 with nothing on hand: ally 2 + home 1; P2:
        // ally 2; P3: ally 1. Pods 5 × 6 + 10 = 40, hulls 2 × 100: 240.
        let s = scenario(
            periods: 3,
            items: [item("hull", demand: [0, 1, 1]), component("pod", demand: [1, 0, 1]) { $0.holdingCost = 1 }],
            sources: [
                source("yard", item: "hull", periods: 3, cost: 100, capacity: 5) {
                    $0.leadTime = 1
                    $0.consumes = [Component(item: "pod", perUnit: 2)]
                },
                source("home-pods", item: "pod", periods: 3, cost: 10, capacity: 10),
                source("ally-pods", country: finland, item: "pod", periods: 3, cost: 6, capacity: 2),
            ])
        let plan = try solveChecked(s)
        #expect(plan.objective == 240)
        #expect(plan.orders("yard") == [1, 1, 0])
        #expect(plan.orders("ally-pods") == [2, 2, 1] && plan.orders("home-pods") == [1, 0, 0])
        #expect(plan.items[1].consumed == [2, 2, 0])
        #expect(plan.items[1].inventory == [0, 0, 0])
        // First in, first out, shared in proportion to use: in P1 the 3 pods used are 2 Finnish
        // and 1 home; the yard draws 2 of the 3, so 2/3 of each.
        let pods = try #require(plan.items[0].components?.first)
        #expect(pods.drawn == [2, 2, 0])
        #expect(pods.byCountry.map(\.values) == [[0.666666666667, 0, 0], [1.33333333333, 2, 0]])
        #expect(pods.domestic == [0.666666666667, 0, 0] && pods.allied == [1.33333333333, 2, 0])
    }

    @Test func aConcurrentPoolBindsAcrossTwoItems() throws {
        // One yard's two dock slots are shared by a cutter line (100) and a frigate line (150);
        // a hull stays two periods in the dock. Each class needs one ship in P3 and one in P4, so
        // they start in P1 and P2, and the dock holds every ship started in P1 or P2 during P2:
        // at most 2 of the 4. Elsewhere a cutter costs 130 (30 more) and a frigate 200 (50 more),
        // so the shared yard builds the frigates: 2 × 150 + 2 × 130 = 560 (500 with no pool).
        func portfolio(pool: Bool) -> Scenario {
            scenario(
                periods: 4, items: [item("cutter", demand: [0, 0, 1, 1]), item("frigate", demand: [0, 0, 1, 1])],
                sources: [
                    source("gulf-cutter", item: "cutter", periods: 4, cost: 100, capacity: 2) {
                        $0.leadTime = 2
                        $0.capacityMode = .concurrent
                    },
                    source("gulf-frigate", item: "frigate", periods: 4, cost: 150, capacity: 2) {
                        $0.leadTime = 2
                        $0.capacityMode = .concurrent
                    },
                    source("other-cutter", item: "cutter", periods: 4, cost: 130, capacity: 5) { $0.leadTime = 2 },
                    source("other-frigate", item: "frigate", periods: 4, cost: 200, capacity: 5) { $0.leadTime = 2 },
                ]
            ) {
                if pool {
                    $0.capacityPools = [
                        CapacityPool(
                            id: "gulf-docks", capacity: [2, 2, 2, 2], capacityMode: .concurrent,
                            members: [.init(source: "gulf-cutter"), .init(source: "gulf-frigate")])
                    ]
                }
            }
        }
        #expect(try solveChecked(portfolio(pool: false)).objective == 500)
        let s = portfolio(pool: true)
        #expect(s.linkedItemGroups() == [[0, 1]] && s.independentItemBlocks() == nil)
        let plan = try solveChecked(s)
        #expect(plan.objective == 560)
        #expect(plan.total("gulf-frigate") == 2 && plan.total("gulf-cutter") == 0 && plan.total("other-cutter") == 2)
        let pool = try #require(plan.capacityPools?.first)
        #expect(pool.id == "gulf-docks" && pool.used[1] == 2 && pool.utilization[1] == 1)
        #expect(plan.items[0].consumed == nil)  // no component anywhere: no component keys
    }

    @Test func aStartsPoolWithUnitsTakingMoreThanOneSlot() throws {
        // A test bench of 6 slots a period; a module of line A takes 2 slots, of line B 1. Both
        // lines cost 10; elsewhere A costs 15 (5 more: 2.5 a slot) and B 12 (2 more: 2 a slot).
        // Demand A 2, B 3: A gets its 2 (4 slots), B the 2 slots left, and 1 B elsewhere:
        // 2 × 10 + 2 × 10 + 12 = 52.
        let s = scenario(
            periods: 1, items: [item("a", demand: [2]), item("b", demand: [3])],
            sources: [
                source("line-a", item: "a", periods: 1, cost: 10, capacity: 10),
                source("line-b", item: "b", periods: 1, cost: 10, capacity: 10),
                source("alt-a", item: "a", periods: 1, cost: 15, capacity: 10),
                source("alt-b", item: "b", periods: 1, cost: 12, capacity: 10),
            ]
        ) {
            $0.capacityPools = [
                CapacityPool(
                    id: "bench", capacity: [6], members: [.init(source: "line-a", perUnit: 2), .init(source: "line-b")])
            ]
        }
        let plan = try solveChecked(s)
        #expect(plan.objective == 52)
        #expect(plan.orders("line-a") == [2] && plan.orders("line-b") == [2] && plan.orders("alt-b") == [1])
        #expect(plan.capacityPools == [PoolPlan(id: "bench", used: [6], utilization: [1])])
    }

    @Test func aPoolHoldsTheReservesOfResilienceMembers() throws {
        // One unit due; surviving the loss of either source at full coverage means each holds a
        // reserve of 1. Source a makes the unit (1), b's reserve idles (0.1): 1.1. Both lines sit
        // in a pool written on reserves: with room for 2 that is the plan; with room for 1.5 the
        // reserves cannot both be 1 (on orders alone 1 unit would fit), 0.5 of coverage short.
        func plan(room: Double) throws -> Plan {
            try solveChecked(
                scenario(
                    periods: 1,
                    items: [item(demand: [1]) { $0.resilience = Resilience(survive: .anySingleSource, coverage: 1) }],
                    sources: [
                        source("a", periods: 1, cost: 1, capacity: 5) { $0.reserveCost = 0.1 },
                        source("b", periods: 1, cost: 2, capacity: 5) { $0.reserveCost = 0.1 },
                    ]
                ) {
                    $0.capacityPools = [
                        CapacityPool(id: "shared", capacity: [room], members: [.init(source: "a"), .init(source: "b")])
                    ]
                })
        }
        let roomy = try plan(room: 2)
        #expect(roomy.objective == 1.1 && roomy.sources.map(\.reserve) == [[1], [1]])
        #expect(roomy.capacityPools?.first?.used == [1])  // counted on orders, as the plan key says
        let tight = try plan(room: 1.5)
        #expect(tight.status == .infeasible)
        #expect(tight.diagnosis?.map(\.rule) == [.resilience] && tight.diagnosis?.first?.shortfall == 0.5)
    }

    @Test func aComponentUnderABudget() throws {
        // A hull (due P3, a period to build) starts in P1 for 120 or P2 for 100, and draws a radar
        // (12 from the ally, whole units) when it starts; a radar held costs 1 a period. Without a budget: hull
        // and radar in P2, 112. With 105 to spend in P2 the radar is bought in P1 and held:
        // 12 + 1 + 100 = 113 (starting the hull in P1 would cost 132).
        func yard(budget: [Double]?) -> Scenario {
            scenario(
                periods: 3,
                items: [
                    item("hull", demand: [0, 0, 1]),
                    component("radar", demand: [0, 0, 0]) {
                        $0.holdingCost = 1
                        $0.integerUnits = true
                    },
                ],
                sources: [
                    source("yard", item: "hull", periods: 3, cost: 100, capacity: 1) {
                        $0.unitCost = [120, 100, 100]
                        $0.leadTime = 1
                        $0.consumes = [Component(item: "radar", perUnit: 1)]
                    },
                    source("ally-radar", country: finland, item: "radar", periods: 3, cost: 12, capacity: 1),
                    source("home-radar", item: "radar", periods: 3, cost: 30, capacity: 1),
                ]
            ) { $0.policy.budget = budget }
        }
        #expect(try solveChecked(yard(budget: nil)).objective == 112)
        let plan = try solveChecked(yard(budget: [200, 105, 200]))
        #expect(plan.objective == 113)
        #expect(plan.orders("yard") == [0, 1, 0] && plan.orders("ally-radar") == [1, 0, 0])
        #expect(plan.items[1].inventory == [1, 0, 0] && plan.items[1].consumed == [0, 1, 0])
        // The radar drawn in P2 was delivered in P1 by Finland.
        #expect(plan.items[0].components?.first?.byCountry.map(\.values) == [[0, 0, 0], [0, 1, 0]])
    }

    @Test func aComponentsResilienceCoversItsDraw() throws {
        // Pods have no demand of their own but must survive the loss of any single country at
        // full coverage of their requirement, the yard's draw of 1 in P1. Losing the US leaves
        // Finland's reserve, losing Finland the US reserve: each holds 1. Finland makes the pod
        // (5, its reserve used), the US reserve stands idle at 2: hull 100 + 5 + 2 = 107.
        let s = scenario(
            periods: 1,
            items: [
                item("hull", demand: [1]),
                component("pod", demand: [0]) { $0.resilience = Resilience(survive: .anySingleCountry, coverage: 1) },
            ],
            sources: [
                source("yard", item: "hull", periods: 1, cost: 100, capacity: 5) {
                    $0.consumes = [Component(item: "pod", perUnit: 1)]
                },
                source("fi-pods", country: finland, item: "pod", periods: 1, cost: 5, capacity: 5) {
                    $0.reserveCost = 1
                },
                source("us-pods", item: "pod", periods: 1, cost: 8, capacity: 5) { $0.reserveCost = 2 },
            ])
        let plan = try solveChecked(s)
        #expect(plan.objective == 107)
        #expect(plan.costs.reserve == 2)
        #expect(plan.orders("fi-pods") == [1] && plan.sources.map(\.reserve) == [nil, [1], [1]])
    }

    @Test func anOnshoringLineThatConsumesAComponent() throws {
        // The Finnish yard builds complete hulls (100, one a period); the home line (85) may work
        // after Finland delivered its first hull, and each hull it starts needs 2 pods furnished
        // by the planner. Finnish pods at 5: home hulls cost 85 + 10 = 95 < 100, so Finland builds
        // P1 and home P2, P3: 100 + 2 × 85 + 4 × 5 = 290; the home-built hulls' pods are allied.
        // At 9 a pod home hulls would cost 103: Finland builds all three, 300.
        func plan(podCost: Double) throws -> Plan {
            try solveChecked(
                scenario(
                    periods: 3,
                    items: [
                        item("hull", demand: [1, 1, 1]) { $0.holdingCost = 1 },
                        component("pod", demand: [0, 0, 0]) { $0.holdingCost = 1 },
                    ],
                    sources: [
                        source("fi-yard", country: finland, item: "hull", periods: 3, cost: 100, capacity: 1),
                        source("us-yard", item: "hull", periods: 3, cost: 85, capacity: 5) {
                            $0.onshoring = Onshoring(transfer: .init(fromSources: ["fi-yard"], units: 1))
                            $0.consumes = [Component(item: "pod", perUnit: 2)]
                        },
                        source("fi-pods", country: finland, item: "pod", periods: 3, cost: podCost, capacity: 10),
                    ]))
        }
        let cheap = try plan(podCost: 5)
        #expect(cheap.objective == 290)
        #expect(cheap.orders("us-yard") == [0, 1, 1] && cheap.orders("fi-pods") == [0, 2, 2])
        #expect(cheap.onshoring.first?.firstProduction == "P2")
        let pods = try #require(cheap.items[0].components?.first)
        #expect(pods.allied == [0, 2, 2] && pods.domestic == [0, 0, 0])
        let dear = try plan(podCost: 9)
        #expect(dear.objective == 300)
        #expect(dear.total("us-yard") == 0 && dear.items[0].components?.first?.drawn == [0, 0, 0])
    }

    @Test func stockOnHandIsDrawnFirst() throws {
        // 3 pods on hand before P1 (of no recorded origin); the yard starts one hull a period and
        // draws 2 pods each: P1 takes 2 of the stock, P2 the last one and 1 Finnish pod (6).
        // Hulls 2 × 100, one pod: 206. (Starting 1.5 hulls in P1 to use all the stock then would
        // save nothing and hold half a hull for 0.5.)
        let s = scenario(
            periods: 2,
            items: [
                item("hull", demand: [1, 1]) { $0.holdingCost = 1 },
                component("pod", demand: [0, 0]) { $0.initialInventory = 3 },
            ],
            sources: [
                source("yard", item: "hull", periods: 2, cost: 100, capacity: 5) {
                    $0.consumes = [Component(item: "pod", perUnit: 2)]
                },
                source("fi-pods", country: finland, item: "pod", periods: 2, cost: 6, capacity: 10),
            ])
        let plan = try solveChecked(s)
        #expect(plan.objective == 206)
        let pods = try #require(plan.items[0].components?.first)
        #expect(
            pods.fromInitialInventory == [2, 1] && pods.allied == [0, 1] && pods.byCountry.map(\.values) == [[0, 1]])
    }
}

/// Infeasible scenarios where components or pools are the cause, diagnosed in planner terms.
@Suite struct LinkDiagnosisTests {
    @Test func aComponentShortForTheLinesThatDrawIt() throws {
        // Three hulls are due in FY29; each start at the Gulf Coast yard draws a pod, and Finland
        // makes only half a pod a period: 1 by FY29, 2 short. Missing 2 pods or 2 hulls is the
        // same total; the pods are the cause and are reported.
        let s = Scenario(
            name: "pods", periods: ["FY28", "FY29"], countries: [usa, finland],
            items: [item("hull", demand: [0, 3]), component("pod", demand: [0, 0])],
            sources: [
                source("gulf-coast-yard", item: "hull", periods: 2, cost: 100, capacity: 5) {
                    $0.consumes = [Component(item: "pod", perUnit: 1)]
                },
                source("fi-pods", country: finland, item: "pod", periods: 2, cost: 5, capacity: 0.5),
            ])
        let plan = try solveChecked(s)
        #expect(plan.status == .infeasible)
        #expect(
            plan.diagnosis?.map(\.message) == [
                "pod FY29: 2 units short for gulf-coast-yard's hull starts; the eligible sources cannot deliver enough by then within their capacity and the other rules"
            ])
        #expect(plan.diagnosis?.first?.item == "pod" && plan.diagnosis?.first?.shortfall == 2)
    }

    @Test func aFullPoolIsNamed() throws {
        // Two cutters due in P1; the yard line could build 5 but the dock pool it shares holds 1.
        let s = scenario(
            periods: 1, items: [item("cutter", demand: [2]), item("frigate", demand: [0])],
            sources: [
                source("gulf-cutter", item: "cutter", periods: 1, cost: 100, capacity: 5),
                source("gulf-frigate", item: "frigate", periods: 1, cost: 100, capacity: 5),
            ]
        ) {
            $0.capacityPools = [
                CapacityPool(
                    id: "docks", capacity: [1], members: [.init(source: "gulf-cutter"), .init(source: "gulf-frigate")])
            ]
        }
        let plan = try solveChecked(s)
        #expect(
            plan.diagnosis?.map(\.message) == [
                "cutter P1: demand short by 1 unit; the eligible sources cannot deliver enough by then within their capacity and the other rules; capacity pool docks (shared by gulf-cutter, gulf-frigate) is full in P1"
            ])
    }

    @Test func anItemShortBecauseItsComponentRunsOut() throws {
        // Two hulls due in P1 from the home yard (2 a period), each start needing a pod, and only
        // one pod to be had; six more hulls in P2 from a Finnish yard that needs none. Relative to
        // its scale one hull short (1/6 of the largest demand) is less than one pod short (1/2 of
        // the largest draw the yard could make), so the hull is reported, with why.
        let s = scenario(
            periods: 2, items: [item("hull", demand: [2, 6]), component("pod", demand: [0, 0])],
            sources: [
                source("yard", item: "hull", periods: 2, cost: 100, capacity: 2) {
                    $0.consumes = [Component(item: "pod", perUnit: 1)]
                },
                source("fi-yard", country: finland, item: "hull", periods: 2, cost: 100, capacity: 6) {
                    $0.availableFrom = 1
                },
                source("fi-pods", country: finland, item: "pod", periods: 2, cost: 5, capacity: 1) {
                    $0.availableUntil = 0
                },
            ])
        let plan = try solveChecked(s)
        #expect(
            plan.diagnosis?.map(\.message) == [
                "hull P1: demand short by 1 unit; the eligible sources cannot deliver enough by then within their capacity and the other rules; more starts would need pod, whose stock runs out"
            ])
    }

    @Test func aPureComponentIsScaledByTheLargestDraw() throws {
        // Two hulls due, each start needing 2 pods, 2 pods to be had: 1 hull short is 1/2 of the
        // hull's largest demand, 2 pods short are 2/10 of the largest draw the yard could make
        // (2 a hull × 5 starts): the pods are reported, relative shortfall 0.2.
        let s = scenario(
            periods: 1, items: [item("hull", demand: [2]), component("pod", demand: [0])],
            sources: [
                source("yard", item: "hull", periods: 1, cost: 100, capacity: 5) {
                    $0.consumes = [Component(item: "pod", perUnit: 2)]
                },
                source("fi-pods", country: finland, item: "pod", periods: 1, cost: 5, capacity: 2),
            ])
        let plan = try solveChecked(s)
        #expect(
            plan.diagnosis?.map(\.message) == [
                "pod P1: 2 units short for yard's hull starts; the eligible sources cannot deliver enough by then within their capacity and the other rules"
            ])
        #expect(plan.diagnosis?.first?.relativeShortfall == 0.2)
    }
}
