import Foundation
import Sourcing
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Issues 13 and 15: one deadline per command, and a MIP search is never silent. Everything
/// here runs the built `sourcing` binary (BinarySupport.swift); the timings use the debug build
/// under whatever else the machine runs, so each margin is named and loose (the release figures,
/// measured by hand, are in the closing note of issue 15).
@Suite(.serialized)
struct SearchLimitTests {
    /// The MIP issue 15 names: 20 items, 5 sources each, 6 countries, 12 periods, a fifth of the
    /// items in whole units; independent items, so solved as blocks in parallel. The generator
    /// writes `solver.mipGap: 0.01`, which MIR and Gomory cuts reach in about a second: the
    /// tests pass `--mip-gap 1e-4` (the format's default), which keeps it searching for minutes.
    static func generatedMIP(in folder: TemporaryFolder) throws -> String {
        let path = folder.path("generated-mip.json")
        let run = try runSourcing([
            "generate", "--items", "20", "--sources-per-item", "5", "--countries", "6",
            "--periods", "12", "--integer-share", "0.2", "--seed", "3", "--out", path,
        ])
        #expect(run.exitedNormally && run.status == 0, "generate: \(run.stderr)")
        return path
    }

    /// `--time-limit S` holds for the whole command: the LP relaxation, branch-and-bound and the
    /// sensitivity re-solve share one deadline (before, branch-and-bound restarted the clock after
    /// the relaxation: `--time-limit 1` took 1.6 s, 5 took 6.4 s). Margin: 1.5 s over the limit
    /// for the debug build on a loaded machine (process start, loading and writing included).
    @Test(arguments: [1.0, 3.0])
    func theTimeLimitCoversTheWholeCommand(_ limit: Double) throws {
        let folder = try TemporaryFolder("search")
        defer { folder.cleanUp() }
        for path in [try Self.generatedMIP(in: folder), try folder.write("hard.json", TestScenarios.hardMIP())] {
            let run = try runSourcing(
                ["solve", path, "--format", "json", "--mip-gap", "1e-4", "--time-limit", "\(limit)"], timeout: 120)
            #expect(run.exitedNormally, "ended by signal \(run.status)")
            let plan = try #require(
                jsonObject(run.stdoutData), "stdout: \(run.stdout.prefix(200)) stderr: \(run.stderr)")
            let status = plan["status"] as? String
            switch status {
            case "optimal": #expect(run.status == 0)
            case "feasible":
                #expect(run.status == 0)
                let gap = try #require(plan["mipGap"] as? Double)
                #expect(gap > 0 && gap < 1)
            case "timeLimit": #expect(run.status == 4)
            default: Issue.record("unexpected status \(status ?? "nil")")
            }
            // A limit someone set is no news: nothing on stderr.
            #expect(run.stderr == "", "stderr: \(run.stderr)")
            #expect(run.seconds < limit + 1.5, "\(path): took \(run.seconds) s with a \(limit) s limit")
            print(
                "time limit \(limit) s on \((path as NSString).lastPathComponent): \(status ?? "?"), gap \(plan["mipGap"] ?? "?"), whole run \(String(format: "%.2f", run.seconds)) s"
            )
        }
    }

    /// Independent item blocks share the deadline fairly: on one thread, the generated MIP's
    /// first hard block took the whole 3 s and left the later blocks none (status timeLimit,
    /// exit 4: no plan at all); with each block's search stopped at its share of the time left
    /// once it has a plan, and the time still left given to a second search of the unproven
    /// blocks, every block gets a plan and the limit is used.
    @Test func aHardBlockLeavesTheOthersTime() throws {
        let folder = try TemporaryFolder("search")
        defer { folder.cleanUp() }
        let path = try Self.generatedMIP(in: folder)
        let run = try runSourcing(
            [
                "solve", path, "--format", "json", "--mip-gap", "1e-4", "--time-limit", "3", "--jobs", "1",
                "--no-sensitivity",
            ], timeout: 60)
        #expect(run.exitedNormally && run.status == 0, "status \(run.status): \(run.stderr)")
        let plan = try #require(jsonObject(run.stdoutData))
        let status = plan["status"] as? String
        #expect(status == "feasible" || status == "optimal", "status \(status ?? "nil")")
        // Margin: 1.5 s over the limit (debug build, loaded machine).
        #expect(run.seconds < 4.5, "took \(run.seconds) s")
        print(
            "one thread, 3 s: \(status ?? "?"), gap \(plan["mipGap"] ?? "?"), \(String(format: "%.2f", run.seconds)) s")
    }

    /// Ctrl-C during branch-and-bound returns the best plan found so far: status `feasible` with
    /// its gap and exit 0 (or `timeLimit` and exit 4 when no integer plan was found yet), with a
    /// line on stderr that says so, soon after the signal. Both take minutes to prove: the
    /// generated MIP (blocks searched in parallel; a first plan within a second, debug build) and
    /// the hard MIP (8 items, 15 sources, a budget: one problem; no plan within 4 s here).
    @Test(arguments: ["generated", "hard"])
    func ctrlCReturnsTheBestPlanSoFar(_ kind: String) throws {
        let folder = try TemporaryFolder("search")
        defer { folder.cleanUp() }
        let path =
            kind == "hard" ? try folder.write("hard.json", TestScenarios.hardMIP()) : try Self.generatedMIP(in: folder)
        nonisolated(unsafe) var signalled = Date()
        let run = try runSourcing(["solve", path, "--format", "json", "--mip-gap", "1e-4"], timeout: 120) { process in
            Thread.sleep(forTimeInterval: 4)
            signalled = Date()
            kill(process.processIdentifier, SIGINT)
        }
        let afterSignal = Date().timeIntervalSince(signalled)
        #expect(run.exitedNormally, "ended by signal \(run.status): \(run.stderr)")
        let plan = try #require(jsonObject(run.stdoutData), "stdout: \(run.stdout.prefix(200)) stderr: \(run.stderr)")
        let status = plan["status"] as? String
        if status == "feasible" {
            #expect(run.status == 0)
            let gap = try #require(plan["mipGap"] as? Double)
            #expect(gap > 0 && gap < 1)
            #expect(plan["objective"] is Double)
            #expect(
                run.stderr.hasPrefix("interrupted: the search stopped with the best plan found (gap "),
                "stderr: \(run.stderr)")
        } else {
            #expect(status == "timeLimit", "status \(status ?? "nil")")
            #expect(run.status == 4)
            #expect(run.stderr == "interrupted: the search stopped with no plan found yet\n", "stderr: \(run.stderr)")
        }
        // Margin: 2 s from the signal to the end of the process (debug build, loaded machine).
        #expect(afterSignal < 2, "the command ended \(afterSignal) s after Ctrl-C")
        print(
            "Ctrl-C after 4 s on the \(kind) MIP: \(status ?? "?"), gap \(plan["mipGap"] ?? "?"), ended \(String(format: "%.2f", afterSignal)) s after the signal"
        )
    }

    /// Ctrl-C outside a MIP search still ends the command at once, as it always did.
    @Test func ctrlCOutsideASearchEndsTheCommand() throws {
        let folder = try TemporaryFolder("search")
        defer { folder.cleanUp() }
        // An LP of 10,000 periods whose sensitivity report takes seconds (ReliabilityTests).
        let periods = (0..<10_000).map { "\"P\($0)\"" }.joined(separator: ", ")
        let path = try folder.write(
            "long.json",
            """
            {"periods": [\(periods)], "countries": [{"id": "US", "domestic": true}],
             "items": [{"id": "x", "category": "c", "demand": 1}],
             "sources": [{"id": "s", "country": "US", "item": "x", "unitCost": 1, "capacity": 2}]}
            """)
        let run = try runSourcing(["solve", path, "--format", "json"], timeout: 120) { process in
            Thread.sleep(forTimeInterval: 1.5)
            kill(process.processIdentifier, SIGINT)
        }
        if run.exitedNormally {
            // It finished before the signal came: nothing to check.
            #expect(run.status == 0)
        } else {
            #expect(run.status == SIGINT, "ended by signal \(run.status)")
        }
    }

    /// A MIP that neither the command nor the scenario limits gets 300 s, recorded in the plan;
    /// an LP gets none. `--help` says so.
    @Test func aMIPWithoutALimitGetsTheDefaultOne() throws {
        let mip = try runSourcing(["solve", Binary.model("arctic-security-cutter.yaml"), "--format", "json"])
        #expect(mip.exitedNormally && mip.status == 0, "\(mip.stderr)")
        let plan = try #require(jsonObject(mip.stdoutData))
        let solver = try #require(plan["solver"] as? [String: Any])
        #expect((solver["integerColumns"] as? Int ?? 0) > 0)
        #expect((solver["settings"] as? [String: Any])?["timeLimitSeconds"] as? Double == 300)

        let lp = try runSourcing(["solve", Binary.model("rare-earth-magnets.yaml"), "--format", "json"])
        #expect(lp.exitedNormally && lp.status == 0, "\(lp.stderr)")
        let lpSolver = try #require(jsonObject(lp.stdoutData)?["solver"] as? [String: Any])
        if lpSolver["integerColumns"] as? Int == 0 {
            #expect((lpSolver["settings"] as? [String: Any])?["timeLimitSeconds"] is NSNull)
        }

        let help = try runSourcing(["solve", "--help"])
        #expect(help.stdout.replacingOccurrences(of: "\n", with: " ").contains("300 s"), "\(help.stdout)")
    }

    /// When stderr is a terminal, a MIP search writes a progress line about once a second:
    /// incumbent (or none yet), bound, gap, open nodes, seconds. Run on a pseudo-terminal made by
    /// util-linux `script` (stdout and stderr both reach it); without a terminal, stderr stays
    /// empty (`theTimeLimitCoversTheWholeCommand`).
    @Test func aSearchOnATerminalShowsProgress() throws {
        let folder = try TemporaryFolder("search")
        defer { folder.cleanUp() }
        let path = try Self.generatedMIP(in: folder)
        let run = try runSourcing(
            ["solve", path, "--format", "json", "--mip-gap", "1e-4", "--time-limit", "3.5"], timeout: 60,
            launcher: ["/bin/sh", "-c", "exec script -qfec \"$0 $*\" /dev/null"])
        #expect(run.exitedNormally && (run.status == 0 || run.status == 4), "status \(run.status): \(run.stderr)")
        // The terminal turns "\n" into "\r\n" (one Character in Swift: split the scalars).
        // The generated MIP's items are independent: each line names its block.
        let lines = run.stdout.components(separatedBy: .newlines).filter { $0.hasPrefix("MIP search of block ") }
        #expect(!lines.isEmpty, "terminal got: \(run.stdout.prefix(300))")
        // At most about one a second over 3.5 s.
        #expect(lines.count <= 4, "\(lines)")
        for line in lines {
            #expect(line.contains(try Regex("^MIP search of block [0-9]+/20: ")), "\(line)")
            #expect(line.contains("incumbent ") || line.contains("no integer plan yet"), "\(line)")
            #expect(line.contains("bound ") && line.hasSuffix(" s"), "\(line)")
        }
        print("progress on a terminal: \(lines)")
    }
}
