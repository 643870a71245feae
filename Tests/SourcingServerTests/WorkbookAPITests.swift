import Foundation
import Testing

// The workbook form (issue 19) over the API: a scenario workbook solves to the CLI's plan bytes,
// its problems name their sheet and cell, and plans, scenarios and analyses come back as the
// workbooks the CLI writes, byte for byte.

@Suite(.serialized) struct WorkbookAPITests {
    static let asc = Paths.model("arctic-security-cutter.yaml")
    static let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    /// The ASC model as a workbook, written by `sourcing convert`.
    func workbook(in folder: URL) throws -> URL {
        let file = folder.appendingPathComponent("cutter.xlsx")
        let run = try runCLI(["convert", Self.asc.path, file.path])
        #expect(run.status == 0, "\(run.stderr)")
        return file
    }

    @Test func aWorkbookSolvesToTheCLIsPlanAndComesBackAsTheCLIsWorkbooks() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let folder = try Paths.temporaryFolder()
        let file = try workbook(in: folder)
        let bytes = Array(try Data(contentsOf: file))
        let reply = try server.request(
            "POST", "/v1/plans?timeLimit=30&name=cutter", body: bytes, contentType: Self.xlsx)
        #expect(reply.status == 201, "\(reply.text)")
        let cliPlan = folder.appendingPathComponent("plan.xlsx")
        let cli = try runCLI(["solve", file.path, "--format", "json", "--time-limit", "30", "--xlsx", cliPlan.path])
        #expect(withoutTimings(reply.text) == withoutTimings(cli.stdout))
        #expect(reply.json["objective"] as? Double == 6110)
        let location = try #require(reply.header("Location"))

        // The plan workbook: the CLI's bytes (it holds no timings).
        let planBook = try server.get("\(location).xlsx")
        #expect(planBook.status == 200)
        #expect(planBook.header("Content-Type") == Self.xlsx)
        #expect(planBook.body == Array(try Data(contentsOf: cliPlan)))
        // The scenario as posted, and written anew as a workbook: `sourcing convert`'s bytes.
        #expect(try server.get("\(location)/scenario").body == bytes)
        let converted = try server.get("\(location)/scenario?format=xlsx")
        #expect(converted.body == bytes)
        let yaml = try server.get("\(location)/scenario?format=yaml")
        let cliYAML = folder.appendingPathComponent("again.yaml")
        _ = try runCLI(["convert", file.path, cliYAML.path])
        #expect(yaml.body == Array(try Data(contentsOf: cliYAML)))
        #expect(try server.get("\(location)/scenario?format=pdf").status == 400)

        // The template.
        let template = try server.get("/v1/template.xlsx")
        let cliTemplate = folder.appendingPathComponent("template.xlsx")
        _ = try runCLI(["template", cliTemplate.path])
        #expect(template.body == Array(try Data(contentsOf: cliTemplate)))
    }

    @Test func aBrokenWorkbooksProblemsNameTheirCell() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let folder = try Paths.temporaryFolder()
        let good = try workbook(in: folder)
        // A spreadsheet client (openpyxl, as the CLI's workbook tests use) breaks two cells:
        // Rauma's unit cost (sources!E2) and Helsinki's lead time (sources!H3).
        let edit = Paths.repository.appendingPathComponent("Tests/SourcingCLITests/openpyxl/edit_cell.py").path
        let once = folder.appendingPathComponent("once.xlsx")
        let broken = folder.appendingPathComponent("broken.xlsx")
        for (input, output, cell, value) in [(good, once, "E2", "-470"), (once, broken, "H3", "1.5")] {
            let python = Process()
            python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            python.arguments = ["python3", edit, input.path, output.path, "sources", cell, value]
            try python.run()
            python.waitUntilExit()
            #expect(python.terminationStatus == 0, "openpyxl is needed (make test installs it)")
        }
        let cli = try runCLI(["validate", broken.path, "--format", "json"])
        #expect(cli.status == 2)
        let expected = try #require(
            (try JSONSerialization.jsonObject(with: Data(cli.stdout.utf8)) as? [String: Any])?["problems"]
                as? [[String: String]])
        #expect(expected.map { $0["location"] } == ["sources!E2", "sources!H3"])
        let reply = try server.request(
            "POST", "/v1/solve", body: Array(try Data(contentsOf: broken)), contentType: Self.xlsx)
        #expect(reply.status == 422)
        #expect(reply.json["problems"] as? [[String: String]] == expected)
        // Not a workbook at all: 400, the file as a whole.
        let notZip = try server.request("POST", "/v1/validate", body: Array("not a zip".utf8), contentType: Self.xlsx)
        #expect(notZip.status == 400)
        #expect(notZip.json["error"] as? String == "unreadableScenario")
    }

    @Test func sweepAndStressResultsComeBackAsTheCLIsWorkbooks() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let folder = try Paths.temporaryFolder()
        let vary = "sources[rauma-yard].unitCost=x0.5..x2:4"
        let sweep = try server.post("/v1/sweeps?timeLimit=30&vary=\(JobAPITests.encoded(vary))", file: Self.asc)
        let stress = try server.post("/v1/stress?timeLimit=30", file: Self.asc)
        for (reply, arguments, name) in [
            (sweep, ["sweep", Self.asc.path, "--vary", vary], "sweep.xlsx"),
            (stress, ["stress", Self.asc.path], "stress.xlsx"),
        ] {
            let location = try #require(reply.header("Location"))
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline, try server.get(location).json["state"] as? String != "done" { usleep(50_000) }
            let book = try server.get("\(location)/result?format=xlsx")
            #expect(book.status == 200)
            let cliFile = folder.appendingPathComponent(name)
            let cli = try runCLI(arguments + ["--time-limit", "30", "--xlsx", cliFile.path, "--format", "json"])
            #expect(cli.status == 0, "\(cli.stderr)")
            #expect(book.body == Array(try Data(contentsOf: cliFile)), "\(name)")
        }
    }
}
