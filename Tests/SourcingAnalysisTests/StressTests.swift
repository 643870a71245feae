import Foundation
import SourcingAnalysis
import SourcingModel
import SourcingOutput
import SourcingScenario
import Testing

// The disruption stress test on a case worked out by hand (real GLPK).
//
// Four periods P1…P4, demand 10 each, 12 in stock at the start, holding 6 a unit a period, hard
// demand. Three suppliers:
//   home (US, domestic): 20 a unit, 3 a period, no lead time
//   a    (FI):           10 a unit, 6 a period, no lead time
//   b    (FI):           12 a unit, 3 a period, lead time 1 (ordered P1 → delivered P2)
// A unit bought k periods before it is used costs its price + 6k: a early 16, 2-early 22,
// 3-early 28; b delivered early 18; home 20. The stress penalty is P = 10 × 20 + 1 = 201.
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
//         survive 2; 7 never delivered, 0 late; 10 unit-periods. Cost 240 + 108 + (5+1)·6 = 384:
//         extra 58.
//   b:    a and home: a same-period 18 (180), P2's two more from a in P1 (16 each), P3's four:
//         home 3 (20) and one from a in P1 (22), P4's four: home 3 (20) and one from a in P1
//         (28; or through home in P3, also 28). 180+32+82+88 + 12 (the stock carried from P1)
//         = 394: extra 68; no shortfall.
//   FI (a and b at once): home alone, 3 a period: stock 5, then −2, −9, −16: first shortfall
//         P2 (time to survive 1), 16 never delivered, 27 unit-periods; cost 240 + 5·6 = 270,
//         extra −56 (less is bought: demand goes unmet).
// Risk exposure by source: cost 8/68, 58/68, 1; shortfall 0, 1, 0. By country: US (= home)
// cost 1, FI 0 (negative extra cost counts 0); shortfall 0 and 1.
//
// Knocked out from P2 for one period (P1's orders fixed at the base plan's):
//   home: the base plan does not use home in P2: nothing changes, extra 0.
//   a:    P2 gets stock 2 + b's P1 order 3 + home 3 = 8: 2 short. P3 gets a 6 + b 3 + home 3
//         = 12 = 10 + the 2 owed: cleared. P4 a 6 + b 3 + home 1. Cost home 7·20 + a 12·10 +
//         b 108 + holding 12 = 380: extra 54; 0 never delivered, 2 late; first shortfall P2
//         (time to survive 0); cleared one period after the disruption.
//   b:    b's P1 order (due P2) is lost in the yard: 3 units, 36 sunk. P2: 2 + a 6 + home 3 = 11
//         (one carried, 6), P3: 1 + a 6 + home 3 = 10, P4: a 6 + b 3 (ordered P3) + home 1.
//         Cost home 140 + a 180 + b 36 + lost 36 + holding 12 + 6 = 410: extra 84; survives.
// b knocked out in P3 only: its P2 order (due P3) is lost (3 units, 36); P3 gets stock 1 + a 6 +
//   home 3 = 10, but P4 only a 6 + home 3 (b could have been ordered only in P3): 1 unit short
//   at the end. The disruption is survived (first shortfall P4, after it), never recovered
//   within the horizon. Cost home 120 + a 180 + b 36 + 36 + holding 18 = 390: extra 64.


func stressScenario() -> Scenario {
    Scenario(
        name: "three suppliers", periods: ["P1", "P2", "P3", "P4"], countries: [usa, finland],
        items: [Item(id: "widget", category: "c", demand: [10, 10, 10, 10], initialInventory: 12, holdingCost: 6)],
        sources: [
            Source(id: "home", country: "US", item: "widget", unitCost: [20, 20, 20, 20], capacity: [3, 3, 3, 3], domesticContent: 1),
            Source(id: "a", country: "FI", item: "widget", unitCost: [10, 10, 10, 10], capacity: [6, 6, 6, 6], domesticContent: 0),
            Source(id: "b", country: "FI", item: "widget", unitCost: [12, 12, 12, 12], capacity: [3, 3, 3, 3], leadTime: 1, domesticContent: 0),
        ])
}

/// The figures the tests compare, in one line per disruption.
func figures(_ results: [StressResult?]) -> [String] {
    results.map { r in
        guard let r else { return "missing" }
        return "\(r.target) extra \(r.extraCost.map(formatQuantity) ?? "nil") lost \(formatQuantity(r.lostUnits))/\(formatQuantity(r.lostCost))"
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
        let test = try StressTest(base: try base(), by: .source)
        #expect(test.penalty == 201 && test.from == 0 && test.duration == 4)
        let results = test.run(jobs: 1)
        #expect(results.allSatisfy { $0?.status == .optimal })
        #expect(figures(results) == [
            "home extra 8 lost 0/0 short 0 late 0 unitPeriods 0 tts 4 survives first none recovery 0",
            "a extra 58 lost 0/0 short 7 late 0 unitPeriods 10 tts 2 first 2 recovery nil",
            "b extra 68 lost 0/0 short 0 late 0 unitPeriods 0 tts 4 survives first none recovery 0",
        ])
        #expect(results[1]?.items[0].shortfall == [0, 0, 3, 7])
        #expect(results.map { $0?.costExposure } == [8.0 / 68.0, 58.0 / 68.0, 1])
        #expect(results.map { $0?.shortfallExposure } == [0, 1, 0])
        #expect(results.allSatisfy { $0?.relaxedRules.isEmpty == true })
    }

    @Test func byCountryKnocksOutBothFinnishSourcesAtOnce() throws {
        let test = try StressTest(base: try base(), by: .country)
        let results = test.run(jobs: 2)
        #expect(results.map { $0?.sources ?? [] } == [["home"], ["a", "b"]])
        #expect(figures(results) == [
            "US extra 8 lost 0/0 short 0 late 0 unitPeriods 0 tts 4 survives first none recovery 0",
            "FI extra -56 lost 0/0 short 16 late 0 unitPeriods 27 tts 1 first 1 recovery nil",
        ])
        #expect(results.map { $0?.costExposure } == [1, 0])
        #expect(results.map { $0?.shortfallExposure } == [0, 1])
        // By source, neither Finnish line alone leaves more than 7 units unmet.
        let bySource = try StressTest(base: try base(), by: .source).run(jobs: 2)
        #expect(bySource.compactMap { $0?.unitsShort } == [0, 7, 0])
    }

    @Test func oneLostPeriodWithEarlierOrdersFixed() throws {
        let test = try StressTest(base: try base(), by: .source, from: "P2", duration: 1)
        let results = test.run(jobs: 2)
        #expect(figures(results) == [
            "home extra 0 lost 0/0 short 0 late 0 unitPeriods 0 tts 1 survives first none recovery 0",
            "a extra 54 lost 0/0 short 0 late 2 unitPeriods 2 tts 0 first 1 recovery 1",
            "b extra 84 lost 3/36 short 0 late 0 unitPeriods 0 tts 1 survives first none recovery 0",
        ])
        #expect(results.map { $0?.costExposure } == [0, 54.0 / 84.0, 1])
    }

    @Test func lostOrderShowsUpAfterTheDisruption() throws {
        let test = try StressTest(base: try base(), by: .source, from: "P3", duration: 1)
        let b = try #require(test.targets.first { $0.id == "b" })
        #expect(figures([test.solve(b)]) == ["b extra 64 lost 3/36 short 1 late 0 unitPeriods 1 tts 1 survives first 3 recovery nil"])
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
        let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("models")
        let magnets = try ScenarioLoader().load(path: models.appendingPathComponent("rare-earth-magnets.yaml").path)
        let test = try StressTest(base: try base(magnets), by: .source, from: "FY28", duration: 2)
        let serial = test.run(jobs: 1)
        #expect(serial.allSatisfy { $0?.status == .optimal })
        #expect(stressJSON(serial, test: test).serialized() == stressJSON(test.run(jobs: 2), test: test).serialized())
    }

    @Test func badFromAndForAreExplained() throws {
        let base = try base()
        #expect(throws: AnalysisError.badRequest("--from: unknown period \"FY29\"; periods are P1, P2, P3, P4")) {
            try StressTest(base: base, from: "FY29")
        }
        #expect(throws: AnalysisError.badRequest("--for 3 from P3 runs past the last period P4; at most 2")) {
            try StressTest(base: base, from: "P3", duration: 3)
        }
        #expect(throws: AnalysisError.badRequest("--for must be at least 1 period, got 0")) {
            try StressTest(base: base, duration: 0)
        }
    }

    @Test func tableNamesEveryDisruption() throws {
        let test = try StressTest(base: try base(), by: .source)
        let table = stressTable(test.run(jobs: 1), test: test)
        #expect(table.hasPrefix("Stress test: each source knocked out P1–P4 (4 periods); base cost 326.0 (optimal)\n"))
        #expect(table.contains("survives (4)"))
    }
}
