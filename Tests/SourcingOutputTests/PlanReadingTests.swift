import SourcingModel
import TestSupport
import Testing

@testable import SourcingOutput

@Suite struct PlanReadingTests {
    @Test(arguments: ExampleModels.names)
    func aPlanReadBackIsTheSamePlanAndTheSameBytes(model: String) throws {
        let plan = try ExampleModels.plan(model)
        let text = plan.jsonText()
        let read = try Plan(jsonText: text)
        #expect(read == plan)
        #expect(read.jsonText() == text)
    }

    @Test func errorsNameTheKeyPath() throws {
        let text = try ExampleModels.plan("arctic-security-cutter").jsonText()
        func error(_ edit: (inout String) -> Void) -> String? {
            var copy = text
            edit(&copy)
            do {
                _ = try Plan(jsonText: copy)
                return nil
            } catch { return error.description }
        }
        #expect(error { $0 = $0.replacingOccurrences(of: "\"status\"", with: "\"state\"") } == "status: missing")
        #expect(
            error { $0 = $0.replacingOccurrences(of: "\"demand\": [", with: "\"demand\": [\"x\", ") }?
                .hasPrefix("items[0].demand: has 12 entries") == true)
        #expect(
            error { $0 = $0.replacingOccurrences(of: "\"used\": true", with: "\"used\": 1") }?
                .hasPrefix("sources[") == true)
        #expect(
            error { $0 = $0.replacingOccurrences(of: "\"schemaVersion\": 1", with: "\"schemaVersion\": 2") }
                == "schemaVersion: this tool reads plan schema version 1, not 2")
        #expect(error { $0 = String($0.dropLast(3)) }?.hasPrefix("not JSON: line") == true)
        #expect(error { $0 = "[]" } == "expected an object, found an array")
    }

    @Test func jsonParserKeepsOrderAndDecodesEscapes() throws {
        let value = try JSONValue(parsing: #"{"b": 1, "a": [true, null, -2.5e3], "s": "\u00e9\ud83d\ude00\n<"}"#)
        #expect(value.objectMembers?.map(\.0) == ["b", "a", "s"])
        #expect(value["a"] == .array([.bool(true), .null, .number(-2500)]))
        #expect(value["s"] == .string("é😀\n<"))
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: #"{"a": 1, "a": 2}"#) }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: "01") }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: "[1,]") }
    }
}
