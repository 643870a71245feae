import Foundation
import Testing

// The plan API against the real server over loopback: the plan of POST /v1/solve is the CLI's
// plan byte for byte (timings aside), stored plans come back as stored in every form, and the
// store survives a restart.

@Suite(.serialized) struct PlanAPITests {
    static let asc = Paths.model("arctic-security-cutter.yaml")

    @Test func solveGivesTheCLIsPlanBytes() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        for file in [
            "arctic-security-cutter.yaml", "aesa-radar-modules.yaml", "rare-earth-magnets.yaml",
            "joint-coproduction.yaml", "naval-portfolio.yaml",
        ] {
            let reply = try server.post("/v1/solve?timeLimit=30", file: Paths.model(file))
            #expect(reply.status == 200, "\(file): \(reply.text)")
            #expect(reply.header("Content-Type") == "application/json")
            let cli = try runCLI(["solve", Paths.model(file).path, "--format", "json", "--time-limit", "30"])
            #expect(cli.status == 0)
            #expect(withoutTimings(reply.text) == withoutTimings(cli.stdout), "\(file)")
            #expect(reply.text.contains("\"seconds\":"))
        }
        // The same options by query as by flag: no sensitivity, a MIP gap.
        let reply = try server.post("/v1/solve?timeLimit=30&sensitivity=false&mipGap=0.01", file: Self.asc)
        let cli = try runCLI([
            "solve", Self.asc.path, "--format", "json", "--time-limit", "30", "--no-sensitivity", "--mip-gap", "0.01",
        ])
        #expect(withoutTimings(reply.text) == withoutTimings(cli.stdout))
        #expect(!reply.text.contains("\"sensitivity\""))
        #expect(reply.header("X-Plan-Status") == "optimal")
    }

    @Test func jsonScenarioWithoutANameIsNamedLikeTheCLIsFile() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        // The canonical JSON of the ASC model, from /v1/validate, without its name.
        let validated = try server.post("/v1/validate", file: Self.asc)
        #expect(validated.status == 200)
        var scenario = try #require(validated.json["scenario"] as? [String: Any])
        scenario["name"] = nil
        let bytes = try JSONSerialization.data(withJSONObject: scenario, options: [.sortedKeys])
        let folder = try Paths.temporaryFolder()
        let file = folder.appendingPathComponent("cutter-what-if.json")
        try bytes.write(to: file)
        let reply = try server.post("/v1/solve?name=cutter-what-if&timeLimit=30", file: file)
        let cli = try runCLI(["solve", file.path, "--format", "json", "--time-limit", "30"])
        #expect(reply.status == 200)
        #expect(withoutTimings(reply.text) == withoutTimings(cli.stdout))
        #expect(reply.text.contains("\"name\": \"cutter-what-if\""))
    }

    @Test func theTimeLimitIsHeldToTheServersCeiling() throws {
        let server = try ServerProcess(arguments: ["--time-limit", "7"])
        defer { server.stop() }
        // No limit asked: the ceiling applies and the plan says so; a lower one is kept.
        #expect(try server.post("/v1/solve", file: Self.asc).text.contains("\"timeLimitSeconds\": 7,"))
        #expect(try server.post("/v1/solve?timeLimit=3", file: Self.asc).text.contains("\"timeLimitSeconds\": 3,"))
        #expect(try server.post("/v1/solve?timeLimit=300", file: Self.asc).text.contains("\"timeLimitSeconds\": 7,"))
    }

    @Test func storedPlansComeBackInEveryFormAndSurviveARestart() throws {
        let data = try Paths.temporaryFolder()
        var server = try ServerProcess(data: data)
        let created = try server.post("/v1/plans?timeLimit=30", file: Self.asc)
        #expect(created.status == 201)
        let location = try #require(created.header("Location"))
        #expect(location.range(of: #"^/v1/plans/[0-9a-f]{32}$"#, options: .regularExpression) != nil)
        let id = String(location.dropFirst("/v1/plans/".count))

        let stored = try server.get(location)
        #expect(stored.status == 200)
        #expect(stored.text == created.text)
        let download = try server.get(location + ".json")
        #expect(download.text == created.text)
        #expect(
            download.header("Content-Disposition")
                == "attachment; filename=\"Arctic-Security-Cutter-US-Finland-phased-onshoring-illustrative-plan.json\"")
        #expect(download.header("Content-Type") == "application/json")

        // CSV: the CLI's tables, by name.
        let folder = try Paths.temporaryFolder()
        let planFile = folder.appendingPathComponent("plan.json")
        try Data(created.body).write(to: planFile)
        let csvFolder = folder.appendingPathComponent("csv")
        _ = try runCLI(["solve", Self.asc.path, "--time-limit", "30", "--csv", csvFolder.path])
        let tables = try FileManager.default.contentsOfDirectory(atPath: csvFolder.path).filter { $0.hasSuffix(".csv") }
            .sorted()
        #expect(tables.count >= 6)
        for file in tables {
            let table = String(file.dropLast(4))
            let reply = try server.get("\(location).csv?table=\(table)")
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type") == "text/csv; charset=utf-8; header=present")
            #expect(
                reply.text == (try String(contentsOf: csvFolder.appendingPathComponent(file), encoding: .utf8)),
                "\(table)")
        }
        #expect(
            try server.get("\(location).csv").text
                == (try String(contentsOf: csvFolder.appendingPathComponent("item-periods.csv"), encoding: .utf8)))
        let badTable = try server.get("\(location).csv?table=nope")
        #expect(badTable.status == 400)
        let listed = (badTable.json["message"] as? String ?? "").replacingOccurrences(
            of: "no CSV table \"nope\"; the tables are ", with: "")
        #expect(Set(listed.components(separatedBy: ", ")) == Set(tables.map { String($0.dropLast(4)) }))

        // The report is the CLI's report of the same plan.
        let report = try server.get("\(location)/report")
        #expect(report.status == 200)
        #expect(report.header("Content-Type") == "text/html; charset=utf-8")
        let cliReport = try runCLI(["report", planFile.path])
        #expect(report.text == cliReport.stdout)
        #expect(report.header("Content-Security-Policy")?.hasPrefix("default-src 'none'") == true)

        // The scenario as posted.
        let scenario = try server.get("\(location)/scenario")
        #expect(scenario.body == Array(try Data(contentsOf: Self.asc)))
        #expect(scenario.header("Content-Type") == "application/yaml; charset=utf-8")

        // Listed, newest first.
        let second = try server.post("/v1/plans?timeLimit=30", file: Paths.model("joint-coproduction.yaml"))
        let secondLocation = try #require(second.header("Location"))
        let list = try #require(try server.get("/v1/plans").json["plans"] as? [[String: Any]])
        #expect(list.map { $0["id"] as? String } == [String(secondLocation.dropFirst(10)), id])
        #expect(list.last?["objective"] as? Double == 6110)
        #expect(list.last?["status"] as? String == "optimal")

        // A restart (SIGTERM, then a new process on the same folder) keeps every byte.
        #expect(server.stop() == 0)
        server = try ServerProcess(data: data)
        defer { server.stop() }
        #expect(try server.get(location).text == created.text)
        #expect(try server.get(secondLocation).text == second.text)

        // Deleted, then gone.
        #expect(try server.request("DELETE", secondLocation).status == 204)
        #expect(try server.get(secondLocation).status == 404)
        #expect(try server.request("DELETE", secondLocation).status == 404)
    }

    @Test func comparingTwoPlansIsTheCLIsComparison() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let folder = try Paths.temporaryFolder()
        // A what-if: Rauma's hulls 100 dearer (470 -> 570 in every period). By hand: the plan
        // keeps its shape (Finland is the only source FY28-FY30), so the total rises by
        // 2 hulls x 100 = 200, from 6110 to 6310.
        let text = try String(contentsOf: Self.asc, encoding: .utf8)
        let dearer = text.replacingOccurrences(of: "unitCost: 470", with: "unitCost: 570")
        #expect(dearer != text)
        let whatIf = folder.appendingPathComponent("dearer.yaml")
        try dearer.write(to: whatIf, atomically: true, encoding: .utf8)
        let before = try server.post("/v1/plans?timeLimit=30", file: Self.asc)
        let after = try server.post("/v1/plans?timeLimit=30", file: whatIf)
        #expect(after.json["objective"] as? Double == 6310)
        let beforeID = String(try #require(before.header("Location")).dropFirst(10))
        let afterLocation = try #require(after.header("Location"))
        let comparison = try server.get("\(afterLocation)/compare?with=\(beforeID)")
        #expect(comparison.status == 200)
        let objective = try #require(comparison.json["objective"] as? [String: Any])
        #expect(objective["before"] as? Double == 6110)
        #expect(objective["after"] as? Double == 6310)
        // The files named as the plans' ids, so that the text names them alike.
        let a = folder.appendingPathComponent(beforeID)
        let b = folder.appendingPathComponent(String(afterLocation.dropFirst(10)))
        try Data(before.body).write(to: a)
        try Data(after.body).write(to: b)
        #expect(comparison.text == (try runCLI(["compare", a.path, b.path, "--format", "json"])).stdout)
        let textReply = try server.get("\(afterLocation)/compare?with=\(beforeID)&format=text")
        #expect(textReply.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(
            textReply.text
                == (try runCLI(["compare", a.path, b.path])).stdout.replacingOccurrences(
                    of: folder.path + "/", with: ""))
        #expect(try server.get("\(afterLocation)/compare").status == 400)
        #expect(try server.get("\(afterLocation)/compare?with=0123456789abcdef0123456789abcdef").status == 404)
    }

    @Test func bundledModelsAreListedAndServedAsTheirFiles() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let models = try #require(try server.get("/v1/models").json["models"] as? [[String: Any]])
        #expect(
            models.map { $0["id"] as? String } == [
                "arctic-security-cutter", "aesa-radar-modules", "rare-earth-magnets", "joint-coproduction",
                "naval-portfolio",
            ])
        #expect(
            models.first?["description"] as? String
                == "Arctic Security Cutter (ASC): the US–Finland phased-onshoring plan.")
        for model in models {
            let id = try #require(model["id"] as? String)
            let reply = try server.get("/v1/models/\(id)")
            #expect(reply.status == 200)
            #expect(reply.body == Array(try Data(contentsOf: Paths.model("\(id).yaml"))))
        }
        #expect(try server.get("/v1/models/arctic-security-cutter.yaml").status == 200)
        let schema = try server.get("/v1/schema")
        #expect(
            schema.body
                == Array(try Data(contentsOf: Paths.repository.appendingPathComponent("models/scenario.schema.json"))))
    }
}

/// The warm what-if: `POST /v1/solve?warmFrom=PLAN` re-solves from the stored plan's basis.
@Suite struct WarmSolveTests {
    @Test func aWarmWhatIfHasTheColdOptimum() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let asc = Paths.model("arctic-security-cutter.yaml")
        let base = try server.post("/v1/plans?timeLimit=30", file: asc)
        let id = try #require(base.header("X-Plan-Id"))
        #expect(base.header("Location") == "/v1/plans/\(id)")
        let folder = try Paths.temporaryFolder()
        // Costs only (the model's structure is kept). Rauma takes orders only in FY26 and has two
        // dock slots, and the FY28-FY30 hulls can only come from Finland, so it builds 2 hulls at
        // any price here: 470 -> 570 gives 6110 + 2 x 100 = 6310, 470 -> 370 gives 6110 - 200 = 5910.
        for (cost, expected) in [(570.0, 6310.0), (370, 5910)] {
            let text = try String(contentsOf: asc, encoding: .utf8).replacingOccurrences(
                of: "unitCost: 470", with: "unitCost: \(Int(cost))")
            let file = folder.appendingPathComponent("what-if-\(Int(cost)).yaml")
            try text.write(to: file, atomically: true, encoding: .utf8)
            let warm = try server.post("/v1/solve?warmFrom=\(id)", file: file)
            let cold = try server.post("/v1/solve?sensitivity=false", file: file)
            #expect(warm.status == 200)
            #expect(warm.json["objective"] as? Double == expected)
            #expect(cold.json["objective"] as? Double == expected)
            #expect(
                (warm.json["scenario"] as? [String: Any])?["sha256"] as? String
                    == (cold.json["scenario"] as? [String: Any])?["sha256"] as? String)
            #expect(warm.json["sensitivity"] == nil)
            // The same deliveries as the cold plan.
            #expect(
                NSArray(array: warm.json["items"] as? [Any] ?? []).isEqual(to: cold.json["items"] as? [Any] ?? ["cold"])
            )
        }
        // A change of structure (the per-ally cap dropped) is solved too.
        let uncapped = try String(contentsOf: asc, encoding: .utf8).replacingOccurrences(
            of: "maxSharePerAlly: 0.37", with: "")
        #expect(uncapped.contains("maxSharePerAlly") == false)
        let file = folder.appendingPathComponent("uncapped.yaml")
        try uncapped.write(to: file, atomically: true, encoding: .utf8)
        #expect(
            try server.post("/v1/solve?warmFrom=\(id)", file: file).json["objective"] as? Double
                == (try server.post("/v1/solve", file: file).json["objective"] as? Double))
        // Only previews are warm; an unknown base is 404.
        #expect(try server.post("/v1/plans?warmFrom=\(id)", file: asc).status == 400)
        #expect(try server.post("/v1/solve?warmFrom=0123456789abcdef0123456789abcdef", file: asc).status == 404)
    }
}
