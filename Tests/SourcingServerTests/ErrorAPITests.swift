import Foundation
import Testing

// Every error status the API documents, each with its JSON body; the scenario problems are
// the CLI's, path for path and word for word.

@Suite(.serialized) struct ErrorAPITests {
    static let asc = Paths.model("arctic-security-cutter.yaml")

    func error(_ reply: HTTPReply) -> (code: String?, message: String?) {
        (reply.json["error"] as? String, reply.json["message"] as? String)
    }

    @Test func badScenariosGetTheCLIsProblems() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        // A scenario that reads but breaks rules: 422, the problems of `sourcing validate --format json`.
        let folder = try Paths.temporaryFolder()
        let broken = folder.appendingPathComponent("broken.yaml")
        let text = try String(contentsOf: Self.asc, encoding: .utf8)
            .replacingOccurrences(of: "unitCost: 470", with: "unitCost: -470")
            .replacingOccurrences(of: "leadTime: 2", with: "leadTime: 1.5")
        try text.write(to: broken, atomically: true, encoding: .utf8)
        let cli = try runCLI(["validate", broken.path, "--format", "json"])
        #expect(cli.status == 2)
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(cli.stdout.utf8)) as? [String: Any])
        let expectedProblems = try #require(expected["problems"] as? [[String: String]])
        #expect(expectedProblems.count >= 2)
        for endpoint in ["/v1/validate", "/v1/solve", "/v1/plans", "/v1/sweeps?vary=policy.budget=1,2", "/v1/stress"] {
            let reply = try server.post(endpoint, file: broken)
            #expect(reply.status == 422, "\(endpoint)")
            #expect(error(reply).code == "invalidScenario")
            #expect(reply.json["problems"] as? [[String: String]] == expectedProblems, "\(endpoint)")
        }
        #expect(
            error(try server.post("/v1/validate", file: broken)).message
                == "the scenario has \(expectedProblems.count) problems; each is listed with its path")

        // One that cannot be read at all: 400, the parser's message with the empty path.
        let unreadable = try server.request(
            "POST", "/v1/solve", body: Array("periods: [FY26\n".utf8), contentType: "application/yaml")
        #expect(unreadable.status == 400)
        #expect(error(unreadable).code == "unreadableScenario")
        let found = try #require(unreadable.json["problems"] as? [[String: String]])
        #expect(found.count == 1 && found[0]["path"] == "")
        let notUTF8 = try server.request(
            "POST", "/v1/validate", body: [0x6E, 0x61, 0x6D, 0x65, 0x3A, 0x20, 0xFF, 0x0A],
            contentType: "application/yaml")
        #expect(notUTF8.status == 400)
        #expect(problems(notUTF8) == ["the file is not valid UTF-8 (at byte 6); save it as UTF-8"])
        let json = try server.request(
            "POST", "/v1/validate", body: Array("{\"periods\": [}".utf8), contentType: "application/json; charset=utf-8"
        )
        #expect(json.status == 400)
    }

    func problems(_ reply: HTTPReply) -> [String] {
        (reply.json["problems"] as? [[String: String]] ?? []).map { $0["message"] ?? "" }
    }

    @Test func bodiesAndQueriesAreReadStrictly() throws {
        let server = try ServerProcess(arguments: ["--max-body", "1"])
        defer { server.stop() }
        let model = Array(try Data(contentsOf: Self.asc))
        // No or unknown Content-Type: 415.
        let untyped = try server.request("POST", "/v1/solve", body: model)
        #expect(untyped.status == 415)
        #expect(
            error(untyped) == (
                "unsupportedMediaType",
                "give the scenario's Content-Type: application/json, application/yaml or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet (a workbook)"
            ))
        let plain = try server.request("POST", "/v1/solve", body: model, contentType: "text/plain")
        #expect(plain.status == 415)
        #expect(
            error(plain).message
                == "a scenario is application/json, application/yaml or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet (a workbook), not text/plain"
        )
        // Empty: 400.
        let empty = try server.request("POST", "/v1/solve", body: [], contentType: "application/yaml")
        #expect(empty.status == 400)
        #expect(error(empty).code == "emptyBody")
        // Over the limit: 413, announced or not.
        let big = [UInt8](repeating: 0x20, count: (1 << 20) + 1)
        let announced = try server.request("POST", "/v1/solve", body: big, contentType: "application/yaml")
        #expect(announced.status == 413)
        #expect(
            error(announced) == (
                "tooLarge", "the body is larger than this server's limit of 1048576 bytes (`sourcing serve --max-body`)"
            ))
        let chunked = try chunkedPost(server, "/v1/validate", big)
        #expect(chunked.status == 413)
        // Unknown or bad query parameters: 400, naming what is known.
        let unknown = try server.request("POST", "/v1/solve?timelimit=5", body: model, contentType: "application/yaml")
        #expect(unknown.status == 400)
        #expect(
            error(unknown) == (
                "unknownParameter",
                "unknown query parameter \"timelimit\"; this endpoint takes timeLimit, mipGap, memoryLimit, sensitivity, name, warmFrom"
            ))
        for (query, message) in [
            ("timeLimit=-1", "timeLimit must be a positive number of seconds"),
            ("timeLimit=soon", "timeLimit must be a number, got \"soon\""),
            ("mipGap=1", "mipGap must be in [0, 1)"),
            ("sensitivity=maybe", "sensitivity must be true or false, got \"maybe\""),
            ("timeLimit=1&timeLimit=2", "give timeLimit at most once"),
        ] {
            let reply = try server.request("POST", "/v1/solve?\(query)", body: model, contentType: "application/yaml")
            #expect(reply.status == 400, "\(query)")
            #expect(error(reply).message == message)
        }
        // Bad analysis requests: 400 with the CLI's message.
        let badPath = try server.request(
            "POST", "/v1/sweeps?vary=sources%5Bnope%5D.unitCost=1,2", body: model, contentType: "application/yaml")
        #expect(badPath.status == 400)
        #expect(error(badPath).code == "badAnalysis")
        #expect(error(badPath).message?.hasPrefix("sources[nope].unitCost: ") == true)
        let noVary = try server.request("POST", "/v1/sweeps", body: model, contentType: "application/yaml")
        #expect(error(noVary).message == "give one or two vary=PATH=VALUES parameters (as `sourcing sweep --vary`)")
        let badPeriod = try server.request("POST", "/v1/stress?from=FY99", body: model, contentType: "application/yaml")
        #expect(badPeriod.status == 400)
    }

    /// A body sent in chunks (no Content-Length), so only the reading can find it too large.
    func chunkedPost(_ server: ServerProcess, _ target: String, _ body: [UInt8]) throws -> HTTPReply {
        var bytes: [UInt8] = []
        var offset = 0
        while offset < body.count {
            let end = min(offset + 65536, body.count)
            bytes += Array(String(end - offset, radix: 16).utf8) + [13, 10] + body[offset..<end] + [13, 10]
            offset = end
        }
        bytes += Array("0\r\n\r\n".utf8)
        return try server.request(
            "POST", target, body: bytes, contentType: "application/yaml", headers: [("Transfer-Encoding", "chunked")])
    }

    @Test func unknownThingsAreNotFoundAndNothingReachesTheDisk() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        for target in [
            "/nope", "/v1/plans/0123456789abcdef0123456789abcdef", "/v1/plans/not-an-id", "/v1/plans/../../etc/passwd",
            "/v1/plans/..%2F..%2Fetc%2Fpasswd", "/v1/plans/0123456789abcdef0123456789abcdef.xlsx",
            "/v1/plans/0123456789ABCDEF0123456789ABCDEF",
            "/v1/models/nope", "/v1/models/../Package.swift", "/v1/models/..%2F..%2FPackage.swift", "/v1/models/%2e%2e",
            "/v1/models/scenario.schema", "/v1/jobs/0123456789abcdef0123456789abcdef", "/v1/jobs/x/events",
            "/ui/../Package.swift",
            "/v1/plans/0123456789abcdef0123456789abcdef/report",
            "/v1/plans/0123456789abcdef0123456789abcdef/compare?with=0123456789abcdef0123456789abcdef",
        ] {
            let reply = try server.get(target)
            #expect(reply.status == 404, "\(target): \(reply.status) \(reply.text)")
            #expect(error(reply).code == "notFound", "\(target)")
            #expect(reply.header("Content-Type") == "application/json")
            #expect(!reply.text.contains("swift-tools-version") && !reply.text.contains("root:"))
        }
        #expect(
            error(try server.get("/v1/models/nope")).message == "no bundled model \"nope\" (GET /v1/models lists them)")
        // A method the route does not take.
        let wrongMethod = try server.request("GET", "/v1/solve")
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.header("Allow") == "POST")
        #expect(error(wrongMethod) == ("methodNotAllowed", "/v1/solve takes POST, not GET"))
    }

    @Test func withoutATokenOnlyLoopbackNamesAreServed() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        for host in ["127.0.0.1:\(server.port)", "localhost:\(server.port)", "[::1]:\(server.port)", "localhost"] {
            #expect(try server.request("GET", "/v1/health", host: host).status == 200, "\(host)")
        }
        // A page elsewhere whose name was rebound to 127.0.0.1 still sends its own name.
        let rebound = try server.request("GET", "/v1/plans", host: "attacker.example:\(server.port)")
        #expect(rebound.status == 403)
        #expect(error(rebound).code == "forbiddenHost")
    }

    @Test func aTokenIsNeededOnEveryRequest() throws {
        let token = "correct-horse-battery-staple"
        let server = try ServerProcess(arguments: ["--token", token])
        defer { server.stop() }
        for target in ["/", "/openapi.json", "/v1/health", "/v1/models", "/v1/plans/0123456789abcdef0123456789abcdef"] {
            let reply = try server.get(target)
            #expect(reply.status == 401, "\(target)")
            #expect(error(reply).code == "unauthorized")
            #expect(
                reply.headers("WWW-Authenticate") == [
                    "Bearer realm=\"sourcing\"", "Basic realm=\"sourcing\", charset=\"UTF-8\"",
                ])
        }
        #expect(
            try server.get("/v1/health", headers: [("Authorization", "Bearer wrong-horse-battery-staple")]).status
                == 401)
        #expect(try server.get("/v1/health", headers: [("Authorization", "Bearer \(token)x")]).status == 401)
        #expect(try server.get("/v1/health", headers: [("Authorization", "Bearer \(token)")]).status == 200)
        let basic = Data("planner:\(token)".utf8).base64EncodedString()
        #expect(try server.get("/", headers: [("Authorization", "Basic \(basic)")]).status == 200)
        #expect(
            try server.request(
                "POST", "/v1/solve", body: Array(try Data(contentsOf: Self.asc)), contentType: "application/yaml",
                headers: [("Authorization", "Bearer \(token)")]
            ).status == 200)
        // With a token, any Host is fine: the token is the guard.
        #expect(
            try server.request(
                "GET", "/v1/health", headers: [("Authorization", "Bearer \(token)")], host: "planning.example"
            ).status == 200)
    }

    @Test func theCommandRefusesToExposeTheServerWithoutAToken() throws {
        let run = try runCLI(["serve", "--host", "0.0.0.0", "--port", "0"])
        #expect(run.status == 2)
        #expect(
            run.stderr.contains(
                "--host 0.0.0.0 is not a loopback address: give --token TOKEN too (every request must then carry Authorization: Bearer TOKEN)"
            ))
        let short = try runCLI(["serve", "--token", "short"])
        #expect(short.status == 2)
        #expect(short.stderr.contains("--token must have at least 16 characters"))
    }
}
