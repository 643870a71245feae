import Foundation
import Testing

extension ReliabilityTests {
    /// Issue 14: output errors, odd paths and extreme options give a one-line message and a
    /// documented status (README "Exit status"), never a signal, a hang or a lost file. Every case
    /// runs the built binary on real files; devices are made with mknod inside the test's own
    /// temporary folder (the tests run as root in CI), never the machine's /dev. Nested in the
    /// serialized ReliabilityTests so that its dozen concurrent runs never share the machine with
    /// the time-limit tests there.
    @Suite struct FilesAndTerminalsTests {
        static let aesa = Binary.model("aesa-radar-modules.yaml")

        // MARK: stdout and stderr

        /// A full disk on stdout (the `full` device, c 1 7): exit 5 with one line, for every kind of
        /// output; before, FileHandle.write trapped (SIGILL, exit 132, a backtrace).
        @Test(arguments: [
            ["solve", aesa], ["solve", aesa, "--format", "json"], ["export", aesa], ["validate", aesa],
            ["generate", "--items", "2", "--sources-per-item", "2", "--countries", "2", "--periods", "3"],
            ["sweep", aesa, "--vary", "discountRate=0,0.05"], ["--help"], ["solve", "--help"],
        ])
        func aFullDiskOnStdoutIsExitFive(_ arguments: [String]) throws {
            let folder = try TemporaryFolder("full")
            defer { folder.cleanUp() }
            let full = try makeDevice(folder.path("full"), major: 1, minor: 7)
            let run = try runSourcing(
                arguments, standardOutput: try FileHandle(forWritingTo: URL(fileURLWithPath: full)))
            #expect(run.exitedNormally, "\(arguments): ended by a signal")
            #expect(run.status == 5, "\(arguments): \(run.stderr)")
            #expect(run.stderr == "cannot write to standard output: no space left on device\n", "\(arguments)")
        }

        /// A closed stdout (`>&-`): exit 5 with one line. The descriptor is reserved at start, so
        /// no file the tool opens takes number 1 and receives what was meant for stdout.
        @Test func aClosedStdoutIsExitFive() throws {
            let folder = try TemporaryFolder("closed")
            defer { folder.cleanUp() }
            let out = folder.path("plan.json")
            let run = try runSourcing(["solve", Self.aesa, "--out", out], launcher: shell("exec 1>&-"))
            #expect(run.exitedNormally && run.status == 5)
            #expect(run.stderr == "cannot write to standard output: the file descriptor is closed\n")
            #expect(jsonObject(try Data(contentsOf: URL(fileURLWithPath: out)))?["status"] as? String == "optimal")
        }

        /// stdout's reader goes away (`| head`): a quiet exit 141 (as the shell reports SIGPIPE),
        /// whether the parent left SIGPIPE at its default or ignored it (Python, CI runners), when
        /// the write fails with EPIPE. The output (about 290 KB) is larger than a pipe's buffer.
        @Test(arguments: ["trap - PIPE", "trap '' PIPE"])
        func aReaderThatGoesAwayIsAQuietExit141(_ disposition: String) throws {
            let pipe = Pipe()
            let run = try runSourcing(
                ["generate", "--items", "30", "--sources-per-item", "10", "--countries", "5", "--periods", "40"],
                launcher: shell(disposition), standardOutput: pipe
            ) { _ in
                _ = try pipe.fileHandleForReading.read(upToCount: 100)
                try pipe.fileHandleForReading.close()
            }
            #expect(run.exitedNormally, "ended by a signal")
            #expect(run.status == 141)
            #expect(run.stderr == "")
        }

        // MARK: --out onto what is not a regular file

        /// A device at the output path is written, not replaced: before, `--out /dev/null` as root
        /// replaced the machine's /dev/null with a regular file.
        @Test func aDeviceIsWrittenNotReplaced() throws {
            let folder = try TemporaryFolder("device")
            defer { folder.cleanUp() }
            let null = try makeDevice(folder.path("null"), major: 1, minor: 3)
            let full = try makeDevice(folder.path("full"), major: 1, minor: 7)
            for command in [
                ["solve", Self.aesa, "--out", null], ["export", Self.aesa, "-o", null],
                ["sweep", Self.aesa, "--vary", "discountRate=0,0.05", "--out", null],
            ] {
                let run = try runSourcing(command)
                #expect(run.exitedNormally && run.status == 0, "\(command): \(run.stderr)")
            }
            let failed = try runSourcing(["solve", Self.aesa, "--out", full])
            #expect(failed.exitedNormally && failed.status == 5)
            #expect(failed.stderr == "cannot write \(full): no space left on device\n")
            #expect(fileKind(null) == S_IFCHR && fileKind(full) == S_IFCHR)
            #expect(folder.files() == ["full", "null"])
        }

        /// A FIFO is written directly (a reader gets the whole plan and the FIFO stays a FIFO); one
        /// that no process is reading is refused at once instead of waiting forever.
        @Test func aFIFOIsWrittenDirectlyAndOneWithoutAReaderIsRefused() throws {
            let folder = try TemporaryFolder("fifo")
            defer { folder.cleanUp() }
            let fifo = folder.path("plan.fifo")
            try #require(mkfifo(fifo, 0o644) == 0)

            let refused = try runSourcing(["solve", Self.aesa, "--out", fifo], timeout: 30)
            #expect(refused.exitedNormally && refused.status == 2)
            #expect(
                refused.stderr
                    == "cannot write \(fifo): it is a FIFO that no process is reading (start the reader first)\n")

            // A reader first (its open waits for the writer), then the run.
            nonisolated(unsafe) var received = Data()
            let reading = DispatchSemaphore(value: 0)
            Thread {
                if let handle = FileHandle(forReadingAtPath: fifo) { received = handle.readDataToEndOfFile() }
                reading.signal()
            }.start()
            var run = try runSourcing(["solve", Self.aesa, "--out", fifo, "--format", "json"], timeout: 30)
            // The reader may not have opened the FIFO yet when the run checked it: then try again.
            for _ in 0..<50 where run.status == 2 {
                Thread.sleep(forTimeInterval: 0.1)
                run = try runSourcing(["solve", Self.aesa, "--out", fifo, "--format", "json"], timeout: 30)
            }
            #expect(run.exitedNormally && run.status == 0, "\(run.stderr)")
            #expect(reading.wait(timeout: .now() + 30) == .success)
            #expect(maskingSeconds(String(decoding: received, as: UTF8.self)) == maskingSeconds(run.stdout))
            #expect(fileKind(fifo) == S_IFIFO)
        }

        /// `--out /dev/stdout` writes into the same stdout, before the summary.
        @Test func devStdoutIsWrittenDirectly() throws {
            let run = try runSourcing(["solve", Self.aesa, "--out", "/dev/stdout"])
            #expect(run.exitedNormally && run.status == 0, "\(run.stderr)")
            #expect(run.stdout.hasPrefix("{\n  \"schemaVersion\""))
            #expect(run.stdout.contains("\n}\nAESA radar modules (illustrative): optimal"))
        }

        // MARK: --out onto symbolic links

        /// A symbolic link at the output path is followed: its target is replaced whole and the
        /// link stays a link (relative links, chains and a dangling link's target too).
        @Test func aSymlinkIsFollowedAndItsTargetWrittenAtomically() throws {
            let folder = try TemporaryFolder("symlink")
            defer { folder.cleanUp() }
            try FileManager.default.createDirectory(atPath: folder.path("results"), withIntermediateDirectories: true)
            try "old".write(toFile: folder.path("results/target.json"), atomically: false, encoding: .utf8)
            #expect(symlink("results/target.json", folder.path("plan.json")) == 0)
            #expect(symlink("plan.json", folder.path("chain.json")) == 0)
            #expect(symlink("results/new.json", folder.path("dangling.json")) == 0)
            for link in ["plan.json", "chain.json", "dangling.json"] {
                let run = try runSourcing(["solve", Self.aesa, "--out", folder.path(link)])
                #expect(run.exitedNormally && run.status == 0, "\(link): \(run.stderr)")
                #expect(fileKind(folder.path(link)) == S_IFLNK, "\(link) was replaced")
            }
            for target in ["results/target.json", "results/new.json"] {
                let plan = jsonObject(try Data(contentsOf: URL(fileURLWithPath: folder.path(target))))
                #expect(plan?["status"] as? String == "optimal", "\(target)")
            }
            #expect(folder.files() == ["chain.json", "dangling.json", "plan.json", "results"])
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: folder.path("results")).sorted() == [
                    "new.json", "target.json",
                ])
        }

        /// A replaced file keeps its permissions; a new one gets 0644 under the umask.
        @Test func aReplacedFileKeepsItsMode() throws {
            let folder = try TemporaryFolder("mode")
            defer { folder.cleanUp() }
            let existing = try folder.write("existing.json", "{}")
            #expect(chmod(existing, 0o640) == 0)
            for path in [existing, folder.path("new.json")] {
                let run = try runSourcing(["solve", Self.aesa, "--out", path])
                #expect(run.exitedNormally && run.status == 0, "\(run.stderr)")
            }
            #expect(fileMode(existing) == 0o640)
            #expect(fileMode(folder.path("new.json")) == 0o644 & ~processUmask())
        }

        // MARK: Paths refused before any work

        /// An input named as the output is refused (exit 2) and left as it was: before, the plan
        /// silently replaced the scenario. The same file by another name (a link) counts too.
        @Test func anInputNamedAsTheOutputIsRefused() throws {
            let folder = try TemporaryFolder("input")
            defer { folder.cleanUp() }
            let scenario = folder.path("asc.yaml")
            try FileManager.default.copyItem(atPath: Self.aesa, toPath: scenario)
            #expect(symlink("asc.yaml", folder.path("link.yaml")) == 0)
            #expect(link(scenario, folder.path("hard.yaml")) == 0)
            let plan = folder.path("plan.json")
            #expect(try runSourcing(["solve", scenario, "--out", plan]).status == 0)
            let original = try Data(contentsOf: URL(fileURLWithPath: scenario))
            let planBytes = try Data(contentsOf: URL(fileURLWithPath: plan))
            let cases: [([String], String, String)] = [
                (["solve", scenario, "--out", scenario], scenario, scenario),
                (["solve", folder.path("link.yaml"), "--out", scenario], scenario, folder.path("link.yaml")),
                (["solve", scenario, "--out", folder.path("hard.yaml")], folder.path("hard.yaml"), scenario),
                (["export", scenario, "-o", scenario], scenario, scenario),
                (["sweep", scenario, "--vary", "discountRate=0,0.05", "--out", scenario], scenario, scenario),
                (["stress", scenario, "--out", folder.path("link.yaml")], folder.path("link.yaml"), scenario),
                (["tornado", scenario, "--out", scenario], scenario, scenario),
                (["report", plan, "-o", plan], plan, plan),
            ]
            for (arguments, output, input) in cases {
                let run = try runSourcing(arguments)
                #expect(run.exitedNormally && run.status == 2, "\(arguments): \(run.stderr)")
                #expect(
                    run.stderr == "cannot write \(output): it is the input file \(input); choose another output\n",
                    "\(arguments)")
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: scenario)) == original)
            #expect(try Data(contentsOf: URL(fileURLWithPath: plan)) == planBytes)
            #expect(folder.files() == ["asc.yaml", "hard.yaml", "link.yaml", "plan.json"])
        }

        /// Output paths that cannot be written exit 2 with the reason in plain words, before the
        /// solve: the scenario is a MIP that runs to its 30 s limit, and each run ends in seconds.
        @Test func unwritableOutputPathsAreRefusedBeforeSolving() throws {
            let folder = try TemporaryFolder("paths")
            defer { folder.cleanUp() }
            let hard = try folder.write("hard.json", TestScenarios.hardMIP())
            let file = try folder.write("file.txt", "x")
            try FileManager.default.createDirectory(atPath: folder.path("dir"), withIntermediateDirectories: false)
            let slow = ["--time-limit", "30"]
            let cases: [([String], String)] = [
                (
                    ["solve", hard, "--out", folder.path("missing/plan.json")] + slow,
                    "cannot write \(folder.path("missing/plan.json")): the folder \(folder.path("missing")) does not exist"
                ),
                (
                    ["solve", hard, "--out", folder.path("dir")] + slow,
                    "cannot write \(folder.path("dir")): it is a directory"
                ),
                (
                    ["solve", hard, "--out", folder.path("dir") + "/"] + slow,
                    "cannot write \(folder.path("dir"))/: it is a directory"
                ),
                (
                    ["solve", hard, "--out", file + "/plan.json"] + slow,
                    "cannot write \(file)/plan.json: \(file) is not a folder"
                ),
                (["solve", hard, "--csv", file] + slow, "cannot write CSV tables into \(file): it is not a folder"),
                (
                    ["solve", hard, "--csv", file + "/tables"] + slow,
                    "cannot write CSV tables into \(file)/tables: a part of the path is not a folder"
                ),
                (["export", hard, "-o", folder.path("dir")], "cannot write \(folder.path("dir")): it is a directory"),
                (
                    ["sweep", hard, "--vary", "discountRate=0,0.05", "--out", folder.path("dir")] + slow,
                    "cannot write \(folder.path("dir")): it is a directory"
                ),
                (
                    [
                        "generate", "--items", "1", "--sources-per-item", "1", "--countries", "1", "--periods", "1",
                        "--out", folder.path("no/x.json"),
                    ],
                    "cannot write \(folder.path("no/x.json")): the folder \(folder.path("no")) does not exist"
                ),
            ]
            for (arguments, message) in cases {
                let run = try runSourcing(arguments, timeout: 60)
                #expect(run.exitedNormally && run.status == 2, "\(arguments): \(run.status) \(run.stderr)")
                #expect(run.stderr == message + "\n", "\(arguments)")
                #expect(run.seconds < 10, "\(arguments): took \(run.seconds) s: solved before checking the output")
                #expect(run.stdout == "")
            }
            #expect(folder.files() == ["dir", "file.txt", "hard.json"])
        }

        /// A folder the user cannot write to, and a read-only file, as an unprivileged user (root
        /// writes anywhere): exit 2, "permission denied", before solving. As root the test switches
        /// to `nobody` with setpriv; without either it is skipped.
        @Test(.enabled(if: unprivilegedLauncher != nil, "needs root and setpriv, or an unprivileged user"))
        func aReadOnlyFolderIsPermissionDenied() throws {
            let launcher = try #require(unprivilegedLauncher)
            let folder = try TemporaryFolder("readonly")
            defer { folder.cleanUp() }
            #expect(chmod(folder.url.path, 0o755) == 0)
            let scenario = folder.path("asc.yaml")
            try FileManager.default.copyItem(atPath: Self.aesa, toPath: scenario)
            #expect(chmod(scenario, 0o644) == 0)
            try FileManager.default.createDirectory(atPath: folder.path("locked"), withIntermediateDirectories: false)
            #expect(chmod(folder.path("locked"), 0o555) == 0)
            try FileManager.default.createDirectory(atPath: folder.path("open"), withIntermediateDirectories: false)
            #expect(chmod(folder.path("open"), 0o777) == 0)
            let readOnly = try folder.write("open/read-only.json", "{}")
            #expect(chmod(readOnly, 0o444) == 0)
            let cases: [([String], String)] = [
                (
                    ["solve", scenario, "--out", folder.path("locked/plan.json")],
                    "cannot write \(folder.path("locked/plan.json")): permission denied (cannot create files in \(folder.path("locked")))"
                ),
                (["solve", scenario, "--out", readOnly], "cannot write \(readOnly): permission denied"),
                (
                    ["solve", scenario, "--csv", folder.path("locked/tables")],
                    "cannot write CSV tables into \(folder.path("locked/tables")): permission denied"
                ),
                (
                    ["solve", scenario, "--csv", folder.path("locked")],
                    "cannot write \(folder.path("locked"))/item-periods.csv: permission denied (cannot create files in \(folder.path("locked")))"
                ),
            ]
            for (arguments, message) in cases {
                let run = try runSourcing(arguments, launcher: launcher)
                #expect(run.exitedNormally && run.status == 2, "\(arguments): \(run.status) \(run.stderr)")
                #expect(run.stderr == message + "\n", "\(arguments)")
            }
            #expect(try String(contentsOfFile: readOnly, encoding: .utf8) == "{}")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path("locked")).isEmpty)
        }

        /// Twelve runs writing one `--out` at once: the file is always one whole plan (a reader
        /// polling it never sees part of one), and no temporary file is left.
        @Test func twelveConcurrentRunsWritingOneOutLeaveOneWholePlan() throws {
            let folder = try TemporaryFolder("concurrent")
            defer { folder.cleanUp() }
            let out = folder.path("plan.json")
            let poller = ReliabilityTests.Poller(path: out)
            poller.start()
            nonisolated(unsafe) var runs = [BinaryRun?](repeating: nil, count: 12)
            let lock = NSLock()
            DispatchQueue.concurrentPerform(iterations: 12) { index in
                let model = index % 2 == 0 ? Self.aesa : Binary.model("rare-earth-magnets.yaml")
                let run = try? runSourcing(["solve", model, "--format", "json", "--out", out, "--jobs", "1"])
                lock.withLock { runs[index] = run }
            }
            let report = poller.stop()
            for (index, run) in runs.enumerated() {
                #expect(
                    run?.exitedNormally == true && run?.status == 0, "run \(index): \(run?.stderr ?? "did not start")")
            }
            let plan = try #require(jsonObject(try Data(contentsOf: URL(fileURLWithPath: out))))
            #expect(plan["status"] as? String == "optimal")
            let written = maskingSeconds(try String(contentsOfFile: out, encoding: .utf8))
            #expect(runs.contains { maskingSeconds($0?.stdout ?? "") == written }, "the file is not any run's plan")
            #expect(report.partial.isEmpty, "partial files seen: sizes \(report.partial.prefix(5))")
            #expect(folder.files() == ["plan.json"], "temporary files left behind: \(folder.files())")
        }

        // MARK: Inputs

        /// Inputs that are not regular files or pipes are refused before a byte is read, and a FIFO
        /// without a writer does not hang: before, such a FIFO waited forever and /dev/zero cost
        /// 550 MB before its refusal.
        @Test func oddInputsAreRefusedWithoutReading() throws {
            let folder = try TemporaryFolder("inputs")
            defer { folder.cleanUp() }
            let zero = try makeDevice(folder.path("zero.yaml"), major: 1, minor: 5)
            let fifo = folder.path("fifo.yaml")
            try #require(mkfifo(fifo, 0o644) == 0)
            try FileManager.default.createDirectory(atPath: folder.path("dir.yaml"), withIntermediateDirectories: false)
            let big = folder.path("big.yaml")
            #expect(FileManager.default.createFile(atPath: big, contents: nil) && truncate(big, 300 << 20) == 0)
            let plan = folder.path("plan.json")
            #expect(try runSourcing(["solve", Self.aesa, "--out", plan]).status == 0)
            let device =
                "cannot read the file: it is a character device (such as a terminal or /dev/zero), not a file or a pipe"
            let cases: [([String], String)] = [
                (["solve", zero], "\(zero): \(device)"),
                (["solve", fifo], "\(fifo): nothing to read: no process is writing to the pipe"),
                (
                    ["solve", folder.path("dir.yaml")],
                    "\(folder.path("dir.yaml")): cannot read the file: it is a directory, not a file or a pipe"
                ),
                (["solve", big], "\(big): the file has 314572800 bytes, more than the limit of 256 MiB"),
                (["validate", zero], "\(zero): \(device)"),
                (["report", zero], "\(zero): \(device)"),
                (["compare", plan, fifo], "\(fifo): nothing to read: no process is writing to the pipe"),
                (["merge", zero], "\(zero): \(device)"),
            ]
            for (arguments, message) in cases {
                let run = try runSourcing(arguments, timeout: 30)
                #expect(run.exitedNormally && run.status == 2, "\(arguments): \(run.status) \(run.stderr)")
                #expect(run.stderr == message + "\n", "\(arguments)")
                #expect(run.seconds < 10, "\(arguments): \(run.seconds) s")
            }
        }

        /// A FIFO with a writer is read to its end, like a file.
        @Test func aFIFOWithAWriterIsRead() throws {
            let folder = try TemporaryFolder("fifo-in")
            defer { folder.cleanUp() }
            let fifo = folder.path("scenario.yaml")
            try #require(mkfifo(fifo, 0o644) == 0)
            let text = try Data(contentsOf: URL(fileURLWithPath: Self.aesa))
            let written = DispatchSemaphore(value: 0)
            Thread {
                // Opening for writing waits for the reader, the run below.
                if let handle = FileHandle(forWritingAtPath: fifo) {
                    Thread.sleep(forTimeInterval: 0.2)  // the reader finds the writer there but no data yet
                    try? handle.write(contentsOf: text)
                    try? handle.close()
                }
                written.signal()
            }.start()
            Thread.sleep(forTimeInterval: 0.2)
            let run = try runSourcing(["solve", fifo, "--format", "json"], timeout: 60)
            #expect(written.wait(timeout: .now() + 30) == .success)
            #expect(run.exitedNormally && run.status == 0, "\(run.stderr)")
            #expect(jsonObject(run.stdoutData)?["status"] as? String == "optimal")
        }

        // MARK: Export

        /// Periods "P 1", "P_1" and "P-1": before, GLPK's writers gave two of them the same names
        /// in LP and MPS, and the space broke `--format glpk`. Now every format loads in glpsol
        /// with the model's size (3 periods × (order + inventory) = 6 columns, 3 balance rows),
        /// the header maps the renamed names back, and GLPK's files stay in a private folder
        /// under $TMPDIR that is gone afterwards.
        @Test(arguments: ["lp", "freemps", "mps", "glpk"])
        func exportedNamesStayDistinctAndTheFileLoads(_ format: String) throws {
            let folder = try TemporaryFolder("export")
            defer { folder.cleanUp() }
            let scenario = try folder.write(
                "periods.json",
                """
                {"periods": ["P 1", "P_1", "P-1"], "countries": [{"id": "US", "domestic": true}],
                 "items": [{"id": "x", "category": "c", "demand": [1, 2, 3]}],
                 "sources": [{"id": "s", "country": "US", "item": "x", "unitCost": 1, "capacity": 4}]}
                """)
            let temporary = folder.path("tmp")
            try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false)
            let out = folder.path("model.\(format)")
            let run = try runSourcing(
                ["export", scenario, "--format", format, "-o", out], launcher: ["/usr/bin/env", "TMPDIR=\(temporary)"])
            #expect(run.exitedNormally && run.status == 0, "\(run.stderr)")
            let text = try String(contentsOfFile: out, encoding: .utf8)
            #expect(text.contains("\"balance[x,P 1]\"") && text.contains("\"order[s,P-1]\""))
            #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty)
            if let glpsol = ["/usr/bin/glpsol", "/usr/local/bin/glpsol"].first(
                where: FileManager.default.isExecutableFile)
            {
                let option = ["lp": "--lp", "freemps": "--freemps", "mps": "--mps", "glpk": "--glp"][format]!
                let check = Process()
                check.executableURL = URL(fileURLWithPath: glpsol)
                check.arguments = [option, out, "--check"]
                let pipe = Pipe()
                check.standardOutput = pipe
                try check.run()
                let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                check.waitUntilExit()
                #expect(check.terminationStatus == 0, "\(output)")
                // glpsol counts an MPS file's objective row among the rows.
                #expect(
                    output.contains(format.hasSuffix("mps") ? "4 rows, 6 columns" : "3 rows, 6 columns"), "\(output)")
            }
        }

        /// A scenario with nothing to decide exports no file glpsol cannot read: exit 2, one line.
        @Test func anEmptyModelIsAClearMessage() throws {
            let folder = try TemporaryFolder("empty")
            defer { folder.cleanUp() }
            let scenario = try folder.write(
                "empty.json",
                """
                {"periods": ["P1"], "countries": [{"id": "US", "domestic": true}], "items": [], "sources": []}
                """)
            for format in ["lp", "mps", "freemps", "glpk"] {
                let run = try runSourcing(["export", scenario, "--format", format, "-o", folder.path("model")])
                #expect(run.exitedNormally && run.status == 2)
                #expect(
                    run.stderr
                        == "\(scenario): the model is empty (no items with sources, so nothing to decide): there is nothing to export\n"
                )
            }
            #expect(folder.files() == ["empty.json"])
        }

        // MARK: Control characters

        /// A scenario may keep control characters and escape sequences in its names (ids and
        /// period labels may not hold any): no text output passes one to the terminal, and the
        /// HTML report holds none. Before, `"P\u001b[31m1"` reached the terminal raw.
        @Test func controlCharactersNeverReachTheTerminal() throws {
            let folder = try TemporaryFolder("controls")
            defer { folder.cleanUp() }
            var text = try String(contentsOfFile: Self.aesa, encoding: .utf8)
            let hostile = "\\e[2J\\e]0;owned\\a\\r"  // clear screen, retitle, bell, carriage return (YAML escapes)
            text = text.replacing("name: AESA radar modules (illustrative)", with: "name: \"AESA \(hostile) radar\"")
            text = text.replacing("name: Republic of Korea", with: "name: \"Korea\(hostile)\"")
            text = text.replacing("unit: thousand modules", with: "unit: \"modules\(hostile)\"")
            text = text.replacing("currency: USD millions", with: "currency: \"USD\(hostile)\"")
            let scenario = try folder.write("hostile.yaml", text)
            let plan = folder.path("plan.json")
            let runs = [
                try runSourcing(["solve", scenario, "--out", plan]),
                try runSourcing(["validate", scenario]),
                try runSourcing(["stress", scenario, "--jobs", "1"]),
                try runSourcing([
                    "frontier", scenario, "--item", "trm-module", "--domestic-share", "0.25,0.5", "--jobs", "1",
                ]),
            ]
            // Plan B: a source renamed with an escape sequence, as a hand-edited plan file could be.
            let planText = try String(contentsOfFile: plan, encoding: .utf8)
            let edited = try folder.write(
                "edited.json", planText.replacing("\"jp-trm-line\"", with: "\"jp\\u001b[31m-line\""))
            let compare = try runSourcing(["compare", plan, edited])
            let report = try runSourcing(["report", plan, edited])
            for (k, run) in (runs + [compare]).enumerated() {
                #expect(run.exitedNormally && run.status == 0, "run \(k): \(run.stderr)")
                let bytes = [UInt8](run.stdoutData) + [UInt8](run.stderrData)
                let controls = bytes.filter { $0 < 0x20 && $0 != 0x0A && $0 != 0x09 || $0 == 0x7F }
                #expect(controls.isEmpty, "run \(k): control bytes \(controls) in \(run.stdout.prefix(300))")
            }
            #expect(
                runs[0].stdout.hasPrefix("AESA \\u{1b}[2J\\u{1b}]0;owned\\u{7}\\u{d} radar: optimal"),
                "\(runs[0].stdout.prefix(120))")
            #expect(runs[1].stdout.contains("Scenario: AESA \\u{1b}[2J"))
            #expect(compare.stdout.contains("jp\\u{1b}[31m-line"), "\(compare.stdout)")
            // The report: no control character at all (the page is XML-clean), the name shown escaped.
            #expect(report.exitedNormally && report.status == 0, "\(report.stderr)")
            #expect(!report.stdoutData.contains { $0 < 0x20 && $0 != 0x0A && $0 != 0x09 || $0 == 0x7F })
            #expect(report.stdout.contains("AESA \\u{1b}[2J\\u{1b}]0;owned\\u{7}\\u{d} radar"))
        }

        /// A label with a control character is refused at validation with its path, and the
        /// message shows the character escaped.
        @Test func aControlCharacterInAPeriodLabelIsBadInput() throws {
            let run = try runSourcing([
                "solve", "Tests/SourcingScenarioTests/Fixtures/bad/control-characters-yaml.yaml",
            ])
            #expect(run.exitedNormally && run.status == 2)
            #expect(
                run.stderr == """
                    Tests/SourcingScenarioTests/Fixtures/bad/control-characters-yaml.yaml: periods[0]: "FY\\u{1b}26" holds a control character (U+001B at character 3); a period label must be printable text
                    Tests/SourcingScenarioTests/Fixtures/bad/control-characters-yaml.yaml: items[0].id: "hull\\u{7f}" holds a control character (U+007F at character 5); use only ASCII letters, digits, "-", "_" and "."

                    """)
        }

        // MARK: Numeric options

        /// Extreme numbers are bad input (exit 2, one line naming the option), never an overflow:
        /// before, `--time-limit 1e16` and `--memory-limit 9223372036854775807` trapped (SIGILL).
        @Test(arguments: [
            (["--time-limit", "1e16"], "--time-limit must be a number of seconds above 0 and at most 1e15, got 1e+16"),
            (["--time-limit", "inf"], "--time-limit must be a number of seconds above 0 and at most 1e15, got inf"),
            (["--time-limit", "nan"], "--time-limit must be a number of seconds above 0 and at most 1e15, got nan"),
            (["--time-limit=-1"], "--time-limit must be a number of seconds above 0 and at most 1e15, got -1.0"),
            (["--memory-limit", "9223372036854775807"], "--memory-limit must be a number of MiB from 1 to"),
            (["--memory-limit", "0"], "--memory-limit must be a number of MiB from 1 to"),
            (
                ["--memory-limit", "99999999999999999999"],
                "The value '99999999999999999999' is invalid for '--memory-limit <memory-limit>'"
            ),
            (["--mip-gap", "inf"], "--mip-gap must be in [0, 1), got inf"),
            (["--jobs", "0"], "--jobs must be a whole number from 1 to 4096, got 0"),
            (
                ["--jobs", "9223372036854775807"],
                "--jobs must be a whole number from 1 to 4096, got 9223372036854775807"
            ),
        ])
        func extremeSolverOptionsExitTwo(_ options: [String], _ message: String) throws {
            for command in ["solve", "sweep", "tornado"] {
                let extra = command == "sweep" ? ["--vary", "discountRate=0,0.05"] : []
                let run = try runSourcing([command, Self.aesa] + extra + options)
                #expect(run.exitedNormally && run.status == 2, "\(command) \(options): \(run.status) \(run.stderr)")
                #expect(run.stderr.hasPrefix("Error: " + message), "\(command) \(options): \(run.stderr)")
                #expect(run.stderr.hasSuffix(" (see 'sourcing \(command) --help')\n"), "\(run.stderr)")
                #expect(run.stderr.split(separator: "\n").count == 1)
            }
        }

        @Test(arguments: [
            (["validate", aesa, "--max-size", "9223372036854775807"], "--max-size must be a number of MiB from 1 to"),
            (
                ["tornado", aesa, "--by", "nan"],
                "--by must be a share above 0 and below 100%, such as 20% or 0.2, got nan"
            ),
            (
                ["tornado", aesa, "--by", "1e400%"],
                "--by must be a share above 0 and below 100%, such as 20% or 0.2, got 1e400%"
            ),
            (
                ["stress", aesa, "--for", "9223372036854775807"],
                "--for must be a whole number from 1 to 1000000, got 9223372036854775807"
            ),
            (
                ["sweep", aesa, "--vary", "discountRate=0..1:9223372036854775807"],
                "error: --vary discountRate=0..1:9223372036854775807: the number of steps after ':' must be a whole number from 1 to 1000000"
            ),
            (
                [
                    "generate", "--items", "9223372036854775807", "--sources-per-item", "9223372036854775807",
                    "--countries", "1", "--periods", "9223372036854775807",
                ], "too large"
            ),
            (
                ["sweep", aesa, "--vary", "discountRate=0,1", "--shard", "9223372036854775807/9223372036854775807"],
                "error:"
            ),
        ])
        func extremeCommandOptionsExitTwo(_ arguments: [String], _ message: String) throws {
            let run = try runSourcing(arguments)
            #expect(run.exitedNormally && run.status == 2, "\(arguments): \(run.status) \(run.stderr)")
            #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        }
    }
}

// MARK: - Helpers

/// `/bin/sh -c 'PREFIX; exec BINARY ARGS'`: runs the binary after a shell command (closing a
/// descriptor, setting a signal's disposition).
func shell(_ prefix: String) -> [String] {
    ["/bin/sh", "-c", prefix + "; exec \"$0\" \"$@\""]
}

/// How to run the binary as an unprivileged user: directly when the tests are not root,
/// through setpriv as `nobody` when they are; nil when neither works.
let unprivilegedLauncher: [String]? = {
    if geteuid() != 0 { return [] }
    let setpriv = "/usr/bin/setpriv"
    guard FileManager.default.isExecutableFile(atPath: setpriv), getpwnam("nobody") != nil else { return nil }
    return [setpriv, "--reuid=nobody", "--regid=\(getpwnam("nobody")!.pointee.pw_gid)", "--clear-groups"]
}()

/// Makes a character device (as root) at `path`, inside a test's own folder.
func makeDevice(_ path: String, major: UInt32, minor: UInt32) throws -> String {
    let device =
        dev_t((minor & 0xff) | ((major & 0xfff) << 8)) | (dev_t(minor & ~0xff) << 12) | (dev_t(major & ~0xfff) << 32)
    try #require(
        mknod(path, S_IFCHR | 0o666, device) == 0,
        "mknod \(path): \(String(cString: strerror(errno))) (the tests need root)")
    return path
}

/// The kind of file at `path`, links not followed (S_IFREG, S_IFLNK, S_IFCHR, S_IFIFO, ...).
func fileKind(_ path: String) -> mode_t {
    var info = stat()
    return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
}

func fileMode(_ path: String) -> mode_t {
    var info = stat()
    return stat(path, &info) == 0 ? info.st_mode & 0o7777 : 0
}

/// This process's umask, read without changing it (from /proc/self/status).
func processUmask() -> mode_t {
    let text = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = text.split(separator: "\n").first { $0.hasPrefix("Umask:") }
    return line.flatMap { mode_t($0.dropFirst(6).trimmingCharacters(in: .whitespaces), radix: 8) } ?? 0o022
}
