import Foundation
import TestSupport
import Testing

@testable import SourcingScenario

/// The fixture corpus: every bad file yields exactly the problems in its sibling `.expected`
/// file (one `path: message` line per problem, `(file)` for the file as a whole), and every
/// good file loads.
struct ScenarioFixtureTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let repositoryRoot = Repository.root

    /// The scenario files in `directory`, sorted; when it cannot be listed, one name saying so
    /// (the tests given these then fail on it instead of running on nothing).
    static func scenarioFiles(in directory: URL) -> [String] {
        do {
            let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            return names.filter { ScenarioFormat(pathExtension: ($0 as NSString).pathExtension) != nil }.sorted()
        } catch {
            return ["\(directory.path) cannot be listed: \(error.localizedDescription)"]
        }
    }

    static let badFiles = scenarioFiles(in: fixtures.appendingPathComponent("bad"))
    static let goodFiles = scenarioFiles(in: fixtures.appendingPathComponent("good"))
    /// Scenario files under models/ (the JSON Schema that lives there is not a scenario).
    static let modelFiles = ExampleModels.files(extensions: ["yaml", "yml", "json"])

    @Test func theGoodCorpusIsThere() {
        #expect(Self.goodFiles == ["cutter.json", "cutter.yaml", "shared-yard.json"])
    }

    @Test func theBadCorpusIsLargeAndMixed() {
        #expect(Self.badFiles.count >= 40)
        #expect(Self.badFiles.contains { $0.hasSuffix(".json") })
        #expect(Self.badFiles.contains { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") })
    }

    @Test(arguments: badFiles)
    func badFileReportsExactlyTheExpectedProblems(_ name: String) throws {
        let directory = Self.fixtures.appendingPathComponent("bad")
        let path = directory.appendingPathComponent(name).path
        let stem = (name as NSString).deletingPathExtension
        let expectedURL = directory.appendingPathComponent(stem + ".expected")
        let actual: [String]
        do {
            _ = try ScenarioLoader().load(path: path)
            actual = []
        } catch {
            actual = error.problems.map(\.description)
        }
        #expect(!actual.isEmpty, "\(name) should not load")
        guard let expectedText = try? String(contentsOf: expectedURL, encoding: .utf8) else {
            // Write what we got next to the fixture, for review; the test fails until it is renamed.
            try (actual.joined(separator: "\n") + "\n").write(
                to: directory.appendingPathComponent(stem + ".actual"), atomically: true, encoding: .utf8)
            Issue.record("no \(stem).expected; wrote \(stem).actual for review")
            return
        }
        let expected = expectedText.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        #expect(actual == expected, "\(name)")
    }

    @Test(arguments: goodFiles)
    func goodFileLoads(_ name: String) throws {
        let path = Self.fixtures.appendingPathComponent("good").appendingPathComponent(name).path
        #expect(throws: Never.self) { try ScenarioLoader().load(path: path) }
    }

    /// Whatever scenarios the project ships under models/ must validate.
    @Test(arguments: modelFiles)
    func modelFileValidates(_ name: String) throws {
        let path = Self.repositoryRoot.appendingPathComponent("models").appendingPathComponent(name).path
        do {
            _ = try ScenarioLoader().load(path: path)
        } catch {
            Issue.record("models/\(name):\n\(error.description)")
        }
    }
}
