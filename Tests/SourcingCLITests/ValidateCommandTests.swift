import Foundation
import TestSupport
import Testing

/// `sourcing validate`, run as the built binary, with exact output.
struct ValidateCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SourcingScenarioTests/Fixtures")

    /// Runs the built binary in the fixtures folder (see BinarySupport.swift).
    func run(_ arguments: [String]) throws -> BinaryRun {
        try runSourcing(arguments, in: Self.fixtures)
    }

    @Test func aGoodFilePrintsASummaryAndExitsZero() throws {
        let result = try run(["validate", "good/cutter.yaml"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        // The same text as ScenarioSummaryTests' (the library's), through the binary.
        try expectGolden(result.stdout, file: "cutter-validate.txt")
    }

    @Test func aBadFilePrintsEveryProblemOnStderrAndExitsTwo() throws {
        let result = try run(["validate", "bad/integers-not-whole.yaml"])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(
            result.stderr == """
                bad/integers-not-whole.yaml: items[0].minSources.count: must be a whole number, got 2.5
                bad/integers-not-whole.yaml: sources[0].leadTime: must be a whole number, got 1.5
                bad/integers-not-whole.yaml: sources[1].onshoring.facility.buildTime: must be a whole number, got 0.5
                bad/integers-not-whole.yaml: sources[2].leadTime: must be 0 or more, got -1

                """)
    }

    @Test func fileProblemsHaveNoPath() throws {
        let result = try run(["validate", "bad/multiple-documents.yaml", "missing.json"])
        #expect(result.status == 2)
        #expect(
            result.stderr == """
                bad/multiple-documents.yaml: the file holds more than one YAML document (a second "---"); a scenario file holds exactly one
                missing.json: cannot read the file: no such file or directory

                """)
    }

    @Test func jsonFormatPrintsOneObjectPerFileOnStdout() throws {
        let result = try run(["validate", "--format", "json", "good/cutter.json", "bad/dangling-references.yaml"])
        #expect(result.status == 2)
        #expect(result.stderr == "")
        #expect(
            result.stdout == """
                {"file": "good/cutter.json", "valid": true, "problems": []}
                {"file": "bad/dangling-references.yaml", "valid": false, "problems": [\
                {"path": "sources[0].country", "message": "unknown country \\"XX\\""}, \
                {"path": "sources[1].item", "message": "unknown item \\"radr\\"; did you mean \\"radar\\"?"}, \
                {"path": "sources[2].country", "message": "unknown country \\"us\\"; did you mean \\"US\\"?"}]}

                """)
        for line in result.stdout.split(separator: "\n") {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil)
        }
    }

    @Test func severalGoodFilesAreSummarisedUnderTheirNames() throws {
        let result = try run(["validate", "good/cutter.yaml", "good/cutter.json"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("good/cutter.yaml\nScenario: Arctic Security Cutter"))
        #expect(result.stdout.contains("\n\ngood/cutter.json\nScenario: Arctic Security Cutter"))
    }

    @Test func theSizeLimitIsAnOption() throws {
        let big = FileManager.default.temporaryDirectory.appendingPathComponent("big-\(UUID()).yaml")
        try Data(repeating: UInt8(ascii: "#"), count: (1 << 20) + 1).write(to: big)
        defer { try? FileManager.default.removeItem(at: big) }
        let result = try run(["validate", "--max-size", "1", big.path])
        #expect(result.status == 2)
        #expect(result.stderr == "\(big.path): the file has 1048577 bytes, more than the limit of 1 MiB\n")
    }

    @Test func noFilesIsBadInput() throws {
        // Usage errors are bad input (2), as every other problem with what the user gave.
        let result = try run(["validate"])
        #expect(result.status == 2)
    }
}
