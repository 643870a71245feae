import Foundation
import Sourcing

// stdout and stderr. Everything the tool prints goes through write(2) here, every return
// checked: Foundation's FileHandle.write(Data) traps on an error (a full disk, a closed
// stdout, a reader that has gone), and a trap is a signal and a backtrace, not a message.

/// Exit statuses of the tool, as documented in the README and `sourcing --help`.
enum ExitStatus {
    static let plan: Int32 = 0
    static let internalError: Int32 = 1
    static let badInput: Int32 = 2
    static let infeasible: Int32 = 3
    static let timeLimit: Int32 = 4
    /// The output could not be written (disk full, stdout closed, an I/O error).
    static let outputFailed: Int32 = 5
    /// stdout's reader went away (`sourcing ... | head`): a quiet exit, as a process killed
    /// by SIGPIPE reports itself in the shell (128 + 13).
    static let brokenPipe: Int32 = 141

    /// The exit status for a plan: by its status, except that a scenario whose numbers span a
    /// range GLPK cannot solve (diagnosis rule `coefficientRange`) is bad input.
    static func of(_ plan: Plan) -> Int32 {
        if plan.status == .error, plan.diagnosis?.contains(where: { $0.rule == .coefficientRange }) == true {
            return badInput
        }
        return of(plan.status)
    }

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

/// An error the CLI reports on stderr (one line, unless empty), with its exit status.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    var status: Int32
    init(_ description: String, status: Int32 = ExitStatus.internalError) {
        self.description = description
        self.status = status
    }

    /// stdout's reader has gone: nothing to say, exit 141.
    static let brokenPipe = CLIError("", status: ExitStatus.brokenPipe)
}

/// Writes all of `bytes` to `fd` with write(2): retries after EINTR and partial writes, and
/// waits (poll) when the descriptor is non-blocking and full. Returns 0, or the errno.
func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
    guard var next = bytes.baseAddress else { return 0 }
    var left = bytes.count
    while left > 0 {
        let written = write(fd, next, left)
        if written < 0 {
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK {
                var wait = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&wait, 1, -1)
                continue
            }
            return code
        }
        if written == 0 { return EIO }
        next += written
        left -= written
    }
    return 0
}

/// Makes sure descriptors 0, 1 and 2 are open. One the parent closed (`>&-`) is opened on
/// /dev/null read-only: the files the tool opens later never take its number (a plan printed
/// into a scenario opened as fd 1), and writing to a closed stdout still fails with EBADF.
func reserveStandardDescriptors() {
    for fd in STDIN_FILENO...STDERR_FILENO where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
        // open returns the lowest free number: this one, as the lower ones are open.
        let opened = open("/dev/null", O_RDONLY)
        if opened >= 0, opened != fd { close(opened) }
    }
}

/// Makes a reader that goes away an error of write(2) (EPIPE) instead of a signal, whatever
/// the parent left SIGPIPE set to; `printOutput` then exits quietly with 141.
func ignoreBrokenPipeSignal() {
    signal(SIGPIPE, SIG_IGN)
}

/// Writes text to stdout exactly as given; a failed write is a `CLIError` (exit 5, or a quiet
/// 141 when the reader has gone).
func printOutput(_ text: String) throws(CLIError) {
    var text = text
    let code = text.withUTF8 { writeAll(STDOUT_FILENO, UnsafeRawBufferPointer($0)) }
    switch code {
    case 0: return
    case EPIPE: throw .brokenPipe
    default:
        throw CLIError("cannot write to standard output: \(plainReason(errno: code))", status: ExitStatus.outputFailed)
    }
}

/// Writes a line to stderr, with control characters other than line breaks and tabs shown as
/// escapes (a message may quote a name from a file). A failed write is ignored: there is
/// nowhere left to report it.
func printError(_ text: String) {
    var line = terminalSafe(text)
    if !line.hasSuffix("\n") { line += "\n" }
    _ = line.withUTF8 { writeAll(STDERR_FILENO, UnsafeRawBufferPointer($0)) }
}

/// Writes text to stderr as given (the progress bar's carriage returns), ignoring failures.
func printProgress(_ text: String) {
    var text = text
    _ = text.withUTF8 { writeAll(STDERR_FILENO, UnsafeRawBufferPointer($0)) }
}

/// Prints `text` on stdout, or writes it whole to `out`.
func emit(_ text: String, to out: OutputFile?) throws(CLIError) {
    if let out { try out.write(text) } else { try printOutput(text) }
}
