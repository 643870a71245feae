import Foundation
import Testing

// Sweeps and stress tests as jobs: their documents are the CLI's, progress arrives as
// server-sent events, and a job cut short by SIGTERM or by a kill resumes where it stopped,
// ending with the bytes one uninterrupted run gives.

@Suite(.serialized) struct JobAPITests {
    static let asc = Paths.model("arctic-security-cutter.yaml")
    /// 16 points: Rauma's unit cost from half to twice the base.
    static let vary = "sources[rauma-yard].unitCost=x0.5..x2:16"

    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~:,=")))!
    }

    /// Polls the job until it is in a final state.
    func waitForEnd(_ server: ServerProcess, _ location: String, timeout: Double = 120) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let job = try server.get(location).json
            if let state = job["state"] as? String, ["done", "failed", "interrupted"].contains(state) { return job }
            usleep(50_000)
        }
        Issue.record("job \(location) did not finish in \(timeout) s")
        return [:]
    }

    @Test func aSweepJobGivesTheCLIsSweepWithProgressEvents() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let submitted = try server.post("/v1/sweeps?timeLimit=30&vary=\(Self.encoded(Self.vary))", file: Self.asc)
        #expect(submitted.status == 202, "\(submitted.text)")
        let location = try #require(submitted.header("Location"))
        #expect(submitted.json["total"] as? Int == 16)
        #expect(["queued", "running"].contains(submitted.json["state"] as? String))

        // Events from now to the end: done never falls, the last says done 16 of 16.
        var events: [[String: Any]] = []
        let reply = try HTTPConnection(port: server.port).stream(
            target: "\(location)/events", host: "127.0.0.1:\(server.port)", headers: []
        ) { data in
            let event = (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] ?? [:]
            events.append(event)
            return !["done", "failed", "interrupted"].contains(event["state"] as? String ?? "")
        }
        #expect(reply.header("Content-Type") == "text/event-stream; charset=utf-8")
        let done = events.compactMap { $0["done"] as? Int }
        #expect(done == done.sorted())
        #expect(events.last?["state"] as? String == "done")
        #expect(events.last?["done"] as? Int == 16 && events.last?["total"] as? Int == 16)

        let job = try server.get(location).json
        #expect(job["state"] as? String == "done")
        let cli = try runCLI(["sweep", Self.asc.path, "--vary", Self.vary, "--format", "json", "--time-limit", "30"])
        let result = try server.get("\(location)/result")
        #expect(result.status == 200)
        #expect(withoutTimings(result.text) == withoutTimings(cli.stdout))
        let csv = try server.get("\(location)/result?format=csv")
        #expect(
            csv.text
                == (try runCLI(["sweep", Self.asc.path, "--vary", Self.vary, "--format", "csv", "--time-limit", "30"]))
                .stdout)
        let report = try server.get("\(location)/report")
        #expect(report.status == 200)
        #expect(report.text.contains("<svg"))
        // A finished job's events: one event, then the end.
        var late: [String] = []
        _ = try HTTPConnection(port: server.port).stream(
            target: "\(location)/events", host: "127.0.0.1:\(server.port)", headers: []
        ) {
            late.append($0)
            return true
        }
        #expect(late.count == 1)
        // Listed; cannot be resumed or cancelled.
        let jobs = try #require(try server.get("/v1/jobs").json["jobs"] as? [[String: Any]])
        #expect(jobs.first?["id"] as? String == String(location.dropFirst("/v1/jobs/".count)))
        #expect(try server.request("POST", "\(location)/resume").status == 409)
        #expect(try server.request("POST", "\(location)/cancel").status == 409)
    }

    @Test func aStressJobGivesTheCLIsStressTest() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let submitted = try server.post("/v1/stress?timeLimit=30&by=source&from=FY29", file: Self.asc)
        #expect(submitted.status == 202)
        let location = try #require(submitted.header("Location"))
        let job = try waitForEnd(server, location)
        #expect(job["state"] as? String == "done")
        #expect(job["total"] as? Int == 4)
        let cli = try runCLI([
            "stress", Self.asc.path, "--by", "source", "--from", "FY29", "--format", "json", "--time-limit", "30",
        ])
        #expect(withoutTimings(try server.get("\(location)/result").text) == withoutTimings(cli.stdout))
        #expect(try server.get("\(location)/result?format=csv").status == 400)
    }

    /// A sweep long enough to stop in the middle: a grid of 400 x 5 points of the ASC model
    /// (about 6 s on one thread here).
    static let longVary = "sources[rauma-yard].unitCost=400..800:400"
    static let longVary2 = "sources[helsinki-yard].unitCost=400..800:5"
    static var longQuery: String { "vary=\(encoded(longVary))&vary=\(encoded(longVary2))" }

    @Test(arguments: ["SIGTERM", "SIGKILL"])
    func anInterruptedSweepResumesToTheSameBytes(_ signal: String) throws {
        let data = try Paths.temporaryFolder()
        var server = try ServerProcess(data: data, arguments: ["--jobs", "1"])
        let submitted = try server.post("/v1/sweeps?timeLimit=30&\(Self.longQuery)", file: Self.asc)
        let location = try #require(submitted.header("Location"))
        // Let it get some way, then stop the server.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, (try server.get(location).json["done"] as? Int ?? 0) < 40 { usleep(50_000) }
        if signal == "SIGTERM" {
            let started = Date()
            #expect(server.stop() == 0)
            #expect(Date().timeIntervalSince(started) < 10, "SIGTERM should stop the sweep between points")
        } else {
            server.killHard()
        }
        server = try ServerProcess(data: data, arguments: ["--jobs", "1"])
        defer { server.stop() }
        let stopped = try server.get(location).json
        #expect(stopped["state"] as? String == "interrupted")
        let kept = stopped["done"] as? Int ?? 0
        #expect(kept > 0 && kept < 2000, "kept \(kept) points")
        // SIGTERM: the server itself marked the job interrupted; a kill leaves that to the next one.
        usleep(200_000)
        #expect(
            server.standardError.contains("1 job(s) left running by an earlier server are marked interrupted")
                == (signal == "SIGKILL"))
        #expect(try server.get("\(location)/result").status == 409)

        let resumed = try server.request("POST", "\(location)/resume")
        #expect(resumed.status == 202)
        let job = try waitForEnd(server, location)
        #expect(job["state"] as? String == "done")
        let cli = try runCLI([
            "sweep", Self.asc.path, "--vary", Self.longVary, "--vary", Self.longVary2, "--format", "json",
            "--time-limit", "30",
        ])
        #expect(withoutTimings(try server.get("\(location)/result").text) == withoutTimings(cli.stdout))
    }

    @Test func aFullPoolAnswers503WithRetryAfter() throws {
        // One solver thread, no queue: while a long sweep holds the thread, a solve is refused.
        let server = try ServerProcess(arguments: ["--jobs", "1", "--queue", "0"])
        defer { server.stop() }
        let submitted = try server.post("/v1/sweeps?\(Self.longQuery)", file: Self.asc)
        let location = try #require(submitted.header("Location"))
        // Running, with a point solved: the job holds the thread.
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, (try server.get(location).json["done"] as? Int ?? 0) == 0 { usleep(20_000) }
        let refused = try server.post("/v1/solve", file: Self.asc)
        #expect(refused.status == 503)
        #expect(refused.header("Retry-After") == "2")
        #expect(refused.json["error"] as? String == "busy")
        // Cancelled, the job stops between points and the thread is free again.
        #expect(try server.request("POST", "\(location)/cancel").status == 202)
        #expect(try waitForEnd(server, location)["state"] as? String == "interrupted")
        var answered = 0
        while answered == 0 || answered == 503 { answered = try server.post("/v1/solve", file: Self.asc).status }
        #expect(answered == 200)
    }
}
