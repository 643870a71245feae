import Foundation
import TestSupport
import Testing

@testable import SourcingScenario

/// Property tests of the decoder: valid scenarios, damaged at random by a seeded mutator
/// (ScenarioMutator.swift), must decode to a scenario or fail with problems that say what is
/// wrong — never crash, hang or fail silently — and the JSON and YAML readers must agree.
/// Every failure names its seed and mutations, so it can be replayed exactly.
struct PropertyTests {
    static let good = ScenarioFixtureTests.fixtures.appendingPathComponent("good")

    static func seedTree() throws -> DocumentTree {
        let text = try String(contentsOf: good.appendingPathComponent("cutter.json"), encoding: .utf8)
        return try #require(DocumentTree.parse(json: text))
    }

    enum Outcome: Equatable {
        case valid(Scenario)
        case invalid([ScenarioProblem])

        var problemPaths: [String] {
            if case .invalid(let problems) = self { return problems.map(\.path) } else { return [] }
        }
    }

    func decode(_ text: String, _ format: ScenarioFormat) -> Outcome {
        do {
            return .valid(try ScenarioLoader().decode(Array(text.utf8), format: format))
        } catch {
            return .invalid(error.problems)
        }
    }

    /// The mutator's printers are faithful: the undamaged tree printed as JSON and as YAML
    /// decodes to the fixture's scenario (so the properties below test damage, not printing).
    @Test func undamagedDocumentsDecodeToTheFixture() throws {
        let tree = try Self.seedTree()
        let expected = try ScenarioLoader().load(path: Self.good.appendingPathComponent("cutter.json").path)
        #expect(decode(tree.json, .json) == .valid(expected))
        #expect(decode(tree.yaml, .yaml) == .valid(expected))
    }

    /// Every mutation kind, applied alone, over many seeds: a scenario or problems, each
    /// problem with a message; JSON and YAML agree on whether the document is valid, and on
    /// the scenario when it is.
    @Test(arguments: Mutation.allCases)
    func oneMutationGivesAScenarioOrClearProblems(_ mutation: Mutation) throws {
        let tree = try Self.seedTree()
        var valid = 0
        var invalid = 0
        for seed in 0..<30 as Range<UInt64> {
            let kind = UInt64(Mutation.allCases.firstIndex(of: mutation)!)
            var mutator = ScenarioMutator(seed: kind << 32 | seed)
            let mutant = mutator.apply(mutation, to: tree)
            check(mutant, label: "\(mutation) seed \(seed)", valid: &valid, invalid: &invalid)
        }
        #expect(valid + invalid == 30)
    }

    /// Several mutations at once, over more seeds.
    @Test func severalMutationsGiveAScenarioOrClearProblems() throws {
        let tree = try Self.seedTree()
        var valid = 0
        var invalid = 0
        for seed in 0..<120 as Range<UInt64> {
            var mutator = ScenarioMutator(seed: seed)
            let (mutant, log) = mutator.mutate(tree, count: 1 + Int(seed % 3))
            check(mutant, label: "seed \(seed) \(log)", valid: &valid, invalid: &invalid)
        }
        // Not vacuous: some damage is harmless (a duplicated array entry, a renamed name), most is not.
        #expect(valid > 0)
        #expect(invalid > 60)
    }

    func check(_ mutant: DocumentTree, label: String, valid: inout Int, invalid: inout Int) {
        let json = decode(mutant.json, .json)
        let yaml = decode(mutant.yaml, .yaml)
        for (format, outcome) in [("json", json), ("yaml", yaml)] {
            if case .invalid(let problems) = outcome {
                #expect(!problems.isEmpty, "\(label): \(format) failed without a problem")
                for problem in problems {
                    #expect(!problem.message.isEmpty, "\(label): \(format) problem at \(problem.path) has no message")
                }
            }
        }
        switch (json, yaml) {
        case (.valid(let a), .valid(let b)):
            valid += 1
            #expect(a == b, "\(label): JSON and YAML read the same document differently")
        case (.invalid, .invalid):
            invalid += 1
            // A problem the YAML parser itself finds (a duplicate key, say) is reported for the
            // whole file with its line, where the JSON reader names the path: compare paths only
            // when both readers got as far as validation.
            if !json.problemPaths.contains(""), !yaml.problemPaths.contains("") {
                #expect(
                    json.problemPaths == yaml.problemPaths, "\(label): JSON and YAML report problems at different paths"
                )
            }
        default:
            invalid += 1
            Issue.record(
                "\(label): valid as \(json.problemPaths.isEmpty ? "JSON" : "YAML") only; JSON problems \(json.problemPaths), YAML problems \(yaml.problemPaths)"
            )
        }
    }

    /// Extreme sizes: a huge per-period array, very many periods, a long id, deep nesting.
    /// Each decodes or is refused, within a generous time.
    @Test func extremeSizesDecodeOrAreRefusedQuickly() throws {
        let clock = ContinuousClock()
        let manyPeriods = (0..<20_000).map { "\"P\($0)\"" }.joined(separator: ", ")
        let cases: [(String, ScenarioFormat)] = [
            (
                "{\"periods\": [\(manyPeriods)], \"countries\": [{\"id\": \"US\", \"domestic\": true}], \"items\": [], \"sources\": []}",
                .json
            ),
            ("periods: [\(manyPeriods)]\ncountries: [{id: US, domestic: true}]\nitems: []\nsources: []\n", .yaml),
            (
                "{\"periods\": [\"P\"], \"countries\": [{\"id\": \"\(String(repeating: "a", count: 100_000))\", \"domestic\": true}], \"items\": [], \"sources\": []}",
                .json
            ),
            (String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000), .json),
            (String(repeating: "- ", count: 50_000) + "x\n", .yaml),
            (String(repeating: "{\"a\": ", count: 50_000) + "1" + String(repeating: "}", count: 50_000), .json),
            (String(repeating: "a: ", count: 10_000) + "1\n", .yaml),
            (String(repeating: "{a: ", count: 10_000) + "1" + String(repeating: "}", count: 10_000), .yaml),
        ]
        for (index, (text, format)) in cases.enumerated() {
            let start = clock.now
            let outcome = decode(text, format)
            #expect(clock.now - start < .seconds(20), "case \(index) took too long")
            if case .invalid(let problems) = outcome { #expect(!problems.isEmpty, "case \(index)") }
        }
    }

    /// A value that starts with U+FEFF (zero-width no-break space): JSON keeps the character
    /// (and refuses it in an id), YAML silently drops it, so `"\uFEFFUS"` reads as the id `US`.
    /// Found by the mutation tests above; the mutator now puts U+FEFF at the end of a string.
    @Test func aLeadingZeroWidthNoBreakSpaceIsKeptInYAMLAsInJSON() {
        let yaml = "periods: [P1]\ncountries: [{id: \"\\uFEFFUS\", domestic: true}]\nitems: []\nsources: []\n"
        let json =
            #"{"periods": ["P1"], "countries": [{"id": "\uFEFFUS", "domestic": true}], "items": [], "sources": []}"#
        #expect(decode(json, .json).problemPaths == ["countries[0].id"])
        withKnownIssue("YAML drops a leading U+FEFF from a scalar (Yams/Foundation strips it as a byte-order mark)") {
            #expect(decode(yaml, .yaml).problemPaths == ["countries[0].id"])
        }
    }
}
