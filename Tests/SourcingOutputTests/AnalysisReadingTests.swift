import Foundation
import SourcingAnalysis
import SourcingModel
import TestSupport
import Testing

@testable import SourcingOutput

// The typed readers of analysis documents (AnalysisReading.swift): what they read, which keys
// may be left out, and that every error names its key path, in the reader and in the report's
// note. The documents the CLI writes are read in HTMLAnalysesTests (and drawn byte for byte in
// its golden suite).

private func read<T>(_ text: String, _ reader: (JSONValue) throws(PlanReadError) -> T) throws -> Result<
    T, PlanReadError
> {
    let json = try JSONValue(parsing: text)
    do throws(PlanReadError) { return .success(try reader(json)) } catch { return .failure(error) }
}

/// The error's text, or "read" when the document was read.
private func failure<T>(_ result: Result<T, PlanReadError>) -> String {
    switch result {
    case .success: "read"
    case .failure(let error): error.description
    }
}

@Suite struct AnalysisReadingTests {
    @Test func aSweepIsReadByParameterPathAndTypedStatus() throws {
        let sweep = try read(
            """
            {"kind": "sweep", "currency": "EUR", "parameters": [{"path": "a", "values": "1,2"}, {"path": "b"}],
             "pointCount": 4, "shard": {"index": 1, "count": 2},
             "points": [{"values": {"b": 7, "a": 1}, "status": "optimal", "objective": 3},
                        {"values": {"a": 2, "b": null}, "status": "timeLimit", "objective": null}]}
            """, SweepFigures.init(json:)
        ).get()
        #expect(sweep.currency == "EUR")
        #expect(sweep.parameters == [.init(path: "a", values: "1,2"), .init(path: "b", values: nil)])
        #expect(sweep.pointCount == 4 && sweep.shard?.index == 1 && sweep.shard?.count == 2)
        // Values follow the parameters' order, whatever the key order in the point.
        #expect(sweep.points.map(\.values) == [[1, 7], [2, nil]])
        #expect(sweep.points.map(\.status) == [.optimal, .timeLimit])
        #expect(sweep.points.map(\.status.hasPlan) == [true, false])
        #expect(sweep.points.map(\.objective) == [3, nil])
    }

    @Test func optionalKeysMayBeLeftOutOrNull() throws {
        let tornado = try read(
            """
            {"bars": [{"path": "p", "low": {"status": "infeasible"}, "high": {"status": "optimal", "objective": 5, "value": null}}]}
            """, TornadoFigures.init(json:)
        ).get()
        #expect(tornado.baseObjective == nil && tornado.share == nil && tornado.currency == nil)
        #expect(tornado.bars[0].measure == .value && tornado.bars[0].unit == nil && tornado.bars[0].baseValue == nil)
        #expect(tornado.bars[0].low == .init(value: nil, status: .infeasible, objective: nil))
        #expect(tornado.bars[0].high == .init(value: nil, status: .optimal, objective: 5))
        let stress = try read(
            #"{"disruptions": [{"target": "US", "status": "optimal", "lostOrders": null}]}"#, StressFigures.init(json:)
        ).get()
        #expect(stress.by == nil && stress.missing == nil && stress.disruptions[0].sources.isEmpty)
        #expect(
            stress.disruptions[0].lostUnits == nil && stress.disruptions[0].items.isEmpty
                && stress.disruptions[0].relaxedRules.isEmpty)
    }

    @Test func everyErrorNamesItsKeyPath() throws {
        let cases: [(String, String)] = [
            (#"{"points": []}"#, "parameters: missing"),
            (#"{"parameters": [], "points": []}"#, "parameters: is empty; a sweep varies at least one parameter"),
            (#"{"parameters": [{"values": "1"}], "points": []}"#, "parameters[0].path: missing"),
            (
                #"{"parameters": [{"path": "a"}], "points": [{"values": {"a": 1}, "status": "optimal"}, {"values": {"a": 2}, "status": "done"}]}"#,
                #"points[1].status: unknown status "done""#
            ),
            (
                #"{"parameters": [{"path": "a"}], "points": [{"values": {"a": "1"}, "status": "optimal"}]}"#,
                "points[0].values.a: expected a number, found a string"
            ),
            (#"{"parameters": [{"path": "a"}], "points": [{"status": "optimal"}]}"#, "points[0].values: missing"),
            (
                #"{"parameters": [{"path": "a"}], "pointCount": 2.5, "points": []}"#,
                "pointCount: expected a whole number, found a number"
            ),
            (
                #"{"parameters": [{"path": "a"}], "shard": {"index": 3, "count": 2}, "points": []}"#,
                "shard: the shard index must be from 0 to 1, got 3"
            ),
            (
                #"{"parameters": [{"path": "a"}], "currency": 7, "points": []}"#,
                "currency: expected a string, found a number"
            ),
        ]
        for (text, message) in cases {
            #expect(failure(try read(text, SweepFigures.init(json:))) == message, "\(text)")
        }
        #expect(
            failure(try read(#"{"bars": [{"path": "p", "high": {"status": "optimal"}}]}"#, TornadoFigures.init(json:)))
                == "bars[0].low: missing")
        #expect(
            failure(
                try read(
                    #"{"bars": [{"path": "p", "measure": "median", "low": {"status": "optimal"}, "high": {"status": "optimal"}}]}"#,
                    TornadoFigures.init(json:)))
                == #"bars[0].measure: unknown measure "median"; expected value, perPeriod, total or mean"#)
        #expect(
            failure(try read(#"{"points": [{"status": "optimal", "objective": 5}]}"#, FrontierFigures.init(json:)))
                == "points[0].domesticShare: missing")
        #expect(
            failure(try read(#"{"by": "port", "disruptions": []}"#, StressFigures.init(json:)))
                == #"by: unknown target "port"; expected country or source"#)
        #expect(
            failure(
                try read(
                    #"{"disruptions": [{"target": "US", "status": "optimal", "items": [{"unitsShort": 1}]}]}"#,
                    StressFigures.init(json:)))
                == "disruptions[0].items[0].id: missing")
        #expect(
            failure(
                try read(
                    #"{"disruptions": [{"target": "US", "status": "optimal", "sources": ["a", 2]}]}"#,
                    StressFigures.init(json:)))
                == "disruptions[0].sources[1]: expected a string, found a number")
        #expect(
            failure(try read(#"{"disruptions": [{"target": "US"}]}"#, StressFigures.init(json:)))
                == "disruptions[0].status: missing")
    }

    /// The report says which key kept a document from being drawn, in the page and in its notes.
    @Test func theReportsNoteNamesTheKey() throws {
        let plan = try ExampleModels.plan("arctic-security-cutter")
        let json = try JSONValue(
            parsing: #"{"kind": "frontier", "points": [{"domesticShare": 0.5, "status": "done"}]}"#)
        let document = try #require(AnalysisDocument(json: json, label: "f.json"))
        let (html, notes) = HTMLReport(plan: plan, analyses: [document]).render()
        #expect(notes == [#"f.json: frontier document not drawn: points[0].status: unknown status "done""#])
        #expect(html.contains("<p class=\"note\">Not drawn: points[0].status: unknown status &quot;done&quot;.</p>"))
    }
}
