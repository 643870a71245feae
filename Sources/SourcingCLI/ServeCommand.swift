import ArgumentParser
import Dispatch
import Foundation
import Sourcing
import SourcingServer

/// `sourcing serve`: the local web app and HTTP API.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the web app for planners and the HTTP API (OpenAPI at /openapi.json).",
        discussion: """
            Listens on 127.0.0.1:8080 by default: open http://127.0.0.1:8080 in a browser. Any \
            other address needs --token, and every request must then carry it (Authorization: \
            Bearer TOKEN; a browser asks for it as the password). Plans and jobs are kept in \
            DIR/sourcing.sqlite and survive a restart. Solves run on --jobs solver threads; \
            requests beyond them and --queue waiting are answered 503 with Retry-After. \
            SIGTERM (or Ctrl-C) stops running sweeps and stress tests between points, keeps \
            what they finished (resume them from the UI or with POST /v1/jobs/ID/resume), \
            lets requests in flight finish, and exits.
            """)

    @Option(name: .long, help: "The address to listen on (loopback unless --token is given).")
    var host: String = "127.0.0.1"

    @Option(name: .long, parsing: .unconditional, help: "The port (0: any free port; the one chosen is printed).")
    var port: Int = 8080

    @Option(name: .long, help: "The folder for the database (created if missing).")
    var data: String = "sourcing-data"

    @Option(
        name: .long, help: "A secret of at least 16 characters that every request must carry; required off loopback.")
    var token: String?

    // Optional so that the help states the default once ("every core"), as ParallelOptions does.
    @Option(name: .customLong("jobs"), parsing: .unconditional, help: "Solver threads (default: every core).")
    var jobsOption: Int?

    /// --jobs, or every core.
    var jobs: Int { jobsOption ?? defaultJobs }

    @Option(
        name: .long, parsing: .unconditional,
        help: "Requests that may wait for a solver thread before the server answers 503.")
    var queue: Int = 128

    @Option(name: .long, parsing: .unconditional, help: "The largest request body, in MiB.")
    var maxBody: Int = 32

    @Option(
        name: .long, parsing: .unconditional,
        help: "The longest one solve may take, in seconds (a request's or scenario's time limit is held to it).")
    var timeLimit: Double = 60

    var configuration: ServerConfiguration {
        ServerConfiguration(
            host: host, port: port, dataDirectory: data, token: token, solverThreads: jobs, queueLimit: queue,
            maxBodyBytes: min(max(maxBody, 0), 4096) << 20, solveTimeLimit: timeLimit)
    }

    func validate() throws {
        if !(1...4096).contains(maxBody) { throw ValidationError("--max-body must be from 1 to 4096 (MiB)") }
        do {
            try configuration.validate()
        } catch {
            let message =
                switch error {
                case .tokenNeeded(let host):
                    "--host \(host) is not a loopback address: give --token TOKEN too (every request must then carry Authorization: Bearer TOKEN)"
                case .tokenTooShort: "--token must have at least 16 characters"
                case .port: "--port must be from 0 to 65535"
                case .solverThreads: "--jobs must be at least 1"
                case .queueLimit: "--queue cannot be negative"
                case .bodyLimit: "--max-body must be from 1 to 4096 (MiB)"
                case .solveTimeLimit: "--time-limit must be a positive number of seconds"
                }
            throw ValidationError(message)
        }
    }

    func run() throws {
        let server: SourcingServer
        do {
            server = try SourcingServer(configuration: configuration)
        } catch {
            printError("error: cannot start the server: \(error)")
            throw ExitCode(ExitStatus.badInput)
        }
        if server.interruptedAtStart > 0 {
            printError(
                "note: \(server.interruptedAtStart) job(s) left running by an earlier server are marked interrupted; resume them from the web app or with POST /v1/jobs/ID/resume"
            )
        }
        let host = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        let database = server.databasePath
        // The server runs on Swift's task threads; this thread only waits for it to stop.
        let finished = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        Task {
            do {
                try await server.run { port in
                    // Nothing to do if stdout is gone: the server still serves.
                    try? printOutput("sourcing serve: listening on http://\(host):\(port) (data in \(database))\n")
                }
            } catch {
                failure.error = error
            }
            finished.signal()
        }
        finished.wait()
        if let error = failure.error {
            printError("error: the server stopped: \(error)")
            throw ExitCode(ExitStatus.internalError)
        }
    }
}

private final class FailureBox: @unchecked Sendable {
    var error: (any Error)?
}
