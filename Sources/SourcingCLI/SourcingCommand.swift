import ArgumentParser
import Foundation
import Sourcing

/// The `sourcing` tool. One subcommand per file; shared options live in option groups.
@main
struct SourcingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sourcing",
        abstract: "Plan how much of a critical item to make at home and how much to source from allies.",
        discussion: """
            Exit status: 0 a plan (optimal or feasible), 1 internal error, 2 bad input \
            (every problem reported), 3 infeasible (with a diagnosis), 4 time limit reached \
            without any feasible plan.
            """,
        version: SourcingVersion.string,
        subcommands: [
            // Keep one line per subcommand; each lives in its own file.
            SolveCommand.self,
            ReportCommand.self,
            CompareCommand.self,
            ExportCommand.self,
            ValidateCommand.self,
            SweepCommand.self,
            MergeCommand.self,
            TornadoCommand.self,
            FrontierCommand.self,
            StressCommand.self,
            GenerateCommand.self,
            TimingsCommand.self,
            ServeCommand.self,
        ]
    )

    /// Runs the tool with the documented exit statuses: argument errors are bad input (2),
    /// not swift-argument-parser's usual 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code.rawValue == 64 {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitStatus.badInput)
            }
            exit(withError: error)
        }
    }
}
