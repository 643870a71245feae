import ArgumentParser
import Foundation
import Sourcing
import Synchronization

/// Options of every command that runs many solves.
struct ParallelOptions: ParsableArguments {
    // Optional so that the help states the default once, in words ("every core"), rather than
    // also as this machine's core count.
    @Option(
        name: .customLong("jobs"), parsing: .unconditional,
        help: "Solve this many points at once (default: every core).")
    var jobsOption: Int?

    /// --jobs, or every core.
    var jobs: Int { jobsOption ?? defaultJobs }

    func validate() throws {
        try OptionLimits.checkCount(jobs, option: "--jobs", in: 1...OptionLimits.maximumJobs)
    }
}

/// Set by SIGINT/SIGTERM: running analyses finish the points in hand and stop.
let stopRequested = Atomic<Bool>(false)

/// Makes Ctrl-C (and SIGTERM from a scheduler) stop an analysis cleanly instead of killing it.
func installStopHandlers() {
    let handler: @convention(c) (Int32) -> Void = { _ in stopRequested.store(true, ordering: .relaxed) }
    signal(SIGINT, handler)
    signal(SIGTERM, handler)
    // A parent may start us with these signals blocked (the mask is inherited across exec);
    // unblock them, or the handlers would never run.
    var stopSignals = sigset_t()
    sigemptyset(&stopSignals)
    sigaddset(&stopSignals, SIGINT)
    sigaddset(&stopSignals, SIGTERM)
    pthread_sigmask(SIG_UNBLOCK, &stopSignals, nil)
}

/// A progress bar on stderr with rate and time left, drawn only when stderr is a terminal.
final class ProgressBar: @unchecked Sendable {
    private let enabled = isatty(STDERR_FILENO) != 0
    private let start = Date()
    private let lock = NSLock()
    private var lastDraw = Date.distantPast
    let label: String

    init(_ label: String) { self.label = label }

    func update(_ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard done == total || now.timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = now
        let elapsed = now.timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let left = rate > 0 ? Double(total - done) / rate : 0
        let width = 30
        let filled = width * done / total
        let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
        let text = String(
            format: "\r%@ [%@] %d/%d  %.1f/s  %@ left ", label, bar, done, total, rate, formatDuration(left))
        printProgress(text)
        if done == total { printProgress("\n") }
    }
}

func formatDuration(_ seconds: Double) -> String {
    let s = Int(seconds.rounded())
    return s >= 3600 ? "\(s / 3600)h\(s % 3600 / 60)m" : s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
}

/// Builds and solves the base of an analysis, with bad input and solver defects mapped to exit codes.
func analysisBase(_ path: String, solver: SolverOptions) throws -> AnalysisBase {
    let loaded = try LoadedScenario.load(path)
    do {
        return try AnalysisBase(scenario: loaded.scenario, identity: loaded.identity, options: solver.planOptions)
    } catch {
        printError("internal error: \(error)")
        throw ExitCode(ExitStatus.internalError)
    }
}

/// What an analysis prints: a table for reading, its JSON document, or its main table as CSV.
enum AnalysisFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv
}

/// `--format`, `--out` and `--xlsx` of the analyses that print a table (tornado, frontier).
struct AnalysisOutputOptions: ParsableArguments {
    @Option(name: .long, help: "text, json or csv.")
    var format: AnalysisFormat = .text

    @Option(name: .long, help: "Write the result to this file.")
    var out: String?

    @Option(name: .long, help: "Also write the result as an .xlsx workbook.")
    var xlsx: String?

    /// The output files, checked before any solve.
    func files(inputs: [String]) throws -> AnalysisOutput {
        try AnalysisOutput(format: format, out: out, xlsx: xlsx, inputs: inputs)
    }
}

/// Where an analysis's result goes: in its format to `--out` (or stdout), and as a workbook to
/// `--xlsx`. Both files are checked when this is made, before the work, so that a path that
/// cannot be written fails at once rather than after every solve.
struct AnalysisOutput {
    let format: AnalysisFormat
    let out: OutputFile?
    let xlsx: OutputFile?

    init(format: AnalysisFormat, out: String?, xlsx: String?, inputs: [String]) throws {
        self.format = format
        self.out = try out.map { path throws(CLIError) in try OutputFile(path, inputs: inputs) }
        self.xlsx = try workbookFile(xlsx, inputs: inputs)
    }

    /// Writes the result in the format chosen (only that one is made), then the workbook if asked for.
    func write(
        text: () -> String, json: () -> JSONValue, csv: () -> String, workbook: () throws(SpreadsheetError) -> [UInt8]
    ) throws {
        switch format {
        case .json: try emit(json().serialized(), to: out)
        case .csv: try emit(csv(), to: out)
        case .text: try emit(text(), to: out)
        }
        try writeWorkbook(xlsx, workbook)
    }
}

/// `--xlsx FILE`: checked (as every output) before the work, then written whole.
func workbookFile(_ path: String?, inputs: [String]) throws(CLIError) -> OutputFile? {
    try path.map { path throws(CLIError) in
        guard path.lowercased().hasSuffix(".xlsx") else {
            throw CLIError("cannot write \(path): a workbook is named FILE.xlsx", status: ExitStatus.badInput)
        }
        return try OutputFile(path, inputs: inputs)
    }
}

/// Writes a workbook's bytes whole to `file`.
func writeWorkbook(_ file: OutputFile?, _ bytes: () throws(SpreadsheetError) -> [UInt8]) throws {
    guard let file else { return }
    do {
        try file.write(bytes: try bytes())
    } catch let error as SpreadsheetError {
        printError("internal error: cannot write the workbook \(file.path): \(error)")
        throw ExitCode(ExitStatus.internalError)
    }
}

/// Runs an analysis step, reporting a bad request (path, values, shard) as bad input, in the
/// words of `message` (which names the command's own options).
func analysisRequest<T>(
    _ body: () throws(AnalysisError) -> T, message: (AnalysisError) -> String = optionMessage
) throws -> T {
    do {
        return try body()
    } catch {
        printError("error: \(message(error))")
        throw ExitCode(ExitStatus.badInput)
    }
}

/// An analysis error as the CLI says it, naming the option that was wrong.
func optionMessage(_ error: AnalysisError) -> String {
    switch error {
    case .unknownPeriod: "--from: \(error)"
    case .durationTooShort(let length): "--for must be at least 1 period, got \(length)"
    case let .durationPastHorizon(length, from, last, left):
        "--for \(length) from \(from) runs past the last period \(last); at most \(left)"
    case .noParameters: "give at least one --vary PATH=VALUES"
    case .emptySpecification: "--vary is empty: give PATH=VALUES, e.g. policy.budget=800,900"
    case .shareOutOfRange: "--by must be between 0% and 100%, exclusive"
    case .domesticShareOutOfRange: "--domestic-share: \(error)"
    case .badPath, .badValues, .badShard, .badRequest: error.description
    }
}
