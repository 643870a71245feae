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
            (every problem reported; also an output path that cannot be written), 3 infeasible \
            (with a diagnosis), 4 time limit reached without any feasible plan, 5 the output \
            could not be written (disk full, stdout closed), 141 stdout's reader went away \
            (quietly, like SIGPIPE).
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
            ConvertCommand.self,
            TemplateCommand.self,
            TimingsCommand.self,
            ServeCommand.self,
        ]
    )

    /// Runs the tool with the documented exit statuses: argument errors are bad input (2),
    /// not swift-argument-parser's usual 64; help and errors are written through the checked
    /// writers (Terminal.swift), so a closed or full stdout is a message and a status too.
    static func main() {
        reserveStandardDescriptors()
        ignoreBrokenPipeSignal()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CLIError {
            if !error.description.isEmpty { printError(error.description) }
            Foundation.exit(error.status)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help, --version
                do {
                    let text = fullMessage(for: error)
                    try printOutput(text.isEmpty || text.hasSuffix("\n") ? text : text + "\n")
                } catch {
                    if !error.description.isEmpty { printError(error.description) }
                    Foundation.exit(error.status)
                }
                Foundation.exit(ExitStatus.plan)
            }
            if let exit = error as? ExitCode { Foundation.exit(exit.rawValue) }
            let message = oneLine(fullMessage(for: error))
            if !message.isEmpty { printError(message) }
            Foundation.exit(code.rawValue == 64 ? ExitStatus.badInput : code.rawValue)
        }
    }

    /// swift-argument-parser's error text (the error, the usage, "See 'sourcing solve --help'
    /// for more information.") as one line: the error and where to read more.
    static func oneLine(_ message: String) -> String {
        let lines = message.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        guard var line = lines.first else { return "" }
        if let see = lines.last(where: { $0.hasPrefix("See '") }), let end = see.dropFirst(5).firstIndex(of: "'") {
            line += " (see '\(see[see.index(see.startIndex, offsetBy: 5)..<end])')"
        }
        return line
    }
}
