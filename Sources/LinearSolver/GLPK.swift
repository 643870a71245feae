// GLPK's process-wide facts and per-thread housekeeping, and what the C guard captured as an error
// (the other conversion every call needs, a handle as GLPK's 1-based Int32, is in Handles.swift).
import CGLPK
import CGLPKShim

/// Process-wide facts about GLPK and per-thread housekeeping.
public enum GLPK {
    /// GLPK's version, e.g. "5.0". The corresponding C function is glp_version.
    public static var version: String { String(cString: glp_version()) }

    /// Frees the calling thread's GLPK environment (glp_free_env), e.g. when a worker thread
    /// has finished a job. Call it only when no ``LinearProblem`` created on this thread is
    /// still in use: any that remain become unusable (they are not deleted twice).
    /// The corresponding C function is glp_free_env.
    public static func freeThreadEnvironment() {
        _ = cglpk_free_env()
    }

    /// Makes Ctrl-C (SIGINT) stop branch-and-bound instead of the process: a search running on
    /// any thread, and every search started later, ends at its next callback with the best
    /// integer solution found (`.feasible`, ``Solution/interrupted`` true) or without one
    /// (`.timeLimit`). A second Ctrl-C, or one while no search runs, ends the process as usual.
    /// For command-line tools; LP solves are not interrupted. The search ends through
    /// glp_ios_terminate in the branch-and-bound callback.
    public static func stopSearchesOnInterrupt() {
        cglpk_handle_interrupts()
    }

    /// Marks work around MIP searches (the relaxation, re-solves, the plan) during which Ctrl-C
    /// should stop the searches rather than end the process; pair with ``endInterruptibleWork()``.
    /// Nested calls and calls on several threads count up.
    public static func beginInterruptibleWork() { cglpk_search_begin() }

    /// Ends what ``beginInterruptibleWork()`` began.
    public static func endInterruptibleWork() { cglpk_search_end() }

    /// Whether Ctrl-C has stopped searches (see ``stopSearchesOnInterrupt()``): later steps
    /// should then do no more than they must.
    public static var interruptRequested: Bool { cglpk_interrupt_requested() != 0 }

    /// Installs a handler receiving GLPK's terminal output on the calling thread, or removes
    /// it with nil. Output never reaches stdout either way. The handler runs synchronously
    /// inside GLPK calls on this thread. The corresponding C function is glp_term_hook.
    public static func setThreadLogHandler(_ handler: (@Sendable (String) -> Void)?) {
        if let old = cglpk_log_sink_context() {
            Unmanaged<LogHandlerBox>.fromOpaque(old).release()
        }
        guard let handler else {
            cglpk_set_log_sink(nil, nil)
            return
        }
        let context = Unmanaged.passRetained(LogHandlerBox(handler)).toOpaque()
        cglpk_set_log_sink(
            { context, text in
                guard let context, let text else { return }
                Unmanaged<LogHandlerBox>.fromOpaque(context).takeUnretainedValue().handler(String(cString: text))
            }, context)
    }

    /// What GLPK printed during the last guarded call on this thread: after a fatal error, its
    /// message; after a file read or write, its report.
    static var capturedText: String { String(cString: cglpk_captured_text()) }
}

/// The log handler of one thread, kept alive through glp_term_hook's context pointer.
final class LogHandlerBox {
    let handler: @Sendable (String) -> Void
    init(_ handler: @escaping @Sendable (String) -> Void) { self.handler = handler }
}

extension SolverError {
    /// The error for a fatal GLPK error that the C guard has just caught (a guarded call
    /// returned `CGLPK_ABORTED`), with GLPK's message: ``memoryLimit(message:)`` when GLPK's
    /// allocator said "<routine>: memory allocation limit exceeded" (it has a limit only while a
    /// solve with ``SolveOptions/memoryLimitMegabytes`` runs), ``glpkAborted(message:)`` otherwise.
    static func capturedAbort() -> SolverError {
        let text = GLPK.capturedText
        let isMemoryLimit = text.contains("memory allocation limit exceeded")
        return isMemoryLimit ? .memoryLimit(message: text) : .glpkAborted(message: text)
    }
}
