import Foundation
import TestSupport
import Testing

// What a planner reads from the built binary, byte for byte: the Arctic Security Cutter plan
// (the README's headline), the cutter's tornado and the radar modules' frontier, each as the
// command prints it with its defaults.
//
// The README is the golden text of the summary (the solve time aside). The tables are in
// `Tests/Golden/`; after an intended change to one, regenerate it with
// `SOURCING_REGENERATE_GOLDEN=1 swift test --filter GoldenOutputTests` (see `expectGolden`) and
// read `git diff Tests/Golden`.

@Suite struct GoldenOutputTests {
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
        try expectGolden(run.stdout, file: "cutter-tornado.txt")
    }

    /// `sourcing frontier models/aesa-radar-modules.yaml --item trm-module` (shares 0..1:11).
    @Test func theRadarFrontier() throws {
        let run = try runSourcing(["frontier", Binary.model("aesa-radar-modules.yaml"), "--item", "trm-module"])
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run.stderr)")
        try expectGolden(run.stdout, file: "radar-frontier.txt")
    }
}
