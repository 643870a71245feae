import Foundation
import Testing

// The real server, started as `sourcing serve --port 0` in a private data folder, and a small
// HTTP/1.1 client over a loopback socket. The client sends exactly the bytes asked for (so a
// test can send a raw `../` path, a wrong Host header or a lying Content-Length, which
// URLSession would tidy away) and reads a response whole, or an event stream as it arrives.

/// Where the built binary and the repository are.
enum Paths {
    /// The `sourcing` executable, built in the same products folder as the test bundle.
    static let executable: URL? = {
        var folders: [URL] = []
        if let first = ProcessInfo.processInfo.arguments.first {
            folders.append(URL(fileURLWithPath: first).deletingLastPathComponent())
        }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            folders.append(bundle.bundleURL.deletingLastPathComponent())
        }
        return folders.map { $0.appendingPathComponent("sourcing") }.first {
            FileManager.default.isExecutableFile(atPath: $0.path)
        }
    }()

    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func model(_ file: String) -> URL {
        repository.appendingPathComponent("models").appendingPathComponent(file)
    }

    /// A new empty folder under the temporary directory.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sourcing-server-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// A running `sourcing serve`, stopped (SIGTERM) when the test is done with it.
final class ServerProcess: @unchecked Sendable {
    let process = Process()
    let data: URL
    private(set) var port: Int = 0
    private let output = Pipe(), errors = Pipe()
    private let stderrBuffer = LockedData()

    /// Starts the server on a free loopback port with `arguments` added, and waits until it listens.
    init(data: URL? = nil, arguments: [String] = []) throws {
        self.data = try data ?? Paths.temporaryFolder()
        process.executableURL = try #require(Paths.executable, "the sourcing executable is not next to the test bundle")
        process.arguments = ["serve", "--port", "0", "--data", self.data.path] + arguments
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let buffer = stderrBuffer
        errors.fileHandleForReading.readabilityHandler = { handle in buffer.append(handle.availableData) }
        // The test runner's threads block SIGTERM and SIGINT and a child inherits the mask;
        // unblock them while starting the server, so that it gets the signals a user sends.
        var stopSignals = sigset_t()
        var previous = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGTERM)
        sigaddset(&stopSignals, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &stopSignals, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        try process.run()
        port = try readPort()
    }

    /// Reads `listening on http://127.0.0.1:PORT` from stdout.
    private func readPort() throws -> Int {
        let handle = output.fileHandleForReading
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let data = handle.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
            if let range = text.range(of: #"http://127\.0\.0\.1:(\d+)"#, options: .regularExpression),
                let port = Int(text[range].split(separator: ":").last!)
            {
                return port
            }
        }
        process.terminate()
        Issue.record("the server did not say where it listens; stdout: \(text); stderr: \(standardError)")
        throw CancellationError()
    }

    var standardError: String { String(decoding: stderrBuffer.data, as: UTF8.self) }

    var pid: Int32 { process.processIdentifier }

    /// Sends SIGTERM and waits for the exit; returns the exit status.
    @discardableResult
    func stop(timeout: Double = 30) -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, SIGTERM)
        return waitForExit(timeout: timeout)
    }

    /// Kills the server as a crash or an out-of-memory killer would: no chance to clean up.
    func killHard() {
        kill(process.processIdentifier, SIGKILL)
        _ = waitForExit(timeout: 30)
    }

    func waitForExit(timeout: Double) -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning {
            Issue.record("the server did not exit within \(timeout) s")
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        return process.terminationStatus
    }

    /// The server's resident memory in KiB (VmRSS).
    var residentKiB: Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return 0 }
        return Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" })[1]) ?? 0
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        errors.fileHandleForReading.readabilityHandler = nil
    }

    // MARK: Requests

    func request(
        _ method: String, _ target: String, body: [UInt8]? = nil, contentType: String? = nil,
        headers: [(String, String)] = [], host: String? = nil
    ) throws -> HTTPReply {
        var fields = headers
        if let contentType { fields.append(("Content-Type", contentType)) }
        return try HTTPConnection(port: port).exchange(
            method: method, target: target, host: host ?? "127.0.0.1:\(port)", headers: fields, body: body)
    }

    func get(_ target: String, headers: [(String, String)] = []) throws -> HTTPReply {
        try request("GET", target, headers: headers)
    }

    /// POSTs a scenario file (YAML or JSON by its extension).
    func post(_ target: String, file: URL, headers: [(String, String)] = []) throws -> HTTPReply {
        let bytes = Array(try Data(contentsOf: file))
        return try request(
            "POST", target, body: bytes,
            contentType: file.pathExtension == "json" ? "application/json" : "application/yaml", headers: headers)
    }
}

final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var storage = Data()
    func append(_ data: Data) { lock.withLock { storage.append(data) } }
    var data: Data { lock.withLock { storage } }
}

/// A response as read from the socket.
struct HTTPReply {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    func headers(_ name: String) -> [String] { headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1) }
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as JSON (a test failure if it is not).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
    }
}

struct ClientError: Error, CustomStringConvertible {
    var description: String
}

/// One HTTP/1.1 exchange on a new loopback connection (`Connection: close`).
final class HTTPConnection {
    private let socket: Int32
    private var buffer: [UInt8] = []
    private var position = 0

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw ClientError(description: "socket: \(errno)") }
        var timeout = timeval(tv_sec: 120, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(socket)
            throw ClientError(description: "connect to port \(port): errno \(errno)")
        }
    }

    deinit { close(socket) }

    func send(method: String, target: String, host: String, headers: [(String, String)], body: [UInt8]?) throws {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body, !headers.contains(where: { ["content-length", "transfer-encoding"].contains($0.0.lowercased()) }) {
            head += "Content-Length: \(body.count)\r\n"
        }
        head += "\r\n"
        try write(Array(head.utf8) + (body ?? []))
    }

    func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            // The server may answer (413) and close before reading a large body: that is its right.
            if written <= 0 { return }
            offset += written
        }
    }

    func exchange(method: String, target: String, host: String, headers: [(String, String)], body: [UInt8]?) throws
        -> HTTPReply
    {
        try send(method: method, target: target, host: host, headers: headers, body: body)
        var reply = try readHead()
        if reply.header("Transfer-Encoding")?.lowercased() == "chunked" {
            while let chunk = try readChunk() { reply.body += chunk }
        } else if let length = reply.header("Content-Length").flatMap({ Int($0) }) {
            reply.body = try read(length)
        } else {
            while let more = try fill() { _ = more }
            reply.body = Array(buffer[position...])
            position = buffer.count
        }
        return reply
    }

    /// Sends a request and calls `event` with each server-sent event's data until it returns
    /// false or the stream ends.
    func stream(target: String, host: String, headers: [(String, String)], event: (String) -> Bool) throws -> HTTPReply
    {
        try send(method: "GET", target: target, host: host, headers: headers, body: nil)
        let reply = try readHead()
        guard reply.status == 200 else { return reply }
        var pending = ""
        while let chunk = try readChunk() {
            pending += String(decoding: chunk, as: UTF8.self)
            while let end = pending.range(of: "\n\n") {
                let block = pending[..<end.lowerBound]
                pending = String(pending[end.upperBound...])
                let data = block.split(separator: "\n").filter { $0.hasPrefix("data: ") }.map { $0.dropFirst(6) }
                    .joined(separator: "\n")
                if !data.isEmpty, !event(data) { return reply }
            }
        }
        return reply
    }

    private func readHead() throws -> HTTPReply {
        let statusLine = try readLine()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else {
            throw ClientError(description: "bad status line \(statusLine)")
        }
        var headers: [(String, String)] = []
        while true {
            let line = try readLine()
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append(
                (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return HTTPReply(status: status, headers: headers, body: [])
    }

    private func readChunk() throws -> [UInt8]? {
        let sizeLine = try readLine()
        guard let size = Int(sizeLine.split(separator: ";").first ?? "", radix: 16) else {
            throw ClientError(description: "bad chunk size \(sizeLine)")
        }
        if size == 0 {
            _ = try? readLine()
            return nil
        }
        let chunk = try read(size)
        _ = try readLine()
        return chunk
    }

    private func readLine() throws -> String {
        while true {
            if let end = buffer[position...].firstIndex(of: 0x0A) {
                var line = buffer[position..<end]
                if line.last == 0x0D { line = line.dropLast() }
                position = end + 1
                return String(decoding: line, as: UTF8.self)
            }
            guard try fill() != nil else { throw ClientError(description: "connection closed in the middle of a line") }
        }
    }

    private func read(_ count: Int) throws -> [UInt8] {
        while buffer.count - position < count {
            guard try fill() != nil else {
                throw ClientError(description: "connection closed after \(buffer.count - position) of \(count) bytes")
            }
        }
        let bytes = Array(buffer[position..<position + count])
        position += count
        return bytes
    }

    /// Reads more bytes; nil at the end of the stream.
    private func fill() throws -> Int? {
        if position > 1 << 16 {
            buffer.removeFirst(position)
            position = 0
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        if count < 0 { throw ClientError(description: "recv: errno \(errno)") }
        if count == 0 { return nil }
        buffer.append(contentsOf: chunk[..<count])
        return count
    }
}

/// Runs the `sourcing` CLI to completion: its status and stdout.
func runCLI(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = try #require(Paths.executable)
    process.arguments = arguments
    process.currentDirectoryURL = Paths.repository
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}

/// A plan or analysis JSON without its timing lines (`"seconds": …`), the only bytes that may differ.
func withoutTimings(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("\"seconds\":") }.joined(
        separator: "\n")
}
