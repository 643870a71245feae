// Reading an input file's bytes safely: never blocking on an odd path, never reading more
// than a limit. Every file the tool reads (scenarios, plans, analysis documents) comes
// through here.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why an input file could not be read, as a plain sentence (no path: the caller adds it).
public struct InputFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Reads input files: regular files and pipes (a FIFO, a shell's `<(...)`), nothing else.
///
/// The file is opened with `O_NONBLOCK`, so opening a FIFO never waits for a writer, and
/// its kind is checked with `fstat` before a byte is read: a directory, a device (a
/// terminal, `/dev/zero`) or a socket is refused, and so is a regular file larger than the
/// limit. A pipe is read up to one byte past the limit, then refused. A FIFO that no process
/// is writing to is refused at once instead of waiting forever.
public enum InputFile {
    /// The bytes of the file at `path`, or why they cannot be had.
    public static func read(path: String, maxBytes: Int) throws(InputFileError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { throw InputFileError("cannot read the file: \(plainReason(errno: errno))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw InputFileError("cannot read the file: \(plainReason(errno: errno))") }
        let kind = info.st_mode & S_IFMT
        switch kind {
        case S_IFREG:
            if Int(info.st_size) > maxBytes {
                throw InputFileError(
                    "the file has \(info.st_size) bytes, more than the limit of \(describeSize(maxBytes))")
            }
        case S_IFIFO:
            break
        default:
            throw InputFileError("cannot read the file: it is \(describeKind(kind)), not a file or a pipe")
        }
        var bytes: [UInt8] = []
        if kind == S_IFREG { bytes.reserveCapacity(Int(info.st_size) + 1) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var blocking = kind == S_IFREG
        while true {
            let count = chunk.withUnsafeMutableBytes { readSome(fd, $0) }
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                if code == EAGAIN || code == EWOULDBLOCK, !blocking {
                    // A pipe with a writer that has not written yet: now wait for its data.
                    let flags = fcntl(fd, F_GETFL)
                    guard flags >= 0, fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == 0 else {
                        throw InputFileError("cannot read the pipe: \(plainReason(errno: errno))")
                    }
                    blocking = true
                    continue
                }
                throw InputFileError("cannot read the file: \(plainReason(errno: code))")
            }
            if count == 0 {
                if kind == S_IFIFO, bytes.isEmpty, !blocking {
                    throw InputFileError("nothing to read: no process is writing to the pipe")
                }
                break
            }
            bytes.append(contentsOf: chunk[..<count])
            if bytes.count > maxBytes {
                throw InputFileError("the file is larger than the limit of \(describeSize(maxBytes))")
            }
        }
        return bytes
    }

    /// "a directory", "a character device (such as a terminal or /dev/zero)", ...
    static func describeKind(_ kind: mode_t) -> String {
        switch kind {
        case S_IFDIR: "a directory"
        case S_IFCHR: "a character device (such as a terminal or /dev/zero)"
        case S_IFBLK: "a block device (a disk)"
        case S_IFSOCK: "a socket"
        case S_IFLNK: "a symbolic link"
        default: "a special file"
        }
    }
}

private func readSome(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer) -> Int {
    read(fd, buffer.baseAddress, buffer.count)
}

/// A system error in plain words, for messages about paths: "permission denied",
/// "no such file or directory", "no space left on device", ...
public func plainReason(errno code: Int32) -> String {
    switch code {
    case ENOENT: return "no such file or directory"
    case EACCES, EPERM: return "permission denied"
    case EROFS: return "the file system is read-only"
    case EISDIR: return "it is a directory"
    case ENOTDIR: return "a part of the path is not a folder"
    case ELOOP: return "too many levels of symbolic links"
    case ENAMETOOLONG: return "the name is too long"
    case ENOSPC: return "no space left on device"
    case EDQUOT: return "disk quota exceeded"
    case EFBIG: return "the file is too large for the file system"
    case EIO: return "input/output error"
    case EBADF: return "the file descriptor is closed"
    case EPIPE: return "broken pipe (the reader has gone)"
    case ENXIO: return "no process is reading it"
    case ETXTBSY: return "the file is busy"
    case EEXIST: return "the file exists"
    default:
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}

/// "256 MiB", "12 KiB", "1000 bytes".
func describeSize(_ bytes: Int) -> String {
    if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
    if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
    return "\(bytes) bytes"
}
