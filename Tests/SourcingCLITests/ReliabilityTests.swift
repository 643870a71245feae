import Foundation
import Sourcing
import TestSupport
import Testing

/// Issue 10: no input crashes the tool, no run loses work, every run can be reproduced.
/// Everything here runs the built `sourcing` binary (BinarySupport.swift), except the replay
/// of the fuzzer's regression corpus and the in-process mutation property, which call the
/// library the way the binary does.
@Suite(.serialized)
struct ReliabilityTests {
    // MARK: Exit statuses (README "Exit status"), each with the real binary

    @Test func aPlanExitsZeroWithOnlyThePlanOnStdout() throws {
        let run = try runSourcing(["solve", Binary.model("aesa-radar-modules.yaml"), "--format", "json"])
        #expect(run.exitedNormally && run.status == 0)
        #expect(run.stderr == "")
        let plan = try #require(jsonObject(run.stdoutData), "stdout is not one JSON document")
        #expect(plan["status"] as? String == "optimal")
    }

    /// Each bad input: status 2, nothing on stdout, and on stderr every problem, each with its
    /// path (the file, then the field), word for word.
    @Test(arguments: [
        (
            ["solve", "Tests/SourcingScenarioTests/Fixtures/bad/integers-not-whole.yaml"],
            """
            Tests/SourcingScenarioTests/Fixtures/bad/integers-not-whole.yaml: items[0].minSources.count: must be a whole number, got 2.5
            Tests/SourcingScenarioTests/Fixtures/bad/integers-not-whole.yaml: sources[0].leadTime: must be a whole number, got 1.5
            Tests/SourcingScenarioTests/Fixtures/bad/integers-not-whole.yaml: sources[1].onshoring.facility.buildTime: must be a whole number, got 0.5
            Tests/SourcingScenarioTests/Fixtures/bad/integers-not-whole.yaml: sources[2].leadTime: must be 0 or more, got -1
            """
        ),
        (
            ["solve", "Tests/SourcingScenarioTests/Fixtures/bad/json-unterminated.json", "--format", "json"],
            """
            Tests/SourcingScenarioTests/Fixtures/bad/json-unterminated.json: invalid JSON at line 1, column 24: expected "," or "]" after an array element
            """
        ),
        (["solve", "no/such/file.yaml"], "no/such/file.yaml: cannot read the file: no such file or directory"),
        (
            ["solve", "README.md"],
            """
            README.md: unknown file type ".md"; use .json, .yaml, .yml or .xlsx, or a folder of CSV files
            """
        ),
        (
            ["solve", "models"],
            """
            models: the folder holds no scenario tables; a scenario folder holds scenario.csv, countries.csv, items.csv, sources.csv (and capacityPools.csv)
            """
        ),
        (
            ["sweep", "models/aesa-radar-modules.yaml", "--vary", "nope=1,2"],
            """
            error: nope: unknown field "nope"; start with items[ID], sources[ID], countries[ID], policy.budget or discountRate
            """
        ),
        (
            ["export", "Tests/SourcingScenarioTests/Fixtures/bad/duplicate-keys.yaml"],
            """
            Tests/SourcingScenarioTests/Fixtures/bad/duplicate-keys.yaml: duplicate key "capacity" (first at line 10); each key may appear only once in a mapping
            """
        ),
    ])
    func badInputExitsTwoWithEveryProblemOnStderr(_ arguments: [String], stderr: String) throws {
        let run = try runSourcing(arguments)
        #expect(run.exitedNormally && run.status == 2, "\(arguments): status \(run.status), stderr \(run.stderr)")
        #expect(run.stdout == "")
        #expect(run.stderr == stderr + "\n", "\(arguments)")
    }

    /// A bad option value is bad input (2), not ArgumentParser's usual 64 (EX_USAGE).
    @Test func aBadOptionValueExitsTwo() throws {
        let run = try runSourcing(["solve", Binary.model("aesa-radar-modules.yaml"), "--time-limit", "0"])
        #expect(run.exitedNormally)
        #expect(run.stderr.contains("--time-limit"))
        #expect(run.status == 2)
    }

    @Test func anInfeasibleScenarioExitsThreeWithADiagnosis() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = try folder.write("infeasible.json", TestScenarios.infeasible)
        let run = try runSourcing(["solve", path, "--format", "json"])
        #expect(run.exitedNormally && run.status == 3)
        let plan = try #require(jsonObject(run.stdoutData))
        #expect(plan["status"] as? String == "infeasible")
        // By hand: 10 due in each period, the plant makes 4 a period and nothing is in stock,
        // so each period is 6 short (6 / 10 of the largest period demand).
        let diagnosis = try #require(plan["diagnosis"] as? [[String: Any]])
        #expect(diagnosis.map { $0["rule"] as? String } == ["demand", "demand"])
        #expect(diagnosis.map { $0["period"] as? String } == ["P0", "P1"])
        #expect(diagnosis.map { $0["shortfall"] as? Double } == [6, 6])
        #expect(diagnosis.map { $0["relativeShortfall"] as? Double } == [0.6, 0.6])
        #expect(
            diagnosis.map { $0["message"] as? String }
                == ["P0", "P1"].map {
                    "widget \($0): demand short by 6 units; the eligible sources cannot deliver enough by then within their capacity and the other rules"
                })
    }

    @Test func aTimeLimitWithoutAPlanExitsFour() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = try folder.write("hard.json", TestScenarios.hardMIP())
        let run = try runSourcing(["solve", path, "--format", "json", "--time-limit", "0.001"])
        #expect(run.exitedNormally && run.status == 4)
        let plan = try #require(jsonObject(run.stdoutData))
        #expect(plan["status"] as? String == "timeLimit")
        #expect(plan["objective"] is NSNull)
    }

    // MARK: Limits

    /// A hard MIP under --time-limit returns the best plan found, status `feasible` with its
    /// gap, and the whole run (process start, model building, plan output included) ends
    /// within a small margin of the limit.
    @Test func aSolveHonoursItsTimeLimit() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        // Smaller than the default hard MIP, so a first plan comes within ~0.3 s even on a loaded
        // machine, yet far from proven optimal at the limit.
        let path = try folder.write("hard.json", TestScenarios.hardMIP(items: 6, sourcesPerItem: 12))
        // 3 s: the limit now covers the LP relaxation too (one deadline per command), and under
        // a full test run's load 2 s once left no time for a first plan.
        let limit = 3.0
        let run = try runSourcing(["solve", path, "--format", "json", "--time-limit", "\(limit)"], timeout: 60)
        #expect(run.exitedNormally && run.status == 0)
        let plan = try #require(jsonObject(run.stdoutData))
        let status = plan["status"] as? String
        #expect(status == "feasible" || status == "optimal")
        if status == "feasible" {
            let gap = try #require(plan["mipGap"] as? Double)
            #expect(gap > 0 && gap < 1)
        }
        let solver = try #require(plan["solver"] as? [String: Any])
        let settings = try #require(solver["settings"] as? [String: Any])
        #expect(settings["timeLimitSeconds"] as? Double == limit)
        // Measured here: 0.35–0.5 s over the limit with the debug build (0.1–0.2 s release).
        // The margin allows for a loaded CI machine.
        #expect(run.seconds < limit + 2.0, "took \(run.seconds) s with a \(limit) s limit")
        print(
            "time limit \(limit) s: status \(status ?? "?"), gap \(plan["mipGap"] ?? "?"), whole run \(run.seconds) s")
    }

    /// An LP with thousands of used columns (one item, one source, 10,000 periods): the
    /// sensitivity report ranges every used column's cost (glp_analyze_coef, O(rows) each), so
    /// it must stop at the deadline too. Before it did (measured, debug build, 0.5 s limit):
    /// 6,000 periods 2.4 s, 8,000 4.2 s, 20,000 27 s; with --no-sensitivity 0.3 s at 8,000.
    @Test func theTimeLimitCoversTheSensitivityReport() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let periods = (0..<10_000).map { "\"P\($0)\"" }.joined(separator: ", ")
        let path = try folder.write(
            "long.json",
            """
            {"periods": [\(periods)], "countries": [{"id": "US", "domestic": true}],
             "items": [{"id": "x", "category": "c", "demand": 1}],
             "sources": [{"id": "s", "country": "US", "item": "x", "unitCost": 1, "capacity": 2}]}
            """)
        // The limit counts from the command's start (one deadline per command): reading,
        // validating and building these 10,000 periods take ~2 s in the debug build (0.3 s of
        // it decoding), so 4 s leave the LP its time but not the ranging of every column.
        let limit = 4.0
        let quick = try runSourcing(
            ["solve", path, "--format", "json", "--time-limit", "\(limit)", "--no-sensitivity"], timeout: 120)
        #expect(quick.exitedNormally && quick.status == 0)
        #expect(quick.seconds < limit + 2.0, "took \(quick.seconds) s without sensitivity")
        let full = try runSourcing(["solve", path, "--format", "json", "--time-limit", "\(limit)"], timeout: 120)
        #expect(full.exitedNormally && full.status == 0)
        #expect(full.seconds < limit + 2.0, "took \(full.seconds) s with a \(limit) s limit")
        // The plan says whether the ranging finished before the deadline.
        let sensitivity = try #require(jsonObject(full.stdoutData)?["sensitivity"] as? [String: Any])
        #expect(sensitivity["complete"] is Bool)
    }

    /// --memory-limit stops GLPK with an error instead of letting the process grow until the
    /// kernel kills it.
    @Test func aMemoryLimitGivesAnErrorNotACrash() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = try folder.write("hard.json", TestScenarios.hardMIP())
        let run = try runSourcing(
            ["solve", path, "--format", "json", "--time-limit", "20", "--memory-limit", "1"], timeout: 60)
        #expect(run.exitedNormally, "ended by signal \(run.status)")
        #expect(run.status == 1)
        let plan = try #require(jsonObject(run.stdoutData))
        #expect(plan["status"] as? String == "error")
        #expect(run.stderr.lowercased().contains("memory"))
    }

    // MARK: stdout carries only the requested output

    @Test(arguments: [
        (["solve", "models/arctic-security-cutter.yaml", "--format", "json"], "json"),
        (["solve", "models/rare-earth-magnets.yaml", "--format", "json", "--jobs", "2"], "json"),
        (["solve", "models/joint-coproduction.yaml"], "text"),
        (["export", "models/arctic-security-cutter.yaml", "--format", "lp"], "lp"),
        (["export", "models/aesa-radar-modules.yaml", "--format", "freemps"], "mps"),
        (["sweep", "models/aesa-radar-modules.yaml", "--vary", "discountRate=0,0.05", "--format", "json"], "json"),
    ])
    func glpkNeverWritesOnStdout(_ arguments: [String], _ kind: String) throws {
        let run = try runSourcing(arguments)
        #expect(run.exitedNormally && run.status == 0, "\(arguments): \(run.stderr)")
        let chatter = [
            "GLPK Simplex", "GLPK Integer", "Writing problem data", "lines were written",
            "glp_", "Preprocessing", "OPTIMAL LP SOLUTION FOUND", "INTEGER OPTIMAL", "Long-step",
            "Constructing initial basis",
        ]
        for word in chatter { #expect(!run.stdout.contains(word), "\(arguments): GLPK's \"\(word)\" on stdout") }
        switch kind {
        case "json": #expect(jsonObject(run.stdoutData) != nil, "\(arguments): stdout is not exactly one JSON document")
        case "lp":
            #expect(
                run.stdout.hasPrefix("\\* ") && run.stdout.contains("\n\\* Problem"),
                "\(arguments): \(run.stdout.prefix(80))")
        case "mps":
            #expect(
                run.stdout.hasPrefix("* ") && run.stdout.contains("\nNAME"), "\(arguments): \(run.stdout.prefix(80))")
        default: #expect(!run.stdout.isEmpty)
        }
    }

    @Test func glpkNeverWritesOnStdoutWhenItStopsOrFails() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = try folder.write("hard.json", TestScenarios.hardMIP())
        for extra in [["--time-limit", "0.5"], ["--memory-limit", "1"], ["--time-limit", "0.001"]] {
            let run = try runSourcing(["solve", path, "--format", "json"] + extra, timeout: 60)
            #expect(run.exitedNormally)
            #expect(
                jsonObject(run.stdoutData) != nil,
                "\(extra): stdout is not exactly one JSON document: \(run.stdout.prefix(200))")
        }
    }

    // MARK: Reproducibility

    /// The same scenario and settings give the same bytes, `solver.seconds` aside; the plan
    /// records the file's SHA-256, the tool's and GLPK's versions and the settings used.
    @Test(arguments: ExampleModels.files())
    func identicalInputsGiveByteIdenticalPlans(_ model: String) throws {
        let arguments = ["solve", Binary.model(model), "--format", "json", "--mip-gap", "0.001"]
        let first = try runSourcing(arguments)
        let second = try runSourcing(arguments)
        #expect(first.status == second.status && first.exitedNormally)
        #expect(maskingSeconds(first.stdout) == maskingSeconds(second.stdout))
        #expect(first.stdout.contains("\"seconds\": "), "the mask found nothing to mask")

        let plan = try #require(jsonObject(first.stdoutData))
        let scenario = try #require(plan["scenario"] as? [String: Any])
        let bytes = try Data(contentsOf: Binary.models.appendingPathComponent(model))
        // Against coreutils' sha256sum (an independent implementation; Linux always has it) and
        // the library's digest of the same bytes.
        let recorded = try #require(scenario["sha256"] as? String)
        #expect(recorded.wholeMatch(of: /[0-9a-f]{64}/) != nil, "not a SHA-256 digest: \(recorded)")
        #expect(recorded == (try sha256sum(Binary.model(model))))
        #expect(recorded == SHA256.hexDigest([UInt8](bytes)))
        let tool = try #require(plan["tool"] as? [String: Any])
        let version = try runSourcing(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(tool["name"] as? String == "sourcing" && tool["version"] as? String == version)
        let solver = try #require(plan["solver"] as? [String: Any])
        // The GLPK the binary links (the same library as this process), as glp_version gives it.
        #expect(solver["glpkVersion"] as? String == GLPK.version)
        #expect((solver["glpkVersion"] as? String)?.wholeMatch(of: /[0-9]+\.[0-9]+/) != nil)
        // Checked on the model as built (issue 13): verified, within 1e-6.
        #expect(solver["verified"] as? Bool == true)
        #expect(((solver["maxViolation"] as? Double) ?? 1) <= 1e-6)
        let settings = try #require(solver["settings"] as? [String: Any])
        #expect(settings["mipGap"] as? Double == 0.001)
        #expect(settings.keys.sorted() == ["mipGap", "presolve", "timeLimitSeconds"])
    }

    /// coreutils' `sha256sum` of the file: an independent check of the recorded checksum.
    func sha256sum(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "sha256sum \(path) failed")
        return String(String(decoding: data, as: UTF8.self).prefix { $0 != " " })
    }

    // MARK: Sweeps stop cleanly and resume

    static let sweepArguments = [
        "sweep", "models/rare-earth-magnets.yaml",
        "--vary", "sources[jp-magnet].unitCost=x0.5..x2:40",
        "--vary", "items[ndfeb-magnet].demand[FY28]=x0.5..x1.5:40",
        "--format", "json", "--jobs", "1",
    ]

    /// SIGINT or SIGTERM in the middle of a sweep: every finished point is written, stderr says
    /// how many are missing, the exit status is 130; `--resume` then solves only the missing
    /// ones, and the result is byte for byte the uninterrupted sweep's.
    @Test(arguments: [SIGINT, SIGTERM])
    func anInterruptedSweepResumesToTheUninterruptedResult(_ signal: Int32) throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let whole = folder.path("whole.json")
        let parts = folder.path("parts.json")
        let uninterrupted = try runSourcing(Self.sweepArguments + ["--out", whole])
        try #require(uninterrupted.exitedNormally && uninterrupted.status == 0, "\(uninterrupted.stderr)")

        // Signal a third of the way through (timed on the uninterrupted run).
        let delay = max(0.15, uninterrupted.seconds / 3)
        let interrupted = try runSourcing(Self.sweepArguments + ["--out", parts]) { process in
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, signal)
        }
        #expect(interrupted.reason == .exit, "killed by the signal instead of stopping cleanly")
        try #require(
            interrupted.status == 130,
            "status \(interrupted.status) after \(interrupted.seconds) s: \(interrupted.stderr)")
        let partial = try #require(jsonObject(try Data(contentsOf: URL(fileURLWithPath: parts))))
        let missing = try #require(partial["missing"] as? Int)
        let points = try #require(partial["points"] as? [Any])
        #expect(missing > 0 && points.count + missing == 1600)
        #expect(interrupted.stderr.contains("stopped: \(missing) of 1600 points not solved; rerun with --resume"))

        let resumed = try runSourcing(Self.sweepArguments + ["--out", parts, "--resume"])
        #expect(resumed.exitedNormally && resumed.status == 0, "\(resumed.stderr)")
        #expect(
            resumed.seconds < uninterrupted.seconds * 0.95 + 0.5,
            "the resumed run seems to have solved every point again")
        let resumedBytes = try Data(contentsOf: URL(fileURLWithPath: parts))
        let wholeBytes = try Data(contentsOf: URL(fileURLWithPath: whole))
        // The same points with the same values (to 1e-12), and no point solved twice …
        let difference = jsonDifference(
            try #require(jsonObject(resumedBytes)), try #require(jsonObject(wholeBytes)), at: "")
        #expect(difference == nil, "resumed and uninterrupted sweeps differ at \(difference ?? "")")
        // … and the same bytes: the finished points are read back correctly rounded, in order.
        #expect(resumedBytes == wholeBytes)
        #expect(folder.files() == ["parts.json", "whole.json"], "temporary files left behind")
    }

    /// A parent may start `sourcing` with SIGINT and SIGTERM blocked (the mask is inherited
    /// across exec; this test runner's threads are such a parent): the sweep unblocks them, so
    /// it still stops cleanly.
    @Test func aSweepStartedWithStopSignalsBlockedStillStops() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let run = try runSourcing(
            Self.sweepArguments + ["--out", folder.path("parts.json")], unblockingStopSignals: false
        ) { process in
            Thread.sleep(forTimeInterval: 0.3)
            kill(process.processIdentifier, SIGTERM)
        }
        #expect(run.reason == .exit)
        #expect(run.status == 130)
    }

    /// Where two JSON values differ (numbers compared to a relative 1e-12), or nil.
    func jsonDifference(_ a: Any, _ b: Any, at path: String) -> String? {
        switch (a, b) {
        case (let x as [String: Any], let y as [String: Any]):
            guard x.keys.sorted() == y.keys.sorted() else { return "\(path) keys" }
            for key in x.keys.sorted() {
                if let found = jsonDifference(x[key]!, y[key]!, at: path + "." + key) { return found }
            }
            return nil
        case (let x as [Any], let y as [Any]):
            guard x.count == y.count else { return "\(path) count \(x.count) vs \(y.count)" }
            for (i, (u, v)) in zip(x, y).enumerated() {
                if let found = jsonDifference(u, v, at: "\(path)[\(i)]") { return found }
            }
            return nil
        case (let x as String, let y as String):
            return x == y ? nil : "\(path): \(x) vs \(y)"
        case (let x as NSNumber, let y as NSNumber):
            let u = x.doubleValue
            let v = y.doubleValue
            return u == v || abs(u - v) <= 1e-12 * max(abs(u), abs(v)) ? nil : "\(path): \(u) vs \(v)"
        case (is NSNull, is NSNull):
            return nil
        default:
            return "\(path): \(a) vs \(b)"
        }
    }

    // MARK: Memory stays flat over long sweeps

    /// 2,000 warm and 2,000 cold sweep points: resident memory after the first quarter of the
    /// points and at the end differ by little (no GLPK problem or environment leaked per solve;
    /// one leaked problem of this model is tens of KB, so 1,500 of them would show). Opt-in
    /// (about 20 s): `SOURCING_LONG_TESTS=1 swift test --filter longSweepsKeepMemoryFlat`.
    /// Measured 2026-11-29 (debug build, 2 jobs): warm 26 → 26 MB, cold 26 → 27 MB; 8,000 cold
    /// points 27 → 29 MB (the kept point results), before the output document is printed.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["SOURCING_LONG_TESTS"] == "1"), arguments: [false, true])
    func longSweepsKeepMemoryFlat(_ cold: Bool) throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let arguments =
            [
                "sweep", "models/rare-earth-magnets.yaml",
                "--vary", "sources[jp-magnet].unitCost=x0.5..x2:40",
                "--vary", "items[ndfeb-magnet].demand[FY28]=x0.5..x1.5:50",
                "--format", "json", "--jobs", "2", "--out", folder.path("sweep.json"),
            ] + (cold ? ["--cold"] : [])
        nonisolated(unsafe) var samples: [Int] = []
        let run = try runSourcing(arguments, timeout: 300) { process in
            let status = "/proc/\(process.processIdentifier)/status"
            while process.isRunning {
                if let text = try? String(contentsOfFile: status, encoding: .utf8),
                    let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
                    let kilobytes = Int(
                        line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
                {
                    samples.append(kilobytes)
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        #expect(run.exitedNormally && run.status == 0)
        // Leave out the last samples: printing the 1.5 MB result document takes memory of its own.
        let solving = Array(samples.dropLast(max(2, samples.count / 10)))
        try #require(solving.count >= 8, "too few samples: \(samples)")
        let early = solving[solving.count / 4]
        let late = solving.last!
        #expect(late - early < 8 * 1024, "RSS grew from \(early / 1024) MB to \(late / 1024) MB over the sweep")
    }

    // MARK: Atomic writes

    /// A reader polling the output path sees either nothing, the previous file whole, or the
    /// new file whole: never a partial file.
    @Test func aReaderNeverSeesAPartialOutputFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let out = folder.path("sweep.json")
        let arguments = [
            "sweep", "models/rare-earth-magnets.yaml", "--vary", "sources[jp-magnet].unitCost=x0.5..x2:30",
            "--vary", "discountRate=0..0.1:20", "--format", "json", "--jobs", "1", "--out", out,
        ]
        let poller = Poller(path: out)
        poller.start()
        for _ in 0..<4 {
            let run = try runSourcing(arguments)
            #expect(run.exitedNormally && run.status == 0, "\(run.stderr)")
        }
        let solve = try runSourcing(["solve", Binary.model("rare-earth-magnets.yaml"), "--out", out])
        #expect(solve.exitedNormally && solve.status == 0)
        let report = poller.stop()
        #expect(report.reads > 20, "the poller hardly ran")
        #expect(report.partial.isEmpty, "partial files seen: sizes \(report.partial.prefix(5))")
        #expect(report.wholeDocuments >= 1)
        #expect(folder.files() == ["sweep.json"], "temporary files left behind: \(folder.files())")
    }

    /// The poller does catch a file written in pieces (so the test above can fail).
    @Test func thePollerCatchesAFileWrittenInPieces() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = folder.path("plain.json")
        let poller = Poller(path: path)
        poller.start()
        let text = "{\"points\": [" + (0..<20_000).map(String.init).joined(separator: ", ") + "]}"
        let bytes = Array(text.utf8)
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        for chunk in stride(from: 0, to: bytes.count, by: 8192) {
            try handle.write(contentsOf: bytes[chunk..<min(bytes.count, chunk + 8192)])
            Thread.sleep(forTimeInterval: 0.01)
        }
        try handle.close()
        Thread.sleep(forTimeInterval: 0.05)
        let report = poller.stop()
        #expect(!report.partial.isEmpty)
    }

    @Test func anUnwritableOutputIsAnErrorAndLeavesNothingBehind() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let run = try runSourcing([
            "solve", Binary.model("aesa-radar-modules.yaml"), "--out", folder.path("missing/plan.json"),
        ])
        #expect(run.exitedNormally && run.status == 2)
        #expect(
            run.stderr
                == "cannot write \(folder.path("missing/plan.json")): the folder \(folder.path("missing")) does not exist\n"
        )
        #expect(folder.files().isEmpty)
    }

    /// Polls a path on its own thread, reading the whole file each time, and sorts what it
    /// saw into whole JSON documents and partial ones.
    final class Poller: @unchecked Sendable {
        let path: String
        private let lock = NSLock()
        private var running = true
        private let done = DispatchSemaphore(value: 0)
        struct Report {
            var reads = 0
            var wholeDocuments = 0
            var partial: [Int] = []
        }
        private var report = Report()

        init(path: String) { self.path = path }

        func start() {
            let thread = Thread { [self] in
                var last = Data()
                while lock.withLock({ running }) {
                    if let data = FileManager.default.contents(atPath: path), !data.isEmpty {
                        lock.withLock { report.reads += 1 }
                        if data != last {
                            last = data
                            let whole = (try? JSONSerialization.jsonObject(with: data)) != nil
                            lock.withLock {
                                if whole { report.wholeDocuments += 1 } else { report.partial.append(data.count) }
                            }
                        }
                    }
                    usleep(200)
                }
                done.signal()
            }
            thread.start()  // not kept: the thread holds the poller until stop(), not the other way round
        }

        func stop() -> Report {
            lock.withLock { running = false }
            done.wait()
            return lock.withLock { report }
        }
    }

    // MARK: Fuzz regressions and mutated scenarios

    static let regressions = Binary.scenarioFixtures.appendingPathComponent("fuzz-regressions")

    /// Every input the fuzzer kept (Tests/SourcingScenarioTests/Fixtures/fuzz-regressions),
    /// through what the fuzz target runs: decode as JSON and as YAML; when valid, build the
    /// model, load it into GLPK and solve it with a short time limit.
    @Test func theFuzzRegressionCorpusRunsClean() throws {
        let files = try FileManager.default.subpathsOfDirectory(atPath: Self.regressions.path)
            .filter { !$0.hasSuffix(".md") && !$0.hasPrefix(".") }
            .sorted()
        var decoded = 0
        for file in files {
            let url = Self.regressions.appendingPathComponent(file)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue else {
                continue
            }
            let bytes = try [UInt8](Data(contentsOf: url))
            decoded += try exercise(bytes, label: file)
        }
        #expect(files.count >= 10)
        #expect(decoded > 0, "no input in the corpus is a valid scenario")
    }

    /// Mutated versions of the valid scenario fixture through decode, build, load and solve, in
    /// process: a plan (any status but `error` and `unbounded`) or problems with messages.
    @Test func mutatedScenariosGiveAPlanOrClearProblems() throws {
        let text = try String(
            contentsOf: Binary.scenarioFixtures.appendingPathComponent("good/cutter.json"), encoding: .utf8)
        let tree = try #require(DocumentTree.parse(json: text))
        var valid = 0
        for seed in 0..<150 as Range<UInt64> {
            var mutator = ScenarioMutator(seed: 1_000_000 + seed)
            let (mutant, log) = mutator.mutate(tree, count: 1 + Int(seed % 2))
            valid += try exercise(
                Array(mutant.json.utf8), label: "seed \(1_000_000 + seed) \(log) json", formats: [.json])
            valid += try exercise(
                Array(mutant.yaml.utf8), label: "seed \(1_000_000 + seed) \(log) yaml", formats: [.yaml])
        }
        #expect(valid > 10)
    }

    /// Mutated scenarios through the binary: exit 0, 3 or 4 with a plan on stdout, or 2 with
    /// every problem on stderr and nothing on stdout; never a signal or a hang.
    @Test func mutatedScenariosThroughTheBinaryExitWithADocumentedStatus() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let text = try String(
            contentsOf: Binary.scenarioFixtures.appendingPathComponent("good/cutter.json"), encoding: .utf8)
        let tree = try #require(DocumentTree.parse(json: text))
        var statuses: [Int32: Int] = [:]
        for seed in 0..<16 as Range<UInt64> {
            var mutator = ScenarioMutator(seed: 2_000_000 + seed)
            let (mutant, log) = mutator.mutate(tree, count: 1)
            let yaml = seed % 2 == 0
            let path = try folder.write("mutant-\(seed).\(yaml ? "yaml" : "json")", yaml ? mutant.yaml : mutant.json)
            let run = try runSourcing(["solve", path, "--format", "json", "--time-limit", "5"], timeout: 60)
            let label = "seed \(2_000_000 + seed) \(log)"
            #expect(run.exitedNormally, "\(label): ended by a signal or hung")
            statuses[run.status, default: 0] += 1
            switch run.status {
            case 0, 3, 4:
                #expect(jsonObject(run.stdoutData) != nil, "\(label): no plan on stdout")
            case 2:
                #expect(run.stdout == "", "\(label)")
                let lines = run.stderr.split(separator: "\n")
                #expect(!lines.isEmpty && lines.allSatisfy { $0.hasPrefix(path + ": ") }, "\(label): \(run.stderr)")
            default:
                Issue.record("\(label): undocumented exit status \(run.status): \(run.stderr)")
            }
        }
        #expect(statuses[2, default: 0] > 0)
    }

    /// Decodes `bytes` in each format; a valid scenario is summarised, built, loaded and (when
    /// small) solved. Returns how many formats gave a valid scenario.
    func exercise(_ bytes: [UInt8], label: String, formats: [ScenarioFormat] = [.json, .yaml]) throws -> Int {
        var valid = 0
        for format in formats {
            let scenario: Scenario
            do {
                scenario = try ScenarioLoader(maxBytes: 1 << 20).decode(bytes, format: format, defaultName: "fuzz")
            } catch {
                #expect(!error.problems.isEmpty, "\(label) (\(format)): refused without a problem")
                #expect(error.problems.allSatisfy { !$0.message.isEmpty }, "\(label) (\(format))")
                continue
            }
            valid += 1
            _ = ScenarioSummary(scenario: scenario).text
            let size = scenario.periods.count * (scenario.items.count + scenario.sources.count + 1)
            guard size <= 5_000 else { continue }
            let model = PlanningModel(scenario: scenario)
            do {
                _ = try LinearProblem(model.model)
            } catch {
                Issue.record("\(label) (\(format)): the model of a valid scenario was rejected: \(error)")
                continue
            }
            guard size <= 400 else { continue }
            let plan = try model.solve(
                identity: ScenarioIdentity(name: scenario.name, bytes: bytes),
                options: PlanOptions(timeLimitSeconds: 0.2, mipGap: 0.05, sensitivity: true, jobs: 1))
            #expect(plan.status != .error && plan.status != .unbounded, "\(label) (\(format)): status \(plan.status)")
            _ = plan.jsonText()
        }
        return valid
    }
}
