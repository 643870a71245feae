import Foundation
import TestSupport
import Testing

// Running the built `sourcing` binary from tests: finding it, feeding it files in a private
// folder, collecting stdout and stderr separately, timing it, signalling it and killing it
// if it hangs. Every CLI test runs the binary through this.

/// Where the binary, the repository and its example models are.
enum Binary {
    /// The `sourcing` executable, built next to the test bundle in the same products folder.
    static let executable: URL? = {
        var folders: [URL] = []
        if let first = ProcessInfo.processInfo.arguments.first {
            let url = URL(fileURLWithPath: first)
            folders.append(url.deletingLastPathComponent())
            // macOS: …/debug/sourcingPackageTests.xctest/Contents/MacOS/sourcingPackageTests
            folders.append(
                url.deletingLastPathComponent().deletingLastPathComponent()
                    .deletingLastPathComponent().deletingLastPathComponent())
        }
        if let bundle = Bundle.main.executableURL { folders.append(bundle.deletingLastPathComponent()) }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            folders.append(bundle.bundleURL.deletingLastPathComponent())
        }
        return folders.map { $0.appendingPathComponent("sourcing") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// The repository's root folder.
    static let repository = Repository.root
    static let models = Repository.models
    static let scenarioFixtures = repository.appendingPathComponent("Tests/SourcingScenarioTests/Fixtures")

    static func model(_ name: String) -> String { models.appendingPathComponent(name).path }
}

/// What one run of the binary did.
struct BinaryRun {
    var status: Int32
    /// `.exit` for a normal exit, `.uncaughtSignal` if a signal (abort, segfault, kill) ended it.
    var reason: Process.TerminationReason
    var stdoutData: Data
    var stderrData: Data
    /// Wall-clock seconds from launch to exit.
    var seconds: Double
    /// True if the run was killed for taking longer than its timeout.
    var timedOut: Bool

    var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    var stderr: String { String(decoding: stderrData, as: UTF8.self) }
    /// Exited by itself (no signal, no timeout) with one of the documented statuses.
    var exitedNormally: Bool { reason == .exit && !timedOut }
}

/// Runs `sourcing` with `arguments` in `folder` (default: the repository), killing it after
/// `timeout` seconds. `during` runs on the calling thread right after launch (to signal the
/// process, say); the run is then awaited.
///
/// A child started by Foundation's `Process` inherits the calling thread's signal mask, and
/// the test runner's threads block SIGINT and SIGTERM; a terminal or a scheduler starts
/// commands with them unblocked. `unblockingStopSignals` (the default) unblocks both on the
/// calling thread while the child is started, so it gets the signals a user would send.
///
/// `launcher` runs the binary through another program (`["/bin/sh", "-c", "exec 1>&-; exec \"$0\" \"$@\""]`
/// closes its stdout, `setpriv ...` changes its user): the binary's path and `arguments` follow
/// it. `standardOutput` replaces the collecting pipe (a device, or a pipe the test reads itself);
/// `stdoutData` is then empty.
func runSourcing(
    _ arguments: [String], in folder: URL? = nil, timeout: Double = 120,
    unblockingStopSignals: Bool = true, launcher: [String] = [], standardOutput: Any? = nil,
    during: ((Process) throws -> Void)? = nil
) throws -> BinaryRun {
    let executable = try #require(Binary.executable, "the sourcing executable is not next to the test bundle")
    let process = Process()
    if let program = launcher.first {
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = Array(launcher.dropFirst()) + [executable.path] + arguments
    } else {
        process.executableURL = executable
        process.arguments = arguments
    }
    process.currentDirectoryURL = folder ?? Binary.repository
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = standardOutput ?? out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    let exited = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in exited.signal() }
    let start = Date()
    var stopSignals = sigset_t()
    var previousMask = sigset_t()
    sigemptyset(&stopSignals)
    sigaddset(&stopSignals, SIGINT)
    sigaddset(&stopSignals, SIGTERM)
    pthread_sigmask(unblockingStopSignals ? SIG_UNBLOCK : SIG_BLOCK, &stopSignals, &previousMask)
    defer { pthread_sigmask(SIG_SETMASK, &previousMask, nil) }
    try process.run()
    pthread_sigmask(SIG_SETMASK, &previousMask, nil)
    // Drain both pipes on other threads, so a full pipe can never stall the child.
    nonisolated(unsafe) var outData = Data()
    nonisolated(unsafe) var errData = Data()
    let readers = DispatchGroup()
    if standardOutput == nil {
        DispatchQueue.global().async(group: readers) { outData = out.fileHandleForReading.readDataToEndOfFile() }
    }
    DispatchQueue.global().async(group: readers) { errData = err.fileHandleForReading.readDataToEndOfFile() }
    try during?(process)
    var timedOut = false
    if exited.wait(timeout: .now() + timeout) == .timedOut {
        timedOut = true
        kill(process.processIdentifier, SIGKILL)
        exited.wait()
    }
    readers.wait()
    process.waitUntilExit()
    return BinaryRun(
        status: process.terminationStatus, reason: process.terminationReason,
        stdoutData: outData, stderrData: errData,
        seconds: Date().timeIntervalSince(start), timedOut: timedOut)
}

/// A new empty folder under the system's temporary folder, removed by `cleanUp`.
struct TemporaryFolder {
    let url: URL
    init(_ label: String = "reliability") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("sourcing-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
    func files() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
    }
    func cleanUp() { try? FileManager.default.removeItem(at: url) }
}

/// The text with every `"seconds": number` replaced by `"seconds": 0`: the one field of a
/// plan that may differ between identical solves.
func maskingSeconds(_ text: String) -> String {
    text.replacing(/"seconds": -?[0-9.eE+-]+/, with: "\"seconds\": 0")
}

/// The JSON document in `data`, or nil if it is not exactly one valid JSON document.
func jsonObject(_ data: Data) -> [String: Any]? {
    (try? JSONSerialization.jsonObject(with: data, options: [])) as? [String: Any]
}

/// Scenarios built for reliability tests, as JSON text.
enum TestScenarios {
    /// A MIP that GLPK cannot prove optimal in seconds: several integer items, each with many
    /// sources that have a fixed cost and a minimum order, tied together by a (slack) budget so
    /// the items are solved as one problem. About 4,300 rows and 3,000 integer columns.
    static func hardMIP(items: Int = 8, sourcesPerItem: Int = 15, periods: Int = 12, seed: UInt64 = 7) -> String {
        var random = SplitMix64(seed: seed)
        let labels = (0..<periods).map { "P\($0)" }
        let countries = ["US", "A0", "A1", "A2"]
        func integer(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
        func money(_ range: ClosedRange<Double>) -> String {
            String(format: "%.2f", Double.random(in: range, using: &random))
        }
        var itemTexts: [String] = []
        var sourceTexts: [String] = []
        for i in 0..<items {
            let demand = labels.map { _ in String(integer(3...17)) }.joined(separator: ", ")
            itemTexts.append(
                """
                {"id": "item\(i)", "category": "c", "integerUnits": true, "holdingCost": 0.3, "demand": [\(demand)]}
                """)
            for s in 0..<sourcesPerItem {
                let country = countries[integer(0...3)]
                let cost = labels.map { _ in money(5...15) }.joined(separator: ", ")
                let capacity = labels.map { _ in String(integer(4...12)) }.joined(separator: ", ")
                sourceTexts.append(
                    """
                    {"id": "s\(i)-\(s)", "country": "\(country)", "item": "item\(i)", "unitCost": [\(cost)], \
                    "capacity": [\(capacity)], "fixedCost": \(money(20...120)), "minOrder": \(integer(2...5))}
                    """)
            }
        }
        return """
            {"name": "hard MIP", "periods": [\(labels.map { "\"\($0)\"" }.joined(separator: ", "))],
             "countries": [{"id": "US", "domestic": true},
                           {"id": "A0", "exportApproved": ["*"], "ipProtection": 1},
                           {"id": "A1", "exportApproved": ["*"], "ipProtection": 1},
                           {"id": "A2", "exportApproved": ["*"], "ipProtection": 1}],
             "items": [\(itemTexts.joined(separator: ",\n"))],
             "sources": [\(sourceTexts.joined(separator: ",\n"))],
             "policy": {"budget": 100000}}
            """
    }

    /// Hard demand of 10 a period against a single source with capacity 4: infeasible.
    static let infeasible = """
        {"name": "not enough capacity", "periods": ["P0", "P1"],
         "countries": [{"id": "US", "domestic": true}],
         "items": [{"id": "widget", "category": "c", "demand": 10}],
         "sources": [{"id": "plant", "country": "US", "item": "widget", "unitCost": 1, "capacity": 4}]}
        """
}
