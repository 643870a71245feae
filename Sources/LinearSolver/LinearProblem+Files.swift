// Model files: GLPK's writers and readers (CPLEX LP, fixed and free MPS, GLPK's own format),
// and ModelFile, a model written for other solvers and checked by reading it back.
import CGLPK
import CGLPKShim
import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension LinearProblem {
    private static func formatCode(_ format: ModelFileFormat) -> Int32 {
        switch format {
        case .lp: return CGLPK_FORMAT_LP
        case .mps: return CGLPK_FORMAT_MPS
        case .freemps: return CGLPK_FORMAT_FREEMPS
        case .glpk: return CGLPK_FORMAT_GLPK
        }
    }

    /// Writes the problem to a file as GLPK spells it. GLPK's messages go to the terminal
    /// hook, never stdout. GLPK rewrites names some formats cannot hold (the LP writer turns
    /// ' ' into '_' and '-' into '~', so distinct names can collide; its own format writes
    /// them raw, and a space breaks the file), MPS cannot record a maximisation, and fixed MPS
    /// replaces names longer than 8 characters by generated ones: for a file other solvers
    /// read, use ``ModelFile``, which avoids all of that and checks the result.
    /// The corresponding C functions are glp_write_lp (CPLEX LP), glp_write_mps
    /// (`GLP_MPS_DECK` for `.mps`, `GLP_MPS_FILE` for `.freemps`) and glp_write_prob.
    public func write(to path: String, format: ModelFileFormat) throws(SolverError) {
        try checkUsable()
        var result: Int32 = 0
        let outcome = path.withCString { cglpk_write(problem, Self.formatCode(format), $0, &result) }
        guard outcome != CGLPK_ABORTED else { throw .capturedAbort() }
        guard result == 0 else {
            let message = Self.fileMessage(GLPK.capturedText, fallback: "GLPK could not write the file")
            throw .fileError(path: path, message: message)
        }
    }

    /// Reads a problem from a file into a new ``LinearProblem`` on the calling thread.
    /// MPS files carry no objective direction: GLPK reads them as minimisation, so call
    /// ``setDirection(_:)`` after reading one written from a maximisation.
    /// The corresponding C functions are glp_read_lp, glp_read_mps and glp_read_prob.
    public static func read(from path: String, format: ModelFileFormat) throws(SolverError) -> LinearProblem {
        cglpk_prepare()
        var result: Int32 = 0
        var created: OpaquePointer?
        let outcome = path.withCString { cglpk_read(formatCode(format), $0, &created, &result) }
        guard outcome != CGLPK_ABORTED else { throw .capturedAbort() }
        guard result == 0, let created else {
            let message = fileMessage(GLPK.capturedText, fallback: "GLPK could not read the file")
            throw .fileError(path: path, message: message)
        }
        return LinearProblem(reading: created)
    }

    private static func fileMessage(_ text: String, fallback: String) -> String {
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return lines.isEmpty ? fallback : lines.joined(separator: "; ")
    }

    /// The objective constant (GLPK's column 0). The corresponding C function is glp_get_obj_coef.
    var objectiveConstant: Double { glp_get_obj_coef(problem, 0) }

    /// A row's matrix entries as (column, value), 0-based. The corresponding C function is glp_get_mat_row.
    func rowEntries(_ row: RowID) -> [(column: ColumnID, value: Double)] {
        let count = Int(glp_get_mat_row(problem, row.glpkIndex, nil, nil))
        guard count > 0 else { return [] }
        var indices = [Int32](repeating: 0, count: count + 1)
        var values = [Double](repeating: 0, count: count + 1)
        _ = glp_get_mat_row(problem, row.glpkIndex, &indices, &values)
        return (1...count).map { (ColumnID(Int(indices[$0]) - 1), values[$0]) }
    }
}

/// A model written in one of GLPK's file formats for any LP solver to read, and checked:
/// the text is read back into GLPK (glp_read_*) and must give the model again (sizes, bounds,
/// kinds, objective and every matrix entry, to the format's precision: 15 significant digits in
/// LP and GLPK's format, 12-character fields in MPS) before it is returned.
///
/// GLPK writes and reads the file inside a private folder made with `mkdtemp` (mode 0700,
/// an unguessable name under `$TMPDIR` or /tmp), removed afterwards; the caller gets the text.
///
/// Names are given to GLPK from an alphabet every format keeps (letters, digits and
/// `_ ( ) , .`): `[` and `]` become `(` and `)`, any other character `_`, a name that would
/// start with anything but a letter or `_` (or is an LP keyword) gets a leading `_`, and a
/// short digest keeps apart names that would otherwise be the same. The header comment lists
/// every row and column whose name in the file is not the model's with brackets as parentheses.
///
/// LP and MPS cannot hold a free row (one without bounds); such rows constrain nothing and are
/// left out (the header says how many). MPS cannot record a maximisation: a maximised model is
/// written as the minimisation of the negated objective, and the header says so.
public struct ModelFile: Sendable {
    /// A row or column whose name in the file differs from the model's.
    public struct Rename: Sendable, Equatable {
        public var isRow: Bool
        /// The model's name.
        public var model: String
        /// The name in the file.
        public var file: String
    }

    public let format: ModelFileFormat
    /// The file's text (ASCII), header comment first.
    public let text: String
    /// Every row and column whose file name differs from its model name, rows first, in model order.
    public let renames: [Rename]
    /// How many free rows were left out.
    public let omittedFreeRows: Int
    /// Whether the objective was negated (a maximisation written as MPS).
    public let negatedObjective: Bool

    /// Writes `model` in `format` and checks it. Throws ``SolverError/emptyModel`` for a model
    /// without columns, ``SolverError/fileError(path:message:)`` when the temporary folder
    /// cannot be made or written, and ``SolverError/exportMismatch(_:)`` when the file does not
    /// read back as the model.
    public init(_ model: LinearModel, format: ModelFileFormat) throws(SolverError) {
        if let first = model.validationErrors().first { throw first }
        guard model.columnCount > 0 else { throw .emptyModel }
        self.format = format
        let m = model.rowCount
        let n = model.columnCount
        let keepsFreeRows = format == .glpk
        let keptRows = (0..<m).filter {
            keepsFreeRows || model.rowLower[$0] > -.infinity || model.rowUpper[$0] < .infinity
        }
        omittedFreeRows = m - keptRows.count
        negatedObjective = model.direction == .maximize && (format == .mps || format == .freemps)
        let modelRowNames = keptRows.map { model.rowNames?[$0] ?? "r\($0)" }
        let modelColumnNames = (0..<n).map { model.columnNames?[$0] ?? "c\($0)" }
        // "obj" is the LP objective's label and R0000000 the MPS objective row's name.
        let rowNames = ModelFileNames.unique(modelRowNames, reserved: ["obj", "R0000000"])
        let columnNames = ModelFileNames.unique(modelColumnNames, reserved: [])

        let sign = negatedObjective ? -1.0 : 1.0
        var exported = LinearModel()
        exported.reserve(columns: n, rows: keptRows.count, nonzeros: model.nonzeroCount)
        exported.direction = negatedObjective ? .minimize : model.direction
        exported.objectiveConstant = sign * model.objectiveConstant
        for j in 0..<n {
            exported.addColumn(
                lower: model.columnLower[j], upper: model.columnUpper[j], objective: sign * model.objective[j],
                kind: model.columnKinds[j], name: columnNames[j])
        }
        // Each kept row's handle in the exported model; nil for a free row left out.
        var newRow = [RowID?](repeating: nil, count: m)
        for (k, i) in keptRows.enumerated() {
            newRow[i] = exported.addRow(lower: model.rowLower[i], upper: model.rowUpper[i], name: rowNames[k])
        }
        for k in model.entryValues.indices where model.entryValues[k] != 0 {
            guard let row = newRow[Int(model.entryRows[k])] else { continue }
            exported.addEntry(row: row, column: ColumnID(Int(model.entryColumns[k])), value: model.entryValues[k])
        }

        let folder = try PrivateFolder()
        defer { folder.remove() }
        let suffix = "." + format.rawValue
        let first = folder.path("written" + suffix)
        try LinearProblem(exported).write(to: first, format: format)
        let written = try folder.readText(first)
        // Fixed MPS replaces long names by generated ones: learn them from the file itself.
        var fileRowNames = rowNames
        var fileColumnNames = columnNames
        if format == .mps {
            let read = try LinearProblem.read(from: first, format: format)
            fileRowNames = ModelFile.boundedRows(of: read).compactMap { read.rowName($0) }
            fileColumnNames = read.columns.compactMap { read.columnName($0) }
            guard fileRowNames.count == rowNames.count, fileColumnNames.count == columnNames.count else {
                throw .exportMismatch(
                    "the \(format.rawValue) file has \(fileRowNames.count) rows and \(fileColumnNames.count) columns; the model \(rowNames.count) and \(columnNames.count)"
                )
            }
        }
        var renames: [Rename] = []
        for (name, file) in zip(modelRowNames, fileRowNames) where ModelFileNames.bracketsAsParentheses(name) != file {
            renames.append(Rename(isRow: true, model: name, file: file))
        }
        for (name, file) in zip(modelColumnNames, fileColumnNames)
        where ModelFileNames.bracketsAsParentheses(name) != file {
            renames.append(Rename(isRow: false, model: name, file: file))
        }
        self.renames = renames
        text =
            ModelFile.header(
                format: format, renames: renames, omittedFreeRows: omittedFreeRows,
                negated: negatedObjective) + written

        let checked = folder.path("checked" + suffix)
        try folder.writeText(text, to: checked)
        let read = try LinearProblem.read(from: checked, format: format)
        try ModelFile.compare(exported, read, format: format, rowNames: fileRowNames, columnNames: fileColumnNames)
    }

    /// The rows of a read-back problem that are not free.
    private static func boundedRows(of problem: LinearProblem) -> [RowID] {
        problem.rows.filter {
            let bounds = problem.rowBounds($0)
            return bounds.lower > -.infinity || bounds.upper < .infinity
        }
    }

    /// Checks that `read` is `expected`: the same columns (kind, bounds, objective), rows
    /// (bounds) and matrix entries, the objective constant and direction. Rows and columns are
    /// matched by name in LP files (GLPK's LP reader creates columns in order of appearance),
    /// by position otherwise.
    private static func compare(
        _ expected: LinearModel, _ read: LinearProblem, format: ModelFileFormat,
        rowNames: [String], columnNames: [String]
    ) throws(SolverError) {
        func mismatch(_ what: String) -> SolverError {
            .exportMismatch("the \(format.rawValue) file reads back with \(what)")
        }
        // GLPK writes LP and its own format with 15 significant digits, MPS in 12-character
        // fields (6 significant digits at worst, as in -1.23456e-05).
        let tolerance = format == .mps || format == .freemps ? 1e-5 : 1e-12
        func same(_ a: Double, _ b: Double) -> Bool {
            a == b || abs(a - b) <= tolerance * max(abs(a), abs(b))
        }
        let rows = format == .glpk ? read.rows : boundedRows(of: read)
        guard rows.count == expected.rowCount, read.columnCount == expected.columnCount else {
            throw mismatch(
                "\(rows.count) rows and \(read.columnCount) columns instead of \(expected.rowCount) and \(expected.columnCount)"
            )
        }
        var columnAt = expected.columns
        var rowAt = rows
        if format == .lp {
            var byName: [String: ColumnID] = [:]
            for j in read.columns { if let name = read.columnName(j) { byName[name] = j } }
            for (j, name) in columnNames.enumerated() {
                guard let found = byName[name] else { throw mismatch("no column \(name)") }
                columnAt[j] = found
            }
            var rowByName: [String: RowID] = [:]
            for i in rows { if let name = read.rowName(i) { rowByName[name] = i } }
            for (i, name) in rowNames.enumerated() {
                guard let found = rowByName[name] else { throw mismatch("no row \(name)") }
                rowAt[i] = found
            }
        }
        guard read.direction == expected.direction else { throw mismatch("the objective's direction changed") }
        guard same(read.objectiveConstant, expected.objectiveConstant) else {
            throw mismatch("objective constant \(read.objectiveConstant) instead of \(expected.objectiveConstant)")
        }
        for j in 0..<expected.columnCount {
            let a = columnAt[j]
            let bounds = read.columnBounds(a)
            guard (read.columnKind(a) == .continuous) == (expected.columnKinds[j] == .continuous) else {
                throw mismatch(
                    "column \(columnNames[j]) \(read.columnKind(a) == .continuous ? "continuous" : "integer")")
            }
            guard same(bounds.lower, expected.columnLower[j]), same(bounds.upper, expected.columnUpper[j]) else {
                throw mismatch(
                    "column \(columnNames[j]) bounds [\(bounds.lower), \(bounds.upper)] instead of [\(expected.columnLower[j]), \(expected.columnUpper[j])]"
                )
            }
            guard same(read.objectiveCoefficient(a), expected.objective[j]) else {
                throw mismatch(
                    "column \(columnNames[j]) objective coefficient \(read.objectiveCoefficient(a)) instead of \(expected.objective[j])"
                )
            }
        }
        var expectedRows = [[(column: ColumnID, value: Double)]](repeating: [], count: expected.rowCount)
        for k in expected.entryValues.indices {
            expectedRows[Int(expected.entryRows[k])].append(
                (columnAt[Int(expected.entryColumns[k])], expected.entryValues[k]))
        }
        for i in 0..<expected.rowCount {
            let r = rowAt[i]
            let bounds = read.rowBounds(r)
            guard same(bounds.lower, expected.rowLower[i]), same(bounds.upper, expected.rowUpper[i]) else {
                throw mismatch(
                    "row \(rowNames[i]) bounds [\(bounds.lower), \(bounds.upper)] instead of [\(expected.rowLower[i]), \(expected.rowUpper[i])]"
                )
            }
            let got = read.rowEntries(r).sorted { $0.column < $1.column }
            let want = expectedRows[i].sorted { $0.column < $1.column }
            guard got.count == want.count,
                zip(got, want).allSatisfy({ $0.column == $1.column && same($0.value, $1.value) })
            else {
                throw mismatch("row \(rowNames[i]) holding other coefficients")
            }
        }
    }

    /// The header comment: how names are spelled, the renames, what was left out or negated.
    static func header(format: ModelFileFormat, renames: [Rename], omittedFreeRows: Int, negated: Bool) -> String {
        var lines = [
            "Names hold only letters, digits and _ ( ) , . so that every format keeps them:",
            "[ and ] are written as ( and ), any other character as _, and a short digest",
            "keeps apart names that would otherwise be the same.",
        ]
        if format == .mps { lines.append("Fixed MPS names have at most 8 characters: GLPK numbered the longer ones.") }
        if format == .mps || format == .freemps {
            lines.append(
                "MPS numbers have at most 12 characters (6 or more significant digits): use lp or glpk for full precision."
            )
        }
        if !renames.isEmpty {
            lines.append("Rows and columns named otherwise than the model (name in this file, then the model's):")
            for rename in renames {
                lines.append(
                    "\(rename.isRow ? "row" : "column") \(rename.file) \(ModelFileNames.commentText(rename.model))")
            }
        }
        if omittedFreeRows > 0 {
            lines.append(
                "\(omittedFreeRows) free row\(omittedFreeRows == 1 ? "" : "s") of the model (no bounds: they constrain nothing) left out: \(format.rawValue) cannot hold them."
            )
        }
        if negated {
            lines.append("The model maximises, which MPS cannot say: this file minimises the negated objective.")
        }
        let comment: (String) -> String
        switch format {
        case .lp: comment = { "\\* \($0) *\\" }
        case .mps, .freemps: comment = { "* \($0)" }
        case .glpk: comment = { "c \($0)" }
        }
        return lines.map(comment).joined(separator: "\n") + "\n"
    }
}

/// Names for model files: spelled from an alphabet every format keeps, and unique.
enum ModelFileNames {
    /// Words the CPLEX LP reader takes as section keywords or infinity.
    static let keywords: Set<String> = [
        "minimize", "minimise", "minimum", "min", "maximize", "maximise", "maximum", "max",
        "subject", "such", "st", "s.t.", "st.", "bounds", "bound", "general", "generals", "gen",
        "integer", "integers", "binary", "binaries", "bin", "end", "free", "inf", "infinity",
    ]

    /// `name` in letters, digits and `_ ( ) , .`: `[ ]` as `( )`, anything else as `_`; a leading
    /// `_` when it would start with another character or be a keyword; at most 200 bytes.
    static func spelled(_ name: String) -> String {
        var out = ""
        for scalar in name.unicodeScalars {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "_", "(", ")", ",", ".": out.unicodeScalars.append(scalar)
            case "[": out += "("
            case "]": out += ")"
            default: out += "_"
            }
        }
        if let first = out.unicodeScalars.first,
            first == "_" || ("a"..."z").contains(first) || ("A"..."Z").contains(first)
        {
            if keywords.contains(out.lowercased()) { out = "_" + out }
        } else {
            out = "_" + out
        }
        return out.count > 200 ? String(out.prefix(200)) : out
    }

    /// The spelled names, unique: a name whose only change is brackets as parentheses keeps its
    /// spelling first (in order); any other
    /// that would repeat a name (or one of `reserved`) gets `_` and a digest of its own name.
    static func unique(_ names: [String], reserved: Set<String>) -> [String] {
        let spellings = names.map(spelled)
        var used = reserved
        var result = [String?](repeating: nil, count: names.count)
        for (k, spelling) in spellings.enumerated()
        where spelling == bracketsAsParentheses(names[k]) && !used.contains(spelling) {
            used.insert(spelling)
            result[k] = spelling
        }
        for (k, spelling) in spellings.enumerated() where result[k] == nil {
            var candidate = spelling
            var salt = 0
            while used.contains(candidate) {
                candidate = spelling + "_" + digest(salt == 0 ? names[k] : "\(names[k])#\(salt)")
                salt += 1
            }
            used.insert(candidate)
            result[k] = candidate
        }
        return result.map { $0 ?? "" }
    }

    /// Eight hex digits of FNV-1a (32 bits) of the UTF-8 bytes.
    static func digest(_ text: String) -> String {
        var hash: UInt32 = 0x811C_9DC5
        for byte in text.utf8 { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    static func bracketsAsParentheses(_ name: String) -> String {
        String(name.map { $0 == "[" ? "(" : $0 == "]" ? ")" : $0 })
    }

    /// A model name for a comment line: in double quotes, printable ASCII only (`\`, `"` and
    /// `*` escaped, so no comment can end early), anything else as `\u{hex}`, shortened past
    /// 120 characters.
    static func commentText(_ name: String) -> String {
        var out = "\""
        for (k, scalar) in name.unicodeScalars.enumerated() {
            if k == 120 {
                out += "..."
                break
            }
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case " "..."~" where scalar != "*": out.unicodeScalars.append(scalar)
            default: out += "\\u{\(String(scalar.value, radix: 16))}"
            }
        }
        return out + "\""
    }
}

/// A folder only this process can use (mkdtemp: mode 0700, an unguessable name), for the files
/// GLPK reads and writes by path.
private struct PrivateFolder {
    let path: String

    init() throws(SolverError) {
        var base = ProcessInfo.processInfo.environment["TMPDIR"] ?? ""
        if base.isEmpty { base = "/tmp" }
        var template = Array((base + "/sourcing-model-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw .fileError(
                path: base, message: "cannot make a private temporary folder: \(String(cString: strerror(errno)))")
        }
        path = String(cString: made)
    }

    func path(_ name: String) -> String { path + "/" + name }

    func readText(_ file: String) throws(SolverError) -> String {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw .fileError(path: file, message: "cannot read back the file GLPK wrote")
        }
        return String(decoding: data, as: UTF8.self)
    }

    func writeText(_ text: String, to file: String) throws(SolverError) {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: file), options: .withoutOverwriting)
        } catch {
            throw .fileError(path: file, message: "cannot write the file to check: \(error.localizedDescription)")
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
