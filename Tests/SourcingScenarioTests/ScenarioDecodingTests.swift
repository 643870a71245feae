import Foundation
import Testing

@testable import SourcingScenario

/// Decoding of good input: defaults, per-period expansion, period labels, YAML 1.2 core schema.
struct ScenarioDecodingTests {
    static let good = ScenarioFixtureTests.fixtures.appendingPathComponent("good")

    func decode(_ text: String, _ format: ScenarioFormat = .yaml) throws(ScenarioError) -> Scenario {
        try ScenarioLoader().decode(Array(text.utf8), format: format)
    }

    func problems(_ text: String, _ format: ScenarioFormat = .yaml) -> [String] {
        do {
            _ = try decode(text, format)
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    static let minimal = """
        periods: [P1, P2, P3]
        countries: [{id: US, domestic: true}, {id: CA}]
        items: [{id: x, category: c, demand: 2}]
        sources: [{id: s, country: US, item: x, unitCost: 1, capacity: [1, 2, 3]}, {id: t, country: CA, item: x, unitCost: 1, capacity: 1}]
        """

    @Test func yamlAndJSONVersionsOfTheSameScenarioAreEqual() throws {
        let yaml = try ScenarioLoader().load(path: Self.good.appendingPathComponent("cutter.yaml").path)
        let json = try ScenarioLoader().load(path: Self.good.appendingPathComponent("cutter.json").path)
        #expect(yaml == json)
    }

    @Test func theCutterScenarioReadsAsWritten() throws {
        let scenario = try ScenarioLoader().load(path: Self.good.appendingPathComponent("cutter.yaml").path)
        #expect(scenario.name == "Arctic Security Cutter")
        #expect(scenario.currency == "USD millions")
        #expect(scenario.periods == ["FY26", "FY27", "FY28", "FY29", "FY30", "FY31"])
        #expect(scenario.discountRate == 0.03)
        #expect(scenario.countries.map(\.id) == ["US", "FI", "NO", "KR"])
        #expect(scenario.countries[2].screening == .pending)
        #expect(scenario.countries[2].exportApproved == ["*"])
        let hull = scenario.items[0]
        #expect(hull.demand == [0, 1, 1, 1, 2, 2])
        #expect(hull.integerUnits && hull.backlogPenalty == 500 && hull.unmetPenalty == 2000)
        #expect(hull.domesticShare == DomesticShareRule(min: 0.5, max: nil, from: 3, over: .horizon))
        #expect(hull.minSources == MinimumCount(count: 2, minShare: 0.1))
        let radar = scenario.items[1]
        #expect(radar.demand == Array(repeating: 3, count: 6))
        #expect(radar.shareOver == .period)
        #expect(radar.resilience == Resilience(survive: .anySingleCountry, coverage: 0.5, from: 1))
        #expect(radar.minCountries == MinimumCount(count: 2, minShare: 0.2))
        let yard = scenario.sources[1]
        #expect(yard.leadTime == 2 && yard.fixedCost == 1000 && yard.minOrder == 1)
        #expect(yard.domesticContent == 1)  // default for the domestic country
        #expect(yard.availableFrom == 1 && yard.availableUntil == 5)
        #expect(
            yard.onshoring
                == Onshoring(
                    transfer: .init(fromSources: ["fi-yard"], units: 2),
                    facility: .init(cost: 250, buildTime: 1, earliest: 1),
                    rampUp: [1, 1, 2], sustainingRate: 1))
        #expect(scenario.sources[0].capacityMode == .concurrent)
        #expect(scenario.sources[0].domesticContent == 0.2)
        #expect(scenario.sources[3].domesticContent == 0)  // default for an ally
        #expect(scenario.sources[3].costShare == 0.5)
        #expect(scenario.policy.budget == Array(repeating: 5000, count: 6))
        #expect(scenario.solver == SolverSettings(timeLimitSeconds: 60, mipGap: 1e-4, presolve: true))
    }

    @Test func defaultsAreApplied() throws {
        let scenario = try decode(Self.minimal)
        #expect(scenario.name == "")
        #expect(scenario.currency == nil)
        #expect(scenario.discountRate == 0)
        #expect(scenario.countries[1] == Country(id: "CA"))
        #expect(scenario.items[0] == Item(id: "x", category: "c", demand: [2, 2, 2]))
        #expect(
            scenario.sources[0]
                == Source(
                    id: "s", country: "US", item: "x", unitCost: [1, 1, 1], capacity: [1, 2, 3], domesticContent: 1))
        #expect(scenario.sources[1].domesticContent == 0)
        #expect(scenario.policy == Policy())
        #expect(scenario.solver == SolverSettings())
    }

    @Test func anItemsUnitIsALabelForOutputs() throws {
        let withUnit = Self.minimal.replacingOccurrences(
            of: "{id: x, category: c,", with: "{id: x, category: c, unit: hull,")
        #expect(try decode(withUnit).items[0].unit == "hull")
        #expect(try decode(Self.minimal).items[0].unit == nil)
        let numeric = Self.minimal.replacingOccurrences(
            of: "{id: x, category: c,", with: "{id: x, category: c, unit: 1,")
        #expect(problems(numeric) == ["items[0].unit: expected a string, got the number 1; put it in quotes"])
        // Written back and read again, the unit survives.
        let scenario = try decode(withUnit)
        #expect(try decode(ScenarioWriter.text(scenario, format: .yaml)).items[0].unit == "hull")
    }

    @Test func loadNamesTheScenarioAfterTheFileWhenItHasNoName() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scenario-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("north.plan.yml")
        try Self.minimal.write(to: file, atomically: true, encoding: .utf8)
        #expect(try ScenarioLoader().load(path: file.path).name == "north.plan")
    }

    @Test func wholeNumbersNameUsedPeriods() throws {
        let scenario = try decode(
            """
            periods: [2026, "2027", 2028]
            countries: [{id: US, domestic: true}]
            items: [{id: x, category: c, demand: 1, resilience: {survive: anySingleSource, coverage: 1, from: 2027}}]
            sources: [{id: s, country: US, item: x, unitCost: 1, capacity: 1, availableFrom: "2028"}]
            """)
        #expect(scenario.periods == ["2026", "2027", "2028"])
        #expect(scenario.items[0].resilience?.from == 1)
        #expect(scenario.sources[0].availableFrom == 2)
    }

    @Test func yamlCoreSchemaScalars() {
        #expect(YAMLDocumentReader.resolvePlain("NO").isString("NO"))
        #expect(YAMLDocumentReader.resolvePlain("yes").isString("yes"))
        #expect(YAMLDocumentReader.resolvePlain("2026-01-01").isString("2026-01-01"))
        #expect(YAMLDocumentReader.resolvePlain("1e-4").numberValue == 1e-4)
        #expect(YAMLDocumentReader.resolvePlain("1E+3").numberValue == 1000)
        #expect(YAMLDocumentReader.resolvePlain(".5").numberValue == 0.5)
        #expect(YAMLDocumentReader.resolvePlain("5.").numberValue == 5)
        #expect(YAMLDocumentReader.resolvePlain("-3").numberValue == -3)
        #expect(YAMLDocumentReader.resolvePlain("0x1F").numberValue == 31)
        #expect(YAMLDocumentReader.resolvePlain("0o17").numberValue == 15)
        #expect(YAMLDocumentReader.resolvePlain("0x1G").isString("0x1G"))
        #expect(YAMLDocumentReader.resolvePlain("1_000").isString("1_000"))
        #expect(YAMLDocumentReader.resolvePlain(".inf").numberValue == .infinity)
        #expect(YAMLDocumentReader.resolvePlain("-.Inf").numberValue == -.infinity)
        #expect(YAMLDocumentReader.resolvePlain(".NaN").numberValue?.isNaN == true)
        #expect(YAMLDocumentReader.resolvePlain("True").bool == true)
        #expect(YAMLDocumentReader.resolvePlain("FALSE").bool == false)
        #expect(YAMLDocumentReader.resolvePlain("~").isNull)
        #expect(YAMLDocumentReader.resolvePlain("").isNull)
        #expect(YAMLDocumentReader.resolvePlain("Null").isNull)
    }

    @Test func quotedAndTaggedYAMLScalarsAreStrings() throws {
        let scenario = try decode(
            """
            periods: ['1', "2", !!str 3]
            countries: [{id: "NO", domestic: !!bool true}]
            items: []
            sources: []
            """)
        #expect(scenario.periods == ["1", "2", "3"])
    }

    @Test func anchorsAndAliasesAreExpanded() throws {
        let scenario = try decode(
            """
            periods: [A, B]
            countries: [{id: US, domestic: true}]
            items: [{id: x, category: c, demand: &d [1, 2]}]
            sources: [{id: s, country: US, item: x, unitCost: 1, capacity: *d}]
            """)
        #expect(scenario.sources[0].capacity == [1, 2])
    }

    @Test func aByteOrderMarkIsIgnored() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let yaml = try ScenarioLoader().decode(bom + Array(Self.minimal.utf8), format: .yaml)
        #expect(yaml.periods.count == 3)
        let json = try ScenarioLoader().decode(
            bom
                + Array(
                    #"{"periods": ["A"], "countries": [{"id": "US", "domestic": true}], "items": [], "sources": []}"#
                        .utf8),
            format: .json)
        #expect(json.periods == ["A"])
    }

    @Test func jsonStringsAndEscapes() throws {
        let scenario = try decode(
            #"{"name": "Cutter \u00e9\ud83d\ude80 \"A\"\n", "periods": ["A"], "countries": [{"id": "US", "domestic": true}], "items": [], "sources": []}"#,
            .json)
        #expect(scenario.name == "Cutter é🚀 \"A\"\n")
    }

    @Test func formatFromExtension() {
        #expect(ScenarioFormat(pathExtension: "json") == .json)
        #expect(ScenarioFormat(pathExtension: ".YAML") == .yaml)
        #expect(ScenarioFormat(pathExtension: "yml") == .yaml)
        #expect(ScenarioFormat(pathExtension: "txt") == nil)
    }

    // MARK: Limits

    @Test func deepJSONNestingIsRefusedWithoutRecursingDeep() {
        let text = String(repeating: "[", count: 100_000)
        #expect(
            problems(text, .json) == [
                "(file): invalid JSON at line 1, column 65: the document is nested more than 64 levels deep; a scenario needs only a few levels"
            ])
    }

    @Test func deepYAMLFlowNestingIsRefusedBeforeParsing() {
        let text = "periods: " + String(repeating: "[", count: 100_000)
        #expect(
            problems(text) == [
                "(file): the document is nested more than 64 levels deep (at line 1); a scenario needs only a few levels"
            ])
    }

    @Test func deepYAMLBlockNestingIsRefusedBeforeParsing() {
        var text = ""
        for level in 0..<10_000 { text += String(repeating: " ", count: level) + "a:\n" }
        #expect(problems(text).first?.hasPrefix("(file): the document is nested more than 64 levels deep") == true)
        let dashes = String(repeating: "- ", count: 10_000) + "x"
        #expect(problems(dashes).first?.hasPrefix("(file): the document is nested more than 64 levels deep") == true)
    }

    @Test func yamlBlockScalarsDoNotCountAsNesting() throws {
        var name = "name: |\n"
        for level in 1...100 { name += String(repeating: " ", count: level) + "line\n" }
        let scenario = try decode(name + Self.minimal)
        #expect(scenario.name.hasPrefix("line\n line\n"))
    }

    @Test func theDepthLimitIsConfigurable() {
        let loader = ScenarioLoader(maxDepth: 2)
        #expect(throws: ScenarioError.self) { try loader.decode(Array(#"{"a": [[1]]}"#.utf8), format: .json) }
    }

    @Test func yamlAliasBombsAreRefused() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...8 {
            text +=
                "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
                + "]\n"
        }
        let found = problems(text)
        #expect(found.count == 1)
        #expect(found.first?.contains("YAML aliases") == true)
    }

    @Test func filesOverTheSizeLimitAreRefusedBeforeReading() throws {
        let loader = ScenarioLoader(maxBytes: 100)
        let bytes = Array(Self.minimal.utf8)
        #expect(bytes.count > 100)
        do {
            _ = try loader.decode(bytes, format: .yaml)
            Issue.record("expected the size limit to apply")
        } catch {
            #expect(
                error.problems == [
                    ScenarioProblem(
                        path: "", message: "the file has \(bytes.count) bytes, more than the limit of 100 bytes")
                ])
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scenario-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("big.yaml")
        try Data(repeating: UInt8(ascii: " "), count: 3 << 20).write(to: file)
        do {
            _ = try ScenarioLoader(maxBytes: 1 << 20).load(path: file.path)
            Issue.record("expected the size limit to apply")
        } catch {
            #expect(error.description == "(file): the file has 3145728 bytes, more than the limit of 1 MiB")
        }
    }

    @Test func unreadableFilesAndUnknownExtensions() {
        do {
            _ = try ScenarioLoader().load(path: "/nonexistent/plan.yaml")
        } catch {
            #expect(error.description == "(file): cannot read the file: no such file or directory")
        }
        do {
            _ = try ScenarioLoader().load(path: "/nonexistent/plan.txt")
        } catch {
            #expect(
                error.description
                    == "(file): unknown file type \".txt\"; use .json, .yaml, .yml or .xlsx, or a folder of CSV files")
        }
    }

    @Test func invalidUTF8IsReported() {
        let bytes = Array("name: ".utf8) + [0xC3, 0x28]
        do {
            _ = try ScenarioLoader().decode(bytes, format: .yaml)
        } catch {
            #expect(error.description == "(file): the file is not valid UTF-8 (at byte 6); save it as UTF-8")
        }
    }

    // MARK: Suggestions

    @Test func closestNames() {
        #expect(closestName(to: "leadtime", among: ScenarioObjectKind.source.fields) == "leadTime")
        #expect(closestName(to: "backlogPenality", among: ScenarioObjectKind.item.fields) == "backlogPenalty")
        #expect(closestName(to: "colour", among: ScenarioObjectKind.source.fields) == nil)
        #expect(editDistance("kitten", "sitting") == 3)
    }
}

extension DocumentNode {
    func isString(_ expected: String) -> Bool {
        if case .string(let text) = self { return text == expected } else { return false }
    }
    var numberValue: Double? {
        if case .number(let number) = self { return number.value } else { return nil }
    }
    var bool: Bool? {
        if case .bool(let value) = self { return value } else { return nil }
    }
    var isNull: Bool {
        if case .null = self { return true } else { return false }
    }
}
