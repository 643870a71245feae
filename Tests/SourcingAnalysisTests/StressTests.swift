import Foundation
import SourcingAnalysis
import SourcingModel
import SourcingOutput
import SourcingScenario
import TestSupport
import Testing

// The disruption stress test on a case worked out by hand (real GLPK).
//
// Four periods P1…P4, demand 10 each, 12 in stock at the start, holding 6 a unit a period, hard
// demand. Three suppliers:
//   home (US, domestic): 20 a unit, 3 a period, no lead time
//   a    (FI):           10 a unit, 6 a period, no lead time
//   b    (FI):           12 a unit, 3 a period, lead time 1 (ordered P1 → delivered P2)
// A unit bought k periods before it is used costs its price + 6k: a early 16, 2-early 22,
// 3-early 28; b delivered early 18; home 20. The stress penalty is P = 10 × 20 + 1 = 201: demand
// is hard, so each unit short costs P a period and P once more if it is never delivered; that is
// what the re-plan minimises, and what its extra cost counts (`extra = spend + penalty`).
//
// Base plan: P1 is covered from stock (2 left). P2 needs 8, P3 and P4 10 each. Same-period a
// (6 at 10) and b (3 at 12) give 9 a period; P2's spare b unit (18) covers P3's tenth unit; P4's
// tenth unit comes from home (20; every other way costs 26 or more). Orders home [0,0,0,1],
// a [0,6,6,6], b [3,3,3,0]; stock 2, 1, 0, 0. Cost 20 + 180 + 108 + holding 3·6 = 326.
//
// Knocked out for the whole horizon (from P1, nothing fixed yet):
//   home: P4's tenth unit from a in P1 (10 + 3·6 = 28) instead of home (20): extra 8; no
//         shortfall, survives (time to survive 4).
//   a:    home 3 a period (12) and b 3 a period delivered P2–P4 (9): 21 < 28 needed, 7 short.
//         Everything is bought as early as it can be: stock 2+3 = 5, then 5+6−10 = 1, then
//         1+6−10 = −3, then −3+6−10 = −7. Backlog 0, 0, 3, 7: first shortfall P3, time to
//         survive 2; 7 never delivered, 0 late; 10 unit-periods. Spend 240 + 108 + (5+1)·6 =
//         384: 58 more; penalty 10·201 + 7·201 = 3,417: extra 3,475.
//   b:    a and home: a same-period 18 (180), P2's two more from a in P1 (16 each), P3's four:
//         home 3 (20) and one from a in P1 (22), P4's four: home 3 (20) and one from a in P1
//         (28; or through home in P3, also 28). 180+32+82+88 + 12 (the stock carried from P1)
//         = 394: extra 68; no shortfall.
//   FI (a and b at once): home alone, 3 a period: stock 5, then −2, −9, −16: first shortfall
//         P2 (time to survive 1), 16 never delivered, 27 unit-periods; spend 240 + 5·6 = 270,
//         56 less (less is bought) but penalty 27·201 + 16·201 = 8,643: extra 8,587. Counted
//         without the penalty it would read as a saving of 56 for losing 16 units.
// Risk exposure by source: cost 8/3,475, 1, 68/3,475; shortfall 0, 1, 0. By country: US (= home)
// cost 8/8,587, FI 1; shortfall 0 and 1.
//
// Knocked out from P2 for one period (P1's orders fixed at the base plan's):
//   home: the base plan does not use home in P2: nothing changes, extra 0.
//   a:    P2 gets stock 2 + b's P1 order 3 + home 3 = 8: 2 short. P3 gets a 6 + b 3 + home 3
//         = 12 = 10 + the 2 owed: cleared. P4 a 6 + b 3 + home 1. Spend home 7·20 + a 12·10 +
//         b 108 + holding 12 = 380: 54 more, and 2 units a period late (402): extra 456; 0 never
//         delivered, 2 late; first shortfall P2 (time to survive 0); cleared one period after.
//   b:    b's P1 order (due P2) is lost in the yard: 3 units, 36 sunk. P2: 2 + a 6 + home 3 = 11
//         (one carried, 6), P3: 1 + a 6 + home 3 = 10, P4: a 6 + b 3 (ordered P3) + home 1.
//         Cost home 140 + a 180 + b 36 + lost 36 + holding 12 + 6 = 410: extra 84; survives.
// b knocked out in P3 only: its P2 order (due P3) is lost (3 units, 36); P3 gets stock 1 + a 6 +
//   home 3 = 10, but P4 only a 6 + home 3 (b could have been ordered only in P3): 1 unit short
//   at the end. The disruption is survived (first shortfall P4, after it), never recovered
//   within the horizon. Spend home 120 + a 180 + b 36 + 36 + holding 18 = 390: 64 more, and the
//   unit short in P4 and never delivered (2·201): extra 466.

func stressScenario() -> Scenario {
    Scenario(
        name: "three suppliers", periods: ["P1", "P2", "P3", "P4"], countries: [usa, finland],
        items: [Item(id: "widget", category: "c", demand: [10, 10, 10, 10], initialInventory: 12, holdingCost: 6)],
        sources: [
            Source(
                id: "home", country: "US", item: "widget", unitCost: [20, 20, 20, 20], capacity: [3, 3, 3, 3],
                domesticContent: 1),
            Source(
                id: "a", country: "FI", item: "widget", unitCost: [10, 10, 10, 10], capacity: [6, 6, 6, 6],
                domesticContent: 0),
            Source(
                id: "b", country: "FI", item: "widget", unitCost: [12, 12, 12, 12], capacity: [3, 3, 3, 3], leadTime: 1,
                domesticContent: 0),
        ])
}

/// The figures the tests compare, in one line per disruption.
func figures(_ results: [StressResult?]) -> [String] {
    results.map { r in
        guard let r else { return "missing" }
        return
            "\(r.target) extra \(r.extraCost.map(formatQuantity) ?? "nil") penalty \(r.extraPenalty.map(formatQuantity) ?? "nil") lost \(formatQuantity(r.lostUnits))/\(formatQuantity(r.lostCost))"
            + " short \(formatQuantity(r.unitsShort ?? -1)) late \(formatQuantity(r.unitsLate ?? -1))"
            + " unitPeriods \(formatQuantity(r.shortfallUnitPeriods ?? -1))"
            + " tts \(r.timeToSurvive.map(String.init) ?? "nil")\(r.survives == true ? " survives" : "")"
            + " first \(r.firstShortfall.map(String.init) ?? "none") recovery \(r.recoveryPeriods.map(String.init) ?? "nil")"
    }
}

@Suite struct StressTests {
    func base(_ scenario: Scenario = stressScenario()) throws -> AnalysisBase {
        try AnalysisBase(scenario: scenario, identity: identity, options: PlanOptions())
    }

    @Test func basePlanByHand() throws {
        let base = try base()
        #expect(base.plan.objective == 326)
        #expect(base.plan.sources.map(\.orders) == [[0, 0, 0, 1], [0, 6, 6, 6], [3, 3, 3, 0]])
        #expect(base.plan.items[0].inventory == [2, 1, 0, 0])
    }

    @Test func eachSupplierKnockedOutForTheWholeHorizon() throws {
        let test = try StressTest(base: try base(), by: .source, from: "P1", duration: 4)
        #expect(test.penalty == 201 && test.from == 0 && test.duration == 4 && !test.isDefaultWindow)
        let results = test.run(jobs: 1)
        #expect(results.allSatisfy { $0?.status == .optimal })
        #expect(
            figures(results) == [
                "home extra 8 penalty 0 lost 0/0 short 0 late 0 unitPeriods 0 tts 4 survives first none recovery 0",
                "a extra 3475 penalty 3417 lost 0/0 short 7 late 0 unitPeriods 10 tts 2 first 2 recovery nil",
                "b extra 68 penalty 0 lost 0/0 short 0 late 0 unitPeriods 0 tts 4 survives first none recovery 0",
            ])
        #expect(results.map { $0?.extraSpend } == [8, 58, 68])
        #expect(results[1]?.items[0].shortfall == [0, 0, 3, 7])
        #expect(results.map { $0?.costExposure } == [planFigure(8.0 / 3475.0), 1, planFigure(68.0 / 3475.0)])
        #expect(results.map { $0?.shortfallExposure } == [0, 1, 0])
        #expect(results.allSatisfy { $0?.relaxedRules.isEmpty == true })
    }

    @Test func byCountryKnocksOutBothFinnishSourcesAtOnce() throws {
        let test = try StressTest(base: try base(), by: .country, from: "P1", duration: 4)
        let results = test.run(jobs: 2)
        #expect(results.map { $0?.sources ?? [] } == [["home"], ["a", "b"]])
        #expect(
            figures(results) == [
                "US extra 8 penalty 0 lost 0/0 short 0 late 0 unitPeriods 0 tts 4 survives first none recovery 0",
                "FI extra 8587 penalty 8643 lost 0/0 short 16 late 0 unitPeriods 27 tts 1 first 1 recovery nil",
            ])
        // Losing supply never reads as a saving: the 56 not spent is far below the units lost.
        #expect(results[1]?.extraSpend == -56)
        #expect(results.map { $0?.costExposure } == [planFigure(8.0 / 8587.0), 1])
        #expect(results.map { $0?.shortfallExposure } == [0, 1])
        // By source, neither Finnish line alone leaves more than 7 units unmet.
        let bySource = try StressTest(base: try base(), by: .source, from: "P1", duration: 4).run(jobs: 2)
        #expect(bySource.compactMap { $0?.unitsShort } == [0, 7, 0])
    }

    @Test func oneLostPeriodWithEarlierOrdersFixed() throws {
        let test = try StressTest(base: try base(), by: .source, from: "P2", duration: 1)
        let results = test.run(jobs: 2)
        #expect(
            figures(results) == [
                "home extra 0 penalty 0 lost 0/0 short 0 late 0 unitPeriods 0 tts 1 survives first none recovery 0",
                "a extra 456 penalty 402 lost 0/0 short 0 late 2 unitPeriods 2 tts 0 first 1 recovery 1",
                "b extra 84 penalty 0 lost 3/36 short 0 late 0 unitPeriods 0 tts 1 survives first none recovery 0",
            ])
        #expect(results.map { $0?.costExposure } == [0, 1, planFigure(84.0 / 456.0)])
    }

    @Test func lostOrderShowsUpAfterTheDisruption() throws {
        let test = try StressTest(base: try base(), by: .source, from: "P3", duration: 1)
        let b = try #require(test.targets.first { $0.id == "b" })
        #expect(
            figures([test.solve(b)]) == [
                "b extra 466 penalty 402 lost 3/36 short 1 late 0 unitPeriods 1 tts 1 survives first 3 recovery nil"
            ])
    }

    @Test func parallelRunMatchesSerialByteForByte() throws {
        for (by, from, duration) in [(StressTarget.source, "P2", 2), (.country, "P1", nil as Int?)] {
            let test = try StressTest(base: try base(), by: by, from: from, duration: duration)
            let serial = stressJSON(test.run(jobs: 1), test: test).serialized()
            let parallel = stressJSON(test.run(jobs: 2), test: test).serialized()
            #expect(serial == parallel)
            #expect(serial.contains("\"kind\": \"stress\""))
        }
        // A model with soft demand, resilience and a domestic-share rule: five allies and home.
        let magnets = try ScenarioLoader().load(path: ExampleModels.path("rare-earth-magnets"))
        let test = try StressTest(base: try base(magnets), by: .source, from: "FY28", duration: 2)
        let serial = test.run(jobs: 1)
        #expect(serial.allSatisfy { $0?.status == .optimal })
        #expect(stressJSON(serial, test: test).serialized() == stressJSON(test.run(jobs: 2), test: test).serialized())
    }

    @Test func badFromAndForAreExplained() throws {
        let base = try base()
        #expect(throws: AnalysisError.unknownPeriod("FY29", known: ["P1", "P2", "P3", "P4"])) {
            try StressTest(base: base, from: "FY29")
        }
        #expect(throws: AnalysisError.durationPastHorizon(length: 3, from: "P3", last: "P4", atMost: 2)) {
            try StressTest(base: base, from: "P3", duration: 3)
        }
        #expect(throws: AnalysisError.durationTooShort(0)) {
            try StressTest(base: base, duration: 0)
        }
        // The library's words name no option (the CLI and the server add their own).
        #expect(
            AnalysisError.unknownPeriod("FY29", known: ["P1", "P2"]).description
                == "unknown period \"FY29\"; periods are P1, P2")
        #expect(
            AnalysisError.durationPastHorizon(length: 3, from: "P3", last: "P4", atMost: 2).description
                == "3 periods from P3 run past the last period P4; at most 2")
    }

    @Test func tableNamesEveryDisruption() throws {
        let test = try StressTest(base: try base(), by: .source, from: "P1", duration: 4)
        let table = stressTable(test.run(jobs: 1), test: test)
        #expect(table.hasPrefix("Stress test: each source knocked out P1–P4 (4 periods); base cost 326.0 (optimal)\n"))
        #expect(table.contains("survives (4)"))
    }

    @Test func theDefaultWindowIsTwoPeriodsFromTheFirstWithDemand() throws {
        // Demand from P1 here: P1–P2. A scenario whose first demand is in P3: P3–P4.
        let test = try StressTest(base: try base(), by: .source)
        #expect(test.from == 0 && test.duration == 2 && test.isDefaultWindow)
        var late = stressScenario()
        late.items[0].demand = [0, 0, 10, 10]
        late.items[0].initialInventory = 0
        let later = try StressTest(base: try base(late))
        #expect(later.window == 2..<4)
        // One period before the end: only one is left.
        #expect(try StressTest(base: try base(late), from: "P4").duration == 1)
        let table = stressTable(later.run(jobs: 1), test: later)
        #expect(
            table.hasPrefix(
                "Stress test: each country knocked out P3–P4 (2 periods; the default: 2 periods from the first period with demand); base cost "
            ))
    }

    /// The Arctic Security Cutter plan knocked out by default (FY28–FY29, the first two periods
    /// with demand). US: Gulf Coast cannot start its first hull in FY29, starts in FY30 instead,
    /// and FY31's hull arrives a period late (one hull-period at P = 10 × 565 + 1 = 5,651; no
    /// money changes hands). FI: Rauma's two hulls in dock (due FY28) and Helsinki's FY27 hull are
    /// lost (3 hulls, 940 + 480 = 1,420 spent); no Finnish hull is ever delivered, so neither US
    /// line may start (their transfers never complete): all 11 hulls go unmet, 56 hull-periods
    /// late (2 + 3 + … + 10 + 11) and 11 never delivered: 67 × 5,651 = 378,617 of penalty,
    /// while 4,540 less is spent (5,960 of hulls and upgrades not bought, less the 1,420 lost).
    @Test func theCutterUnderStress() throws {
        let test = try StressTest(base: try base(try cutter()), by: .country)
        let table = stressTable(test.run(jobs: 2), test: test)
        #expect(
            table == """
                Stress test: each country knocked out FY28–FY29 (2 periods; the default: 2 periods from the first period with demand); base cost 6,110.0 USD millions (optimal)
                country   status  extra cost  of which penalties  lost orders  units short  units late  time to survive  first shortfall    recovery  exposure cost  exposure short
                US       optimal     5,651.0             5,651.0            0            0           1     survives (2)             FY31           3           0.02            0.02
                FI       optimal   374,077.0           378,617.0            3           11           0                0             FY28  not by end           1.00            1.00
                extra cost (USD millions): the re-plan's cost plus the money of lost orders, less the base plan's; a unit late costs its item's backlog penalty each period and its unmet penalty once if never delivered, 5,651.0 USD millions each where the scenario sets none (the stress penalty), and each unit of a broken rule 5,651.0 USD millions; time to survive: periods from FY28 to the first shortfall the base plan does not have; recovery: periods after the disruption until that shortfall is cleared; exposure: impact over the worst disruption's (1 = worst)

                """)
    }

    /// Knocking out any ASC country or yard for any one period never reads as a saving, and
    /// every re-plan has a plan (a warm line whose hull in dock is lost keeps no floor for it).
    @Test func theCutterNeverShowsASavingForALoss() throws {
        let base = try base(try cutter())
        for from in base.scenario.periods.dropLast() {
            for by in StressTarget.allCases {
                let results = try StressTest(base: base, by: by, from: from, duration: 1).run(jobs: 2)
                for case let result? in results {
                    #expect(result.status == .optimal, "\(by) \(result.target) from \(from)")
                    #expect(
                        (result.extraCost ?? -1) >= 0,
                        "\(by) \(result.target) from \(from): extra \(result.extraCost ?? .nan)")
                    #expect(result.extraCost == planFigure((result.extraSpend ?? .nan) + (result.extraPenalty ?? .nan)))
                    if (result.shortfallUnitPeriods ?? 0) > 0 { #expect((result.extraPenalty ?? 0) > 0) }
                }
            }
        }
    }

    func cutter() throws -> Scenario {
        return try ScenarioLoader().load(path: ExampleModels.path("arctic-security-cutter"))
    }
}
