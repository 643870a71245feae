import Foundation
import Testing
import TestSupport

// What a planner reads from the built binary, byte for byte: the Arctic Security Cutter plan
// (the README's headline), the cutter's tornado and the radar modules' frontier, each as the
// command prints it with its defaults.
//
// The README is the golden text of the summary (the solve time aside). The tables are in
// `Tests/Golden/`; after an intended change to one, regenerate it with
// `SOURCING_REGENERATE_GOLDEN=1 swift test --filter GoldenOutputTests` (the test then writes the
// file and fails, so a regeneration never passes for a check) and read `git diff Tests/Golden`.

@Suite struct GoldenOutputTests {
    static func compare(_ text: String, golden name: String) throws {
        let url = Repository.file("Tests/Golden/\(name)")
        if ProcessInfo.processInfo.environment["SOURCING_REGENERATE_GOLDEN"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("wrote \(url.path); unset SOURCING_REGENERATE_GOLDEN and run again")
            return
        }
        #expect(text == (try String(contentsOf: url, encoding: .utf8)), "differs from \(url.path)")
    }

    /// `sourcing solve models/arctic-security-cutter.yaml` prints what the README shows.
    @Test func theCutterSummaryIsTheReadmes() throws {
        let readme = try String(contentsOf: Repository.file("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "`make run` prints (the solve time aside):\n\n```\n"))
        let end = try #require(readme.range(of: "\n```\n", range: start.upperBound..<readme.endIndex))
        let shown = String(readme[start.upperBound..<end.lowerBound]) + "\n"
        let run = try runSourcing(["solve", Binary.model("arctic-security-cutter.yaml")])
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run.stderr)")
        func withoutTime(_ text: String) -> String {
            text.replacingOccurrences(of: #"solved in [0-9.]+ m?s"#, with: "solved in …", options: .regularExpression)
        }
        #expect(run.stdout.contains("solved in "), "the summary names its solve time")
        #expect(withoutTime(run.stdout) == withoutTime(shown))
    }

    /// `sourcing tornado models/arctic-security-cutter.yaml` (every input, 20%).
    @Test func theCutterTornado() throws {
        let run = try runSourcing(["tornado", Binary.model("arctic-security-cutter.yaml")])
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run.stderr)")
        try Self.compare(run.stdout, golden: "cutter-tornado.txt")
    }

    /// `sourcing frontier models/aesa-radar-modules.yaml --item trm-module` (shares 0..1:11).
    @Test func theRadarFrontier() throws {
        let run = try runSourcing(["frontier", Binary.model("aesa-radar-modules.yaml"), "--item", "trm-module"])
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run.stderr)")
        try Self.compare(run.stdout, golden: "radar-frontier.txt")
    }
}
