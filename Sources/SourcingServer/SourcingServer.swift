import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Sourcing

/// How `sourcing serve` listens, where it keeps its data, and its limits.
public struct ServerConfiguration: Sendable {
    /// The address to listen on; anything but loopback needs `token`.
    public var host: String
    /// The port; 0 picks a free one (the listening callback says which).
    public var port: Int
    /// The folder holding the SQLite database (created if missing).
    public var dataDirectory: String
    /// When set, every request must carry it (`Authorization: Bearer TOKEN`).
    public var token: String?
    /// Solver threads: every GLPK call runs on one of them.
    public var solverThreads: Int
    /// Requests that may wait for a solver thread; more are answered 503 with Retry-After.
    public var queueLimit: Int
    /// The largest request body, in bytes (413 above it).
    public var maxBodyBytes: Int
    /// The longest a solve may take, in seconds: a request's (or scenario's) time limit is held to it.
    public var solveTimeLimit: Double

    public init(
        host: String = "127.0.0.1", port: Int = 8080, dataDirectory: String, token: String? = nil,
        solverThreads: Int = defaultJobs, queueLimit: Int = 128, maxBodyBytes: Int = 32 << 20,
        solveTimeLimit: Double = 60
    ) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.token = token
        self.solverThreads = solverThreads
        self.queueLimit = queueLimit
        self.maxBodyBytes = maxBodyBytes
        self.solveTimeLimit = solveTimeLimit
    }

    /// Whether `host` names this machine only (127.0.0.0/8, ::1, localhost).
    public static func isLoopback(_ host: String) -> Bool {
        let name = host.lowercased()
        if name == "localhost" || name == "::1" || name == "[::1]" { return true }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// Refuses settings that would expose the server or cannot work.
    public func validate() throws(ServerConfigurationError) {
        if !ServerConfiguration.isLoopback(host), (token ?? "").isEmpty { throw .tokenNeeded(host: host) }
        if let token, token.count < 16 { throw .tokenTooShort }
        if !(0...65535).contains(port) { throw .port }
        if solverThreads < 1 { throw .solverThreads }
        if queueLimit < 0 { throw .queueLimit }
        if maxBodyBytes < 1024 { throw .bodyLimit }
        if !(solveTimeLimit > 0 && solveTimeLimit.isFinite) { throw .solveTimeLimit }
    }
}

/// Settings the server refuses to start with.
public enum ServerConfigurationError: Error, Equatable, CustomStringConvertible {
    /// Not a loopback address, and no token.
    case tokenNeeded(host: String)
    /// A token shorter than 16 characters.
    case tokenTooShort
    /// A port outside 0...65535.
    case port
    case solverThreads
    case queueLimit
    /// A body limit under 1 KiB.
    case bodyLimit
    case solveTimeLimit

    public var description: String {
        switch self {
        case .tokenNeeded(let host):
            "listening on \(host), which is not a loopback address, needs a token that every request must carry"
        case .tokenTooShort: "the token must have at least 16 characters"
        case .port: "the port must be from 0 to 65535"
        case .solverThreads: "at least one solver thread is needed"
        case .queueLimit: "the queue limit cannot be negative"
        case .bodyLimit: "the body limit must be at least 1 KiB"
        case .solveTimeLimit: "the solve time limit must be a positive number of seconds"
        }
    }
}

/// The limits requests and jobs are held to.
struct ServerLimits: Sendable {
    var maxBodyBytes: Int
    var solveTimeLimit: Double
}

/// `sourcing serve`: the HTTP API, the browser UI and the job runner over one SQLite database.
///
/// Calls the same library entry points as the CLI (`PlanDocument`, `Sweep`, `StressTest`), on
/// its own solver threads.
public final class SourcingServer: Sendable {
    public let configuration: ServerConfiguration
    let storage: Storage
    let pool: WorkerPool
    let jobs: JobRunner
    /// Jobs an earlier process left queued or running, now marked interrupted.
    public let interruptedAtStart: Int

    /// Opens the database (creating it if needed) and starts the solver threads.
    public init(configuration: ServerConfiguration) throws {
        try configuration.validate()
        self.configuration = configuration
        storage = try Storage(directory: configuration.dataDirectory)
        interruptedAtStart = try storage.interruptLeftoverJobs(at: timestamp())
        pool = WorkerPool(threads: configuration.solverThreads, queueLimit: configuration.queueLimit)
        jobs = JobRunner(
            storage: storage, pool: pool,
            limits: ServerLimits(maxBodyBytes: configuration.maxBodyBytes, solveTimeLimit: configuration.solveTimeLimit)
        )
    }

    /// The database file.
    public var databasePath: String { storage.path }

    /// Serves until SIGTERM or SIGINT, then stops the jobs (each writes its checkpoint), lets
    /// requests in flight finish, and returns. `onListening` gets the port once the server listens.
    public func run(onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        var logger = Logger(label: "sourcing.serve", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = .warning
        let router = Router(context: BasicRequestContext.self)
        let table = RouteTable()
        router.add(middleware: ErrorMiddleware(routes: table))
        router.add(middleware: AccessMiddleware(token: configuration.token))
        let routes = Routes(router: router, table: table)
        API(storage: storage, pool: pool, jobs: jobs, limits: jobs.limits, warmStarts: WarmStarts()).register(
            on: routes)
        UI.register(on: routes)
        let port = configuration.port
        let app = Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: .seconds(120))),
            configuration: .init(
                address: .hostname(configuration.host, port: port), serverName: "sourcing/\(SourcingVersion.string)"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? port) },
            logger: logger)
        // The job runner is last so that it is stopped first: jobs checkpoint and their event
        // streams end, then the server lets the requests in flight finish.
        let group = ServiceGroup(
            configuration: .init(
                services: [app, jobs], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
