import Foundation
import Testing

extension ReliabilityTests {
    /// QA after issue 16: messages that named nothing or the wrong thing. A negative number was
    /// taken for an option ("Missing value for '--time-limit'"); an empty --vary said
    /// "error: : no values"; merge did not name the file that is not a sweep; convert to
    /// /dev/stdout made a CSV folder; --jobs showed its default twice. Nested in the serialized
    /// ReliabilityTests so that these runs never share the machine with its time-limit tests.
    @Suite struct OptionMessageTests {
        static let aesa = Binary.model("aesa-radar-modules.yaml")
        static let cutter = Binary.model("arctic-security-cutter.yaml")

        @Test(arguments: [
            (
                ["solve", aesa, "--time-limit", "-5"],
                "Error: --time-limit must be a number of seconds above 0 and at most 1e15, got -5.0 (see 'sourcing solve --help')\n"
            ),
            (
                ["sweep", aesa, "--vary", "discountRate=0", "--jobs", "-2"],
                "Error: --jobs must be a whole number from 1 to 4096, got -2 (see 'sourcing sweep --help')\n"
            ),
            (
                ["generate", "--items", "-1", "--sources-per-item", "2", "--countries", "2", "--periods", "2"],
                "Error: --items must be at least 1 (see 'sourcing generate --help')\n"
            ),
            (
                ["stress", aesa, "--for", "-1"],
                "Error: --for must be a whole number from 1 to 1000000, got -1 (see 'sourcing stress --help')\n"
            ),
            (
                ["sweep", cutter, "--vary", "sources[rauma-yard].unitCost="],
                "error: --vary sources[rauma-yard].unitCost=: no values: give a list (10,20,30), a range (10..20:5) or factors of the base value (x0.9,x1.1)\n"
            ),
            (
                ["sweep", cutter, "--vary", ""],
                "error: --vary is empty: give PATH=VALUES, e.g. policy.budget=800,900\n"
            ),
        ])
        func aBadValueNamesItsOption(_ arguments: [String], _ message: String) throws {
            let run = try runSourcing(arguments)
            #expect(run.exitedNormally)
            #expect(run.status == 2, "\(arguments)")
            #expect(run.stderr == message, "\(arguments)")
            #expect(run.stdout.isEmpty)
        }

        @Test func mergeNamesTheFileThatIsNotASweep() throws {
            let folder = try TemporaryFolder("merge")
            defer { folder.cleanUp() }
            let plan = folder.path("plan.json")
            #expect(try runSourcing(["solve", Self.aesa, "--out", plan]).status == 0)
            let run = try runSourcing(["merge", plan])
            #expect(run.status == 2)
            #expect(run.stderr == "error: \(plan): kind: not a sweep document (expected \"sweep\", found nothing)\n")
        }

        /// A shard with a bad figure: the message names the file and the key path.
        @Test func mergeNamesTheFileAndKeyOfABadFigure() throws {
            let folder = try TemporaryFolder("merge")
            defer { folder.cleanUp() }
            let shards = [folder.path("shard-0.json"), folder.path("shard-1.json")]
            for (k, shard) in shards.enumerated() {
                let run = try runSourcing([
                    "sweep", Self.cutter, "--vary", "discountRate=0,0.02,0.04", "--shard", "\(k)/2", "--format", "json",
                    "--out", shard,
                ])
                #expect(run.status == 0, "\(run.stderr)")
            }
            #expect(try runSourcing(["merge"] + shards).status == 0)
            // Shard 1 of 2 holds point 1 of the three, its only point.
            let text = try String(contentsOfFile: shards[1], encoding: .utf8)
            let bad = text.replacing(/"objective": -?[0-9.eE+]+/, maxReplacements: 1) { _ in "\"objective\": \"cheap\""
            }
            #expect(bad != text)
            try folder.write("shard-1.json", bad)
            let run = try runSourcing(["merge"] + shards)
            #expect(run.status == 2)
            #expect(run.stderr == "error: \(shards[1]): points[0].objective: expected a number, found a string\n")
            #expect(run.stdout.isEmpty)
        }

        /// stdout is a pipe here, as in `sourcing convert IN /dev/stdout | less`: YAML, the same
        /// scenario when read back.
        @Test func convertToStandardOutputWritesYAML() throws {
            let folder = try TemporaryFolder("convert")
            defer { folder.cleanUp() }
            let run = try runSourcing(["convert", Self.aesa, "/dev/stdout"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.hasPrefix("name: \"AESA radar modules (illustrative)\"\n"))
            let copy = try folder.write("copy.yaml", run.stdout)
            let again = try runSourcing(["convert", copy, folder.path("again.yaml")])
            #expect(again.status == 0)
            let original = try runSourcing(["convert", Self.aesa, folder.path("original.yaml")])
            #expect(original.status == 0)
            #expect(
                try String(contentsOfFile: folder.path("again.yaml"), encoding: .utf8)
                    == String(contentsOfFile: folder.path("original.yaml"), encoding: .utf8))
        }

        /// The default is said once, in words: not also as this machine's core count.
        @Test(arguments: ["sweep", "tornado", "stress", "serve"])
        func jobsHelpStatesItsDefaultOnce(_ command: String) throws {
            let run = try runSourcing([command, "--help"])
            #expect(run.status == 0)
            let line = try #require(
                run.stdout.split(separator: "\n").first {
                    $0.trimmingCharacters(in: .whitespaces).hasPrefix("--jobs <jobs>")
                })
            #expect(line.components(separatedBy: "default").count == 2, "\(line)")
            #expect(line.hasSuffix("(default: every core)."))
        }
    }
}
