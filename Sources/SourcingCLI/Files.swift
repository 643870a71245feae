import ArgumentParser
import Foundation
import Sourcing

/// Exit statuses of the tool, as documented in the README and `sourcing --help`.
enum ExitStatus {
    static let plan: Int32 = 0
    static let internalError: Int32 = 1
    static let badInput: Int32 = 2
    static let infeasible: Int32 = 3
    static let timeLimit: Int32 = 4

    /// The exit status for a plan's status.
    static func of(_ status: PlanStatus) -> Int32 {
        switch status {
        case .optimal, .feasible: plan
        case .infeasible: infeasible
        case .timeLimit: timeLimit
        case .unbounded, .error: internalError
        }
    }
}

/// Writes `text` to `path` whole or not at all: into a temporary file in the same folder,
/// flushed, then renamed over the target, so a reader never sees half a file.
func writeAtomically(_ text: String, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent()
    let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
    let data = Data(text.utf8)
    do {
        try data.write(to: temporary)
        let handle = try FileHandle(forWritingTo: temporary)
        try handle.synchronize()
        try handle.close()
        if rename(temporary.path, url.path) != 0 {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    } catch {
        try? FileManager.default.removeItem(at: temporary)
        throw CLIError("cannot write \(path): \(error.localizedDescription)")
    }
}

/// An error the CLI reports on stderr, with its exit status.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    var status: Int32
    init(_ description: String, status: Int32 = ExitStatus.internalError) {
        self.description = description
        self.status = status
    }
}

/// Writes a line to stderr.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}

/// Writes text to stdout exactly as given.
func printOutput(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

/// A scenario read from a file, with the identity of its bytes.
struct LoadedScenario {
    var scenario: Scenario
    var identity: ScenarioIdentity
    var path: String
    /// The file's bytes, as read.
    var bytes: [UInt8]

    /// Reads and validates a scenario; on bad input prints every problem on stderr and exits with 2.
    static func load(_ path: String, loader: ScenarioLoader = ScenarioLoader()) throws -> LoadedScenario {
        do {
            let (scenario, bytes) = try loader.loadWithBytes(path: path)
            return LoadedScenario(scenario: scenario, identity: ScenarioIdentity(name: scenario.name, bytes: bytes), path: path, bytes: bytes)
        } catch {
            for problem in error.problems {
                printError(problem.path.isEmpty ? "\(path): \(problem.message)" : "\(path): \(problem)")
            }
            throw ExitCode(ExitStatus.badInput)
        }
    }
}
