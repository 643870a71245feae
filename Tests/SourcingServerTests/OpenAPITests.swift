import Foundation
import Testing

// The committed OpenAPI document is the API: every operation it lists is served (nothing it
// lists answers "no such resource"), every route the server has is in it, and its example
// scenario solves to the optimum derived by hand. (schemathesis, run by `.ci/run`, fuzzes the
// server against the same document.)

@Suite struct OpenAPITests {
    @Test func theDocumentListsExactlyTheServersOperations() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let reply = try server.get("/openapi.json")
        #expect(reply.status == 200)
        #expect(
            reply.body
                == Array(
                    try Data(
                        contentsOf: Paths.repository.appendingPathComponent("Sources/SourcingServer/Web/openapi.json")))
        )
        let document = reply.json
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var operations: [String] = []
        for (path, item) in paths {
            for method in item.keys where ["get", "post", "delete"].contains(method) {
                operations.append("\(method.uppercased()) \(path)")
            }
        }
        #expect(
            operations.sorted() == [
                "DELETE /v1/plans/{plan}", "GET /openapi.json", "GET /v1/health", "GET /v1/jobs", "GET /v1/jobs/{job}",
                "GET /v1/jobs/{job}/events", "GET /v1/jobs/{job}/report", "GET /v1/jobs/{job}/result", "GET /v1/models",
                "GET /v1/models/{model}", "GET /v1/plans", "GET /v1/plans/{plan}", "GET /v1/plans/{plan}.csv",
                "GET /v1/plans/{plan}.json", "GET /v1/plans/{plan}.xlsx", "GET /v1/plans/{plan}/compare",
                "GET /v1/plans/{plan}/report",
                "GET /v1/plans/{plan}/scenario", "GET /v1/schema", "GET /v1/template.xlsx",
                "POST /v1/jobs/{job}/cancel", "POST /v1/jobs/{job}/resume",
                "POST /v1/plans", "POST /v1/solve", "POST /v1/stress", "POST /v1/sweeps", "POST /v1/validate",
            ])
        // Each is served: an unknown id is "no plan"/"no job", never "no such resource".
        let id = "0123456789abcdef0123456789abcdef"
        for operation in operations {
            let parts = operation.split(separator: " ")
            let target = String(parts[1])
                .replacingOccurrences(of: "{plan}", with: id).replacingOccurrences(of: "{job}", with: id)
                .replacingOccurrences(of: "{model}", with: "arctic-security-cutter")
            let reply = try server.request(String(parts[0]), target)
            let message = reply.json["message"] as? String ?? ""
            #expect(!message.hasPrefix("no such resource"), "\(operation): \(message)")
            #expect(reply.status != 405, "\(operation)")
        }
        // And the methods it does not list are 405 with Allow.
        let wrong = try server.request("PUT", "/v1/plans/\(id)")
        #expect(wrong.status == 405)
        #expect(wrong.header("Allow") == "GET, DELETE")
        #expect(try server.request("DELETE", "/v1/plans/\(id).csv").header("Allow") == "GET")
        #expect(try server.request("POST", "/v1/models/arctic-security-cutter.yaml").header("Allow") == "GET")
    }

    @Test func theDocumentsExampleScenarioSolvesToItsHandDerivedOptimum() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let document = try server.get("/openapi.json").json
        let body = try #require(
            ((((document["components"] as? [String: Any])?["requestBodies"] as? [String: Any])?["Scenario"]
                as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any])
        let example = try JSONSerialization.data(withJSONObject: try #require(body["example"]))
        // The ally's one unit a period at 8, the rest at home at 10: 8 + (8 + 10) = 26.
        let plan = try server.request("POST", "/v1/solve", body: Array(example), contentType: "application/json")
        #expect(plan.status == 200)
        #expect(plan.json["objective"] as? Double == 26)
        let sweep = try server.request(
            "POST", "/v1/sweeps?vary=sources%5Bhome%5D.unitCost=8,9,10,11", body: Array(example),
            contentType: "application/json")
        #expect(sweep.status == 202)
    }
}
