import ArgumentParser
import Sourcing

/// `sourcing validate`: check scenario files without solving them.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario files and report every problem, or summarise each good one.",
        discussion: """
            For a valid file, prints a one-screen summary: periods, countries, items with their \
            total demand, sources by country, and which sources are ineligible and why. For an \
            invalid file, prints every problem on stderr, one "FILE: PATH: MESSAGE" line each. \
            With --format json, prints one JSON object per file on stdout, one per line: \
            {"file": ..., "valid": ..., "problems": [{"path": ..., "message": ...}]}. \
            Exit status: 0 when every file is valid, 2 when any is not.
            """)

    @Argument(help: "Scenarios: .yaml, .yml, .json, .xlsx files or folders of CSV files.")
    var files: [String]

    @Option(name: .long, help: "What to print: text (a summary, problems on stderr) or json (on stdout).")
    var format: OutputFormat = .text

    @Option(name: .long, parsing: .unconditional, help: "Refuse files larger than this many MiB.")
    var maxSize: Int = 256

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one scenario file") }
        try OptionLimits.checkMegabytes(maxSize, option: "--max-size")
    }

    func run() throws {
        let loader = ScenarioLoader(maxBytes: maxSize * 1024 * 1024)
        var allValid = true
        for (index, file) in files.enumerated() {
            var result = ScenarioValidationResult(file: file, problems: [])
            var scenario: Scenario?
            do {
                scenario = try loader.load(path: file)
            } catch {
                result.problems = error.problems
                allValid = false
            }
            switch format {
            case .json:
                try printOutput(result.json + "\n")
            case .text:
                if let scenario {
                    let summary = ScenarioSummary(scenario: scenario).text
                    try printOutput((index > 0 ? "\n" : "") + (files.count > 1 ? "\(file)\n" : "") + summary)
                } else {
                    printError(result.text)
                }
            }
        }
        if !allValid { throw ExitCode(ExitStatus.badInput) }
    }
}
