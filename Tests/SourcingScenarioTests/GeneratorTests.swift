import Documents
import Testing

@testable import SourcingScenario

// The scenario generator and writer: determinism (same seed, same bytes, on every machine),
// seeds that differ, and scenarios that pass the loader's validation and read back equal.

/// FNV-1a, 64 bits: a fixed fingerprint of bytes that does not depend on the process's hashing seed.
private func fingerprint(_ bytes: [UInt8]) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01b3
    }
    return hash
}

private func generate(_ options: ScenarioGeneratorOptions) throws -> Scenario {
    try #require(ScenarioGenerator.generate(options))
}

@Suite struct GeneratorTests {
    @Test func splitMix64MatchesTheReferenceSequence() {
        // The first outputs of Vigna's splitmix64.c from state 0.
        var rng = SplitMix64(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(rng.next() == 0x06C4_5D18_8009_454F)
    }

    @Test(arguments: [ScenarioFormat.json, .yaml])
    func sameSeedGivesTheSameBytes(format: ScenarioFormat) throws {
        let options = ScenarioGeneratorOptions(
            items: 20, sourcesPerItem: 5, countries: 6, periods: 12, integerShare: 0.3, seed: 42)
        let first = ScenarioWriter.bytes(try generate(options), format: format)
        let second = ScenarioWriter.bytes(try generate(options), format: format)
        #expect(first == second)
    }

    /// Pinned so that a change of the generator or writer (or a platform difference in them) is
    /// seen: benchmarks and reference comparisons name scenarios by their options alone. Update
    /// the value only on purpose, and say so in the commit.
    @Test func theBytesAreTheSameOnEveryMachine() throws {
        let options = ScenarioGeneratorOptions(
            items: 5, sourcesPerItem: 4, countries: 5, periods: 8, integerShare: 0.4, seed: 2026)
        let json = ScenarioWriter.bytes(try generate(options), format: .json)
        let yaml = ScenarioWriter.bytes(try generate(options), format: .yaml)
        #expect(fingerprint(json) == Self.pinnedJSON, "JSON fingerprint \(String(fingerprint(json), radix: 16))")
        #expect(fingerprint(yaml) == Self.pinnedYAML, "YAML fingerprint \(String(fingerprint(yaml), radix: 16))")
    }
    static let pinnedJSON: UInt64 = 0x695C_B00B_DA0D_A142
    static let pinnedYAML: UInt64 = 0x7DF7_ECD9_D4D5_166E

    @Test func differentSeedsGiveDifferentScenarios() throws {
        let a = try generate(.init(items: 10, sourcesPerItem: 4, countries: 5, periods: 10, seed: 1))
        let b = try generate(.init(items: 10, sourcesPerItem: 4, countries: 5, periods: 10, seed: 2))
        #expect(a.items != b.items)
        #expect(a.sources != b.sources)
        #expect(ScenarioWriter.text(a, format: .json) != ScenarioWriter.text(b, format: .json))
    }

    static let sizes: [ScenarioGeneratorOptions] = [
        .init(items: 1, sourcesPerItem: 1, countries: 1, periods: 1),
        .init(items: 1, sourcesPerItem: 3, countries: 2, periods: 2, integerShare: 1, seed: 3),
        .init(items: 4, sourcesPerItem: 2, countries: 3, periods: 5, integerShare: 0.5, seed: 4),
        .init(items: 12, sourcesPerItem: 6, countries: 8, periods: 10, integerShare: 0.25, seed: 5),
        .init(items: 30, sourcesPerItem: 10, countries: 20, periods: 24, integerShare: 0, seed: 6),
        .init(items: 30, sourcesPerItem: 10, countries: 20, periods: 24, integerShare: 0, seed: 6, lpCore: true),
        .init(items: 50, sourcesPerItem: 3, countries: 4, periods: 40, integerShare: 0.1, seed: 7),
    ]

    @Test(arguments: sizes)
    func generatedScenariosValidateAndReadBackEqual(options: ScenarioGeneratorOptions) throws {
        let scenario = try generate(options)
        #expect(scenario.items.count == options.items)
        #expect(scenario.sources.count == options.items * options.sourcesPerItem)
        #expect(scenario.countries.count == options.countries)
        #expect(scenario.periods.count == options.periods)
        #expect(
            scenario.items.filter(\.integerUnits).count == Int((options.integerShare * Double(options.items)).rounded())
        )
        for format in [ScenarioFormat.json, .yaml] {
            let text = ScenarioWriter.text(scenario, format: format)
            let decoded = try ScenarioLoader().decode(Array(text.utf8), format: format)
            #expect(decoded == scenario, "\(format) did not read back equal")
        }
    }

    @Test(arguments: sizes)
    func everyItemHasAnAmpleDomesticLineWithoutLeadTime(options: ScenarioGeneratorOptions) throws {
        let scenario = try generate(options)
        for item in scenario.items {
            let anchor = try #require(scenario.sources.first { $0.item == item.id })
            #expect(
                anchor.country == "HOME" && anchor.leadTime == 0 && anchor.availableFrom == nil
                    && anchor.availableUntil == nil)
            #expect(anchor.onshoring == nil && anchor.minOrder == 0)
            #expect(anchor.capacity.allSatisfy { $0 >= 2.5 * (item.demand.max() ?? 0) })
            #expect(item.domesticShare?.max == nil)
        }
    }

    @Test func lpCoreLeavesOutTheMixedIntegerRules() throws {
        let scenario = try generate(
            .init(items: 40, sourcesPerItem: 8, countries: 6, periods: 12, seed: 9, lpCore: true))
        #expect(
            scenario.items.allSatisfy {
                !$0.integerUnits && $0.resilience == nil && $0.minSources == nil && $0.minCountries == nil
            })
        #expect(
            scenario.sources.allSatisfy {
                $0.onshoring == nil && $0.fixedCost == 0 && $0.minOrder == 0 && $0.reserveCost == 0
            })
        #expect(scenario.policy.budget == nil)
        // The rules the reference implementations do model are there.
        #expect(scenario.items.contains { $0.maxSharePerSource != nil })
        #expect(scenario.items.contains { $0.domesticShare != nil })
        #expect(scenario.sources.contains { $0.capacityMode == .concurrent })
    }

    @Test func theFullGeneratorUsesEveryRuleFamily() throws {
        let scenario = try generate(
            .init(items: 60, sourcesPerItem: 6, countries: 8, periods: 12, integerShare: 0.3, seed: 11))
        #expect(scenario.items.contains { $0.resilience != nil })
        #expect(scenario.items.contains { $0.minSources != nil })
        #expect(scenario.items.contains { $0.backlogPenalty != nil })
        #expect(scenario.sources.contains { $0.onshoring?.transfer != nil })
        #expect(scenario.sources.contains { $0.onshoring?.facility != nil })
        #expect(scenario.sources.contains { $0.fixedCost > 0 })
        #expect(scenario.sources.contains { $0.leadTime > 0 })
        #expect(scenario.sources.indices.contains { !scenario.isEligible(source: $0) })
    }

    @Test func theSpendEstimateBuysCheapestFirstWithinTheRules() {
        // Demand 10 in each of 2 periods; home costs 2 (no lead time, capacity 100), the ally 1
        // (lead time 1, capacity 6); at most 0.8 from one source, at least half domestic.
        // Period 1: the ally cannot deliver yet; 5 domestic from home (10), then home's room up to
        //   0.8 x 10 = 8 (3 more: 6), and the last 2 from the item's first source anyway (4): 20.
        // Period 2: 5 domestic from home, spent in period 2 (10); 5 from the ally, ordered and
        //   paid in period 1 (5). So [25, 10]. With at most 0.4 from one ally: 4 from the ally
        //   (4 in period 1) and 1 more from home (2 in period 2): [24, 12].
        var item = Item(id: "i", category: "c", demand: [10, 10], domesticShare: DomesticShareRule(min: 0.5))
        item.maxSharePerSource = 0.8
        let home = Source(
            id: "home", country: "US", item: "i", unitCost: [2, 2], capacity: [100, 100], domesticContent: 1)
        var ally = Source(
            id: "ally", country: "FI", item: "i", unitCost: [1, 1], capacity: [6, 6], domesticContent: 0)
        ally.leadTime = 1
        var scenario = Scenario(
            name: "estimate", periods: ["P1", "P2"],
            countries: [
                Country(id: "US", domestic: true),
                Country(id: "FI", domestic: false, exportApproved: ["*"], ipProtection: 1),
            ],
            items: [item], sources: [home, ally])
        #expect(scenario.estimatedUnconstrainedSpend() == [25, 10])
        scenario.items[0].maxSharePerAlly = 0.4
        #expect(scenario.estimatedUnconstrainedSpend() == [24, 12])
    }

    @Test func aBudgetShareSetsTheBudgetAndLeavesTheRestAsGenerated() throws {
        let plain = try generate(.init(items: 12, sourcesPerItem: 4, countries: 5, periods: 8, seed: 4, lpCore: true))
        let budgeted = try generate(
            .init(items: 12, sourcesPerItem: 4, countries: 5, periods: 8, seed: 4, lpCore: true, budgetShare: 1.5))
        let estimate = plain.estimatedUnconstrainedSpend()
        let budget = try #require(budgeted.policy.budget)
        #expect(budget.count == 8)
        for t in 0..<8 { #expect(abs(budget[t] - 1.5 * estimate[t]) <= 0.005) }
        var withoutBudget = budgeted
        withoutBudget.policy.budget = nil
        withoutBudget.name = plain.name
        #expect(withoutBudget == plain)
        #expect(
            ScenarioGeneratorOptions(items: 1, sourcesPerItem: 1, countries: 1, periods: 1, budgetShare: 0).problem
                == .budgetShareOutOfRange)
    }

    @Test func badOptionsAreRefused() {
        #expect(ScenarioGenerator.generate(.init(items: 0, sourcesPerItem: 1, countries: 1, periods: 1)) == nil)
        #expect(
            ScenarioGeneratorOptions(items: 1, sourcesPerItem: 1, countries: 1, periods: 1, integerShare: 1.5).problem
                == .integerShareOutOfRange)
        #expect(
            ScenarioGeneratorOptions(items: 1, sourcesPerItem: 1, countries: 0, periods: 1).problem
                == .belowOne(.countries))
    }

    @Test func numbersAreWrittenInTheirShortestRoundTripForm() {
        #expect(NumberText.shortest(12) == "12")
        #expect(NumberText.shortest(0.1) == "0.1")
        #expect(NumberText.shortest(-0.0) == "0")
        #expect(NumberText.shortest(1e-5) == "1e-05")
        #expect(NumberText.shortest(1e16) == "1e+16")
        for value in [0.1 + 0.2, 1.0 / 3, 123456.789, Double.leastNonzeroMagnitude, 9.999e14, 1e15, -2.5] {
            #expect(Double(NumberText.shortest(value)) == value)
        }
    }

    @Test func theWriterKeepsStringsThatLookLikeOtherThings() throws {
        // Norway's id, a numeric period label, quotes and a backslash stay strings, as written.
        let scenario = Scenario(
            name: "a \"quoted\" \\ name\twith tab", periods: ["2026", "NO"],
            countries: [Country(id: "NO", name: "true", domestic: true)],
            items: [Item(id: "x", category: "null", demand: [1, 2])],
            sources: [
                Source(
                    id: "s", country: "NO", item: "x", unitCost: [1, 1], capacity: [3, 3], domesticContent: 1,
                    availableFrom: 1)
            ])
        for format in [ScenarioFormat.json, .yaml] {
            let decoded = try ScenarioLoader().decode(ScenarioWriter.bytes(scenario, format: format), format: format)
            #expect(decoded == scenario)
        }
    }
}
