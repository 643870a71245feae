import Foundation

/// Everything the solver layer can report as a recoverable failure.
///
/// Invalid input is caught in Swift before any GLPK call (``indexOutOfRange``,
/// ``duplicateEntry``, ``notFinite``, ``invalidBounds``, ``invalidName``,
/// ``basisSizeMismatch``, ``noOptimalBasis``). GLPK's own return codes arrive as
/// ``glpkFailure(code:routine:message:)``. ``glpkAborted(message:)`` means GLPK raised a
/// fatal error that the C guard caught: GLPK's environment on that thread was freed, so
/// every ``LinearProblem`` created on that thread before is unusable (``LinearProblem/isUsable``).
public enum SolverError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A row, column or entry index outside `0..<count`. `kind` names what was indexed.
    case indexOutOfRange(kind: String, index: Int, count: Int)
    /// The same (row, column) pair appears twice in a model's matrix entries.
    /// Duplicates are an error rather than summed, because a duplicate nearly always
    /// means a bug in the model builder.
    case duplicateEntry(row: Int, column: Int)
    /// A NaN or infinite number where only a finite number is allowed (coefficients),
    /// or a NaN bound. `what` names the place.
    case notFinite(what: String, value: Double)
    /// A lower bound above the upper bound, a lower bound of +infinity or an upper bound
    /// of -infinity.
    case invalidBounds(what: String, lower: Double, upper: Double)
    /// A name that is empty, longer than 255 bytes, or holds a control character.
    case invalidName(what: String, name: String)
    /// Sensitivity analysis asked for without an optimal LP basis from the last solve.
    case noOptimalBasis
    /// A ``Basis`` whose row or column count differs from the problem's.
    case basisSizeMismatch
    /// A GLPK routine returned a failure code (`GLP_EBADB`, `GLP_ESING`, ...).
    case glpkFailure(code: Int32, routine: String, message: String)
    /// GLPK raised a fatal error; the C guard caught it. `message` is GLPK's text.
    case glpkAborted(message: String)
    /// GLPK needed more memory than ``SolveOptions/memoryLimitMegabytes`` allows (its
    /// "memory allocation limit exceeded"). Like ``glpkAborted(message:)``, the guard freed the
    /// thread's GLPK environment. `message` is GLPK's text.
    case memoryLimit(message: String)
    /// A file could not be read or written.
    case fileError(path: String, message: String)
    /// A model without columns, which no file format can hold (``ModelFile``).
    case emptyModel
    /// A model file that GLPK does not read back as the model it was written from (``ModelFile``).
    case exportMismatch(String)
    /// No solution GLPK returned passed the check against the original model
    /// (``LinearModel/verify(columnValues:tolerance:)``), after every re-solve
    /// ``LinearProblem/solveVerified(_:model:options:firstAttempt:)`` tried. `detail` says what
    /// failed by how much in each attempt.
    case verificationFailed(detail: String)

    /// A plain sentence saying what went wrong and, where useful, what to do.
    public var description: String {
        switch self {
        case let .indexOutOfRange(kind, index, count):
            return "\(kind) index \(index) is out of range: there are \(count) \(kind)s (valid indices 0..<\(count))."
        case let .duplicateEntry(row, column):
            return "The matrix has two entries for row \(row), column \(column); combine them into one."
        case let .notFinite(what, value):
            return "\(what) is \(value), but it must be a finite number."
        case let .invalidBounds(what, lower, upper):
            return
                "\(what) has lower bound \(lower) and upper bound \(upper); the lower bound must not exceed the upper bound, and neither may be NaN or infinite on the wrong side."
        case let .invalidName(what, name):
            return
                "\(what) name \"\(name.debugDescription.dropFirst().dropLast())\" is invalid: names must be 1 to 255 bytes without control characters."
        case .noOptimalBasis:
            return
                "No optimal LP basis is available: solve the LP to optimality (and change nothing) before asking for sensitivity ranges."
        case .basisSizeMismatch:
            return
                "The basis does not match the problem: its row and column status counts must equal the problem's row and column counts."
        case let .glpkFailure(code, routine, message):
            return "GLPK's \(routine) failed with code \(code): \(message)."
        case let .glpkAborted(message), let .memoryLimit(message):
            let trimmed = message.trimmingCharacters(in: .whitespacesAndNewlines)
            return
                "GLPK stopped with a fatal error (\(trimmed.isEmpty ? "no message" : trimmed)); every problem created on this thread before it is now unusable."
        case let .fileError(path, message):
            return "File \(path): \(message)."
        case .emptyModel:
            return "The model is empty (no columns): there is nothing to write."
        case let .exportMismatch(detail):
            return "The model file is not the model: \(detail)."
        case let .verificationFailed(detail):
            return "No solution GLPK returned passes the check against the model: \(detail)."
        }
    }
}

extension SolverError {
    /// A plain message for a GLPK return code (`GLP_E*`).
    static func message(forCode code: Int32) -> String {
        switch code {
        case 0x01: return "invalid basis (GLP_EBADB)"
        case 0x02: return "singular basis matrix (GLP_ESING)"
        case 0x03: return "ill-conditioned basis matrix (GLP_ECOND)"
        case 0x04: return "invalid bounds: some variable has lower bound above upper bound (GLP_EBOUND)"
        case 0x05: return "the solver failed, numerical trouble (GLP_EFAIL)"
        case 0x06: return "objective lower limit reached (GLP_EOBJLL)"
        case 0x07: return "objective upper limit reached (GLP_EOBJUL)"
        case 0x08: return "iteration limit exceeded (GLP_EITLIM)"
        case 0x09: return "time limit exceeded (GLP_ETMLIM)"
        case 0x0A: return "no primal feasible solution (GLP_ENOPFS)"
        case 0x0B: return "no dual feasible solution (GLP_ENODFS)"
        case 0x0C: return "optimal LP relaxation not provided (GLP_EROOT)"
        case 0x0D: return "search terminated by the application (GLP_ESTOP)"
        case 0x0E: return "relative MIP gap tolerance reached (GLP_EMIPGAP)"
        case 0x0F: return "no primal or dual feasible solution (GLP_ENOFEAS)"
        case 0x10: return "no convergence (GLP_ENOCVG)"
        case 0x11: return "numerical instability (GLP_EINSTAB)"
        case 0x12: return "invalid data (GLP_EDATA)"
        case 0x13: return "result out of range (GLP_ERANGE)"
        default: return "unknown return code"
        }
    }
}
