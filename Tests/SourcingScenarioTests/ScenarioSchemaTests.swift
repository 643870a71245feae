import Foundation
import TestSupport
import Testing

@testable import SourcingScenario

/// models/scenario.schema.json and the decoder accept the same fields, require the same ones,
/// and the schema closes every object (`additionalProperties: false`).
struct ScenarioSchemaTests {
    static let schemaURL = ScenarioFixtureTests.repositoryRoot.appendingPathComponent("models/scenario.schema.json")

    func schema() throws -> [String: Any] {
        let data = try Data(contentsOf: Self.schemaURL)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The object schema for a kind: the top level for `scenario`, `$defs/<kind>` otherwise.
    func objectSchema(_ kind: String, in schema: [String: Any]) -> [String: Any]? {
        if kind == "scenario" { return schema }
        return (schema["$defs"] as? [String: Any])?[kind] as? [String: Any]
    }

    @Test func theSchemaIsDraft2020_12() throws {
        let schema = try schema()
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
    }

    @Test(arguments: ScenarioLoader.knownFields)
    func schemaAndDecoderAgreeOnFields(_ kind: ScenarioObjectFields) throws {
        let schema = try schema()
        let object = try #require(objectSchema(kind.kind, in: schema), "no schema for \(kind.kind)")
        let properties = try #require(object["properties"] as? [String: Any])
        #expect(Set(properties.keys) == Set(kind.fields), "\(kind.kind): fields")
        #expect(Set(object["required"] as? [String] ?? []) == Set(kind.required), "\(kind.kind): required")
        #expect(object["additionalProperties"] as? Bool == false, "\(kind.kind)")
    }

    @Test func everyObjectInTheSchemaIsADecoderKind() throws {
        let schema = try schema()
        let kinds = Set(ScenarioLoader.knownFields.map(\.kind))
        let definitions = try #require(schema["$defs"] as? [String: Any])
        for (name, definition) in definitions {
            guard let definition = definition as? [String: Any], definition["properties"] != nil else { continue }
            #expect(kinds.contains(name), "$defs/\(name) has properties but the decoder has no such kind")
        }
    }

    /// Walks the whole schema: any subschema with `properties` or `type: object` is closed.
    @Test func everyObjectSchemaIsClosed() throws {
        var open: [String] = []
        func walk(_ node: Any, _ pointer: String) {
            if let object = node as? [String: Any] {
                let isObject = object["properties"] != nil || (object["type"] as? String) == "object"
                if isObject && object["additionalProperties"] as? Bool != false { open.append(pointer) }
                for (key, value) in object { walk(value, pointer + "/" + key) }
            } else if let array = node as? [Any] {
                for (index, value) in array.enumerated() { walk(value, pointer + "/\(index)") }
            }
        }
        walk(try schema(), "#")
        #expect(open.isEmpty, "not closed: \(open)")
    }

    /// Property references point at the right definitions (minSources → minimumCount, …).
    @Test func nestedObjectFieldsReferToTheirKinds() throws {
        let schema = try schema()
        let expected: [(kind: String, field: String, target: String)] = [
            ("scenario", "policy", "policy"), ("scenario", "solver", "solver"),
            ("item", "domesticShare", "domesticShare"), ("item", "minSources", "minimumCount"),
            ("item", "minCountries", "minimumCount"), ("item", "resilience", "resilience"),
            ("source", "onshoring", "onshoring"), ("onshoring", "transfer", "transfer"),
            ("onshoring", "facility", "facility"),
        ]
        for (kind, field, target) in expected {
            let properties = objectSchema(kind, in: schema)?["properties"] as? [String: Any]
            let property = properties?[field] as? [String: Any]
            #expect(property?["$ref"] as? String == "#/$defs/\(target)", "\(kind).\(field)")
        }
        for (array, target) in [
            ("countries", "country"), ("items", "item"), ("sources", "source"), ("capacityPools", "capacityPool"),
        ] {
            let property = (schema["properties"] as? [String: Any])?[array] as? [String: Any]
            #expect((property?["items"] as? [String: Any])?["$ref"] as? String == "#/$defs/\(target)", "\(array)")
        }
        // Arrays of objects inside objects: a source's components, a pool's members.
        for (kind, field, target) in [("source", "consumes", "component"), ("capacityPool", "members", "poolMember")] {
            let property = objectSchema(kind, in: schema)?["properties"] as? [String: Any]
            let elements = (property?[field] as? [String: Any])?["items"] as? [String: Any]
            #expect(elements?["$ref"] as? String == "#/$defs/\(target)", "\(kind).\(field)")
        }
    }
}

/// The text `sourcing validate` prints for a good file.
struct ScenarioSummaryTests {
    @Test func summaryOfTheCutterScenario() throws {
        let path = ScenarioDecodingTests.good.appendingPathComponent("cutter.yaml").path
        let scenario = try ScenarioLoader().load(path: path)
        try expectGolden(ScenarioSummary(scenario: scenario).text, file: "cutter-validate.txt")
    }

    @Test func longListsAreCutAndUnservedItemsFlagged() throws {
        let scenario = Scenario(
            name: "", periods: ["A"],
            countries: [Country(id: "US", domestic: true), Country(id: "XX", screening: .denied)],
            items: [Item(id: "a", category: "c", demand: [0.1]), Item(id: "b", category: "c", demand: [0.2])],
            sources: (1...4).map {
                Source(id: "s\($0)", country: "XX", item: "a", unitCost: [1], capacity: [1], domesticContent: 0)
            },
            policy: Policy(embargo: ["XX"]))
        #expect(
            ScenarioSummary(scenario: scenario, listLimit: 2).text == """
                Scenario: (unnamed)
                Periods: 1 (A to A)
                Countries: 2 (domestic US; allies XX)
                Items: 2
                  a  total demand 0.1 (hard demand)
                  b  total demand 0.2 (hard demand)
                Sources: 4
                  XX: s1, s2 and 2 more
                Ineligible sources: 4
                  s1 (XX): the country is under embargo; the item's category is not export-approved for the country; investment screening denied
                  s2 (XX): the country is under embargo; the item's category is not export-approved for the country; investment screening denied
                  ... and 2 more
                Items with demand but no eligible source (the plan will be infeasible): a, b

                """)
    }

    @Test func validationResultsAsJSONAndText() {
        let result = ScenarioValidationResult(
            file: "a \"b\".yaml",
            problems: [
                ScenarioProblem(path: "", message: "tab\there"),
                ScenarioProblem(path: "x[0]", message: "bad"),
            ])
        #expect(
            result.json
                == #"{"file": "a \"b\".yaml", "valid": false, "problems": [{"path": "", "message": "tab\there"}, {"path": "x[0]", "message": "bad"}]}"#
        )
        #expect(result.text == "a \"b\".yaml: tab\there\na \"b\".yaml: x[0]: bad\n")
        #expect(
            ScenarioValidationResult(file: "f", problems: []).json == #"{"file": "f", "valid": true, "problems": []}"#)
    }
}
