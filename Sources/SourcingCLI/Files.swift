import ArgumentParser
import Foundation
import Sourcing

// Files the user names: outputs (`--out`, `-o`, `--csv DIR`) checked before any work and
// written whole or not at all, and inputs read without blocking (SourcingScenario.InputFile).
//
// An output path is resolved first:
// - a regular file, or nothing yet: written to a new temporary file in the same folder
//   (O_CREAT|O_EXCL|O_NOFOLLOW, an unguessable name; the target's mode, or 0644 under the
//   umask), flushed with fsync and renamed over the target, so a reader sees the old file or
//   the new one, never half of one;
// - a symbolic link: followed to its target, which is then written as above (the link stays);
// - anything else that exists (a device such as /dev/null, a FIFO, /dev/stdout): opened and
//   written directly, never renamed over;
// - a directory, a missing folder, a folder we cannot write to, one of the command's own input
//   files: refused before solving, exit 2, with the reason in plain words.
// A write that fails afterwards (disk full, an I/O error) exits 5 and leaves no temporary file.

/// An output file the user named, checked when created (before the command does its work)
/// and written once with ``write(_:)``.
final class OutputFile {
    /// The path as the user gave it, for messages.
    let path: String
    private let target: Target

    private enum Target {
        /// A regular file, or none yet: replaced through a temporary file in `folder`.
        case replace(folder: String, name: String, existing: stat?)
        /// A device, FIFO or descriptor path, opened when checked: written directly.
        case direct(fd: Int32)
    }

    /// Resolves and checks `path`: refused (exit 2, "cannot write PATH: reason") when it is a
    /// directory, its folder is missing or not writable, or it is one of `inputs`.
    init(_ path: String, inputs: [String] = []) throws(CLIError) {
        self.path = path
        func refuse(_ reason: String) -> CLIError {
            CLIError("cannot write \(path): \(reason)", status: ExitStatus.badInput)
        }
        switch try Self.resolve(path, refuse: refuse) {
        case .special(let resolved):
            let fd = open(resolved, O_WRONLY | O_APPEND | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
            guard fd >= 0 else {
                let code = errno
                throw refuse(
                    code == ENXIO
                        ? "it is a FIFO that no process is reading (start the reader first)" : plainReason(errno: code))
            }
            // Non-blocking only for the open (a FIFO without a reader fails at once); the
            // writes may wait for a slow reader.
            let flags = fcntl(fd, F_GETFL)
            var info = stat()
            if flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0 || fstat(fd, &info) != 0 {
                let code = errno
                close(fd)
                throw refuse(plainReason(errno: code))
            }
            if let input = Self.input(matching: info, in: inputs) {
                close(fd)
                throw refuse("it is the input file \(input); choose another output")
            }
            target = .direct(fd: fd)
        case .regular(let folder, let name, let existing):
            if let existing {
                if let input = Self.input(matching: existing, in: inputs) {
                    throw refuse("it is the input file \(input); choose another output")
                }
                if access(Self.join(folder, name), W_OK) != 0 { throw refuse(plainReason(errno: errno)) }
            }
            // The one sure test that the folder takes a new file: make one (and remove it).
            do {
                let (fd, temporary) = try Self.createTemporary(in: folder)
                close(fd)
                unlink(temporary)
            } catch {
                throw refuse(
                    error.code == EACCES || error.code == EPERM
                        ? "permission denied (cannot create files in \(folder))" : plainReason(errno: error.code))
            }
            target = .replace(folder: folder, name: name, existing: existing)
        }
    }

    deinit {
        if case .direct(let fd) = target { close(fd) }
    }

    /// Writes `text` whole: through a temporary file and a rename, or straight to the device
    /// or FIFO. A failure exits 5 ("cannot write PATH: no space left on device") and leaves
    /// nothing behind.
    func write(_ text: String) throws(CLIError) {
        try write(bytes: Array(text.utf8))
    }

    /// Writes `bytes` whole, as ``write(_:)`` writes text (a workbook's bytes, say).
    func write(bytes: [UInt8]) throws(CLIError) {
        func failure(_ code: Int32) -> CLIError {
            CLIError("cannot write \(path): \(plainReason(errno: code))", status: ExitStatus.outputFailed)
        }
        switch target {
        case .direct(let fd):
            let code = bytes.withUnsafeBytes { writeAll(fd, $0) }
            if code != 0 { throw failure(code) }
        case .replace(let folder, let name, let existing):
            let fd: Int32
            let temporary: String
            do {
                (fd, temporary) = try Self.createTemporary(in: folder)
            } catch {
                throw failure(error.code)
            }
            var code = bytes.withUnsafeBytes { writeAll(fd, $0) }
            if code == 0, let existing {
                // Keep the replaced file's permissions (and, as root, its owner).
                if fchmod(fd, existing.st_mode & 0o777) != 0 { code = errno }
                if geteuid() == 0 { _ = fchown(fd, existing.st_uid, existing.st_gid) }
            }
            if code == 0, fsync(fd) != 0 { code = errno }
            if close(fd) != 0, code == 0 { code = errno }
            if code == 0, rename(temporary, Self.join(folder, name)) != 0 { code = errno }
            if code != 0 {
                unlink(temporary)
                throw failure(code)
            }
            // Make the rename itself durable.
            let folderFD = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if folderFD >= 0 {
                _ = fsync(folderFD)
                close(folderFD)
            }
        }
    }

    // MARK: Resolving

    private enum Resolved {
        case regular(folder: String, name: String, existing: stat?)
        case special(String)
    }

    /// Follows symbolic links (up to 40, as the kernel does) to what will be written.
    private static func resolve(_ path: String, refuse: (String) -> CLIError) throws(CLIError) -> Resolved {
        guard !path.isEmpty else { throw refuse("the path is empty") }
        var current = path
        for _ in 0..<40 {
            let (folder, name) = split(current)
            if name.isEmpty || name == "." || name == ".." { throw refuse("it is a directory") }
            guard let real = realFolder(folder) else {
                let code = errno
                switch code {
                case ENOENT: throw refuse("the folder \(folder) does not exist")
                case ENOTDIR: throw refuse("\(folder) is not a folder")
                default: throw refuse(plainReason(errno: code))
                }
            }
            // /dev/stdout, /dev/fd/N, /proc/self/fd/N: the descriptor's file, written directly.
            if isDescriptorFolder(real) { return .special(join(real, name)) }
            let candidate = join(real, name)
            var info = stat()
            guard lstat(candidate, &info) == 0 else {
                let code = errno
                if code == ENOENT { return .regular(folder: real, name: name, existing: nil) }
                throw refuse(plainReason(errno: code))
            }
            switch info.st_mode & S_IFMT {
            case S_IFLNK:
                guard let link = readLink(candidate) else { throw refuse(plainReason(errno: errno)) }
                current = link.hasPrefix("/") ? link : join(real, link)
            case S_IFREG:
                return .regular(folder: real, name: name, existing: info)
            case S_IFDIR:
                throw refuse("it is a directory")
            default:
                return .special(candidate)
            }
        }
        throw refuse(plainReason(errno: ELOOP))
    }

    /// The folder part and the last component: "a/b.json" → ("a", "b.json"), "b.json" → (".", "b.json").
    private static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }

    private static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// The folder's canonical path (realpath), or nil with errno set; ENOTDIR when it is a file.
    private static func realFolder(_ folder: String) -> String? {
        guard let resolved = realpath(folder, nil) else { return nil }
        defer { free(resolved) }
        var info = stat()
        guard stat(resolved, &info) == 0 else { return nil }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            errno = ENOTDIR
            return nil
        }
        return String(cString: resolved)
    }

    /// Whether `folder` is a process's descriptor folder (/proc/PID/fd, /proc/PID/task/TID/fd),
    /// whose entries are links to open descriptors (a pipe, a terminal), not to paths.
    private static func isDescriptorFolder(_ folder: String) -> Bool {
        let parts = folder.split(separator: "/")
        return parts.first == "proc" && parts.last == "fd"
            && (parts.count == 3 || (parts.count == 5 && parts[2] == "task"))
    }

    private static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The first of `inputs` that is the same file (device and inode) as `info`.
    private static func input(matching info: stat, in inputs: [String]) -> String? {
        inputs.first { input in
            var other = stat()
            return stat(input, &other) == 0 && other.st_dev == info.st_dev && other.st_ino == info.st_ino
        }
    }

    /// A new file `.sourcing-<random>.tmp` in `folder`, created exclusively without following
    /// links (no file planted at a guessed name can be written through), mode 0644 under the umask.
    private static func createTemporary(in folder: String) throws(SystemError) -> (fd: Int32, path: String) {
        for _ in 0..<100 {
            let name = ".sourcing-" + String(UInt64.random(in: 0...UInt64.max), radix: 16) + ".tmp"
            let path = join(folder, name)
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if fd >= 0 { return (fd, path) }
            if errno != EEXIST { throw SystemError(code: errno) }
        }
        throw SystemError(code: EEXIST)
    }
}

/// An errno from a failed system call.
struct SystemError: Error {
    let code: Int32
}

/// `--csv DIR`: the folder (created if missing) checked before solving; each table then
/// written whole as an ``OutputFile``.
struct CSVFolder {
    let path: String
    let inputs: [String]

    init(_ path: String, inputs: [String]) throws(CLIError) {
        self.path = path
        self.inputs = inputs
        func refuse(_ reason: String) -> CLIError {
            CLIError("cannot write CSV tables into \(path): \(reason)", status: ExitStatus.badInput)
        }
        var info = stat()
        if stat(path, &info) == 0 {
            if info.st_mode & S_IFMT != S_IFDIR { throw refuse("it is not a folder") }
        } else if errno == ENOENT {
            if let reason = Self.makeFolders(path) { throw refuse(reason) }
        } else {
            throw refuse(plainReason(errno: errno))
        }
        // A table name that cannot be written (a folder named costs.csv, say) is refused now too.
        _ = try OutputFile(URL(fileURLWithPath: path).appendingPathComponent("item-periods.csv").path, inputs: inputs)
    }

    /// Writes each table to its file in the folder.
    func write(_ tables: [CSVTable]) throws(CLIError) {
        try write(files: tables.map { ($0.name, $0.text) })
    }

    /// Writes each named text to its file in the folder (a scenario's CSV files, say).
    func write(files: [(name: String, text: String)]) throws(CLIError) {
        for file in files {
            let target = path.hasSuffix("/") ? path + file.name : path + "/" + file.name
            try OutputFile(target, inputs: inputs).write(file.text)
        }
    }

    /// `mkdir -p`: nil, or why a folder on the way could not be made.
    private static func makeFolders(_ path: String) -> String? {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += part
            if mkdir(prefix, 0o755) != 0, errno != EEXIST { return plainReason(errno: errno) }
            prefix += "/"
        }
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR ? nil : "it is not a folder"
    }
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
            return LoadedScenario(
                scenario: scenario, identity: ScenarioIdentity(name: scenario.name, bytes: bytes), path: path,
                bytes: bytes)
        } catch {
            for problem in error.problems {
                printError(problem.path.isEmpty ? "\(path): \(problem.message)" : "\(path): \(problem)")
            }
            throw ExitCode(ExitStatus.badInput)
        }
    }
}

/// Reads an input file other than a scenario (a plan, an analysis document) as UTF-8 text;
/// anything wrong is bad input (exit 2), reported with the file's name.
func readInputText(_ path: String, maxBytes: Int = 256 << 20) throws(CLIError) -> String {
    let bytes: [UInt8]
    do {
        bytes = try InputFile.read(path: path, maxBytes: maxBytes)
    } catch {
        throw CLIError("\(path): \(error.message)", status: ExitStatus.badInput)
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
        throw CLIError("\(path): not UTF-8 text", status: ExitStatus.badInput)
    }
    return text
}
