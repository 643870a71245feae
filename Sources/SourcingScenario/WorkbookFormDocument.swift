// Where each value of a workbook-form scenario came from, and how the validator's problems,
// which name paths, are given their sheet and cell (WorkbookFormReader builds both).

import Spreadsheet

/// Where one value of the workbook form came from.
struct WorkbookPlace {
    /// The sheet's position in the form (scenario first, then the tables), for ordering problems.
    var order: Int
    /// The sheet as a planner sees it: the workbook's sheet name, or `sources.csv`.
    var sheet: String
    var row: Int
    /// nil: the whole row.
    var column: Int?
    /// The path as shown to the planner.
    var display: String

    /// `sources!D7`, or `sources!7:7` for a whole row.
    var location: String {
        if let column { return "\(sheet)!\(CellReference(row: row, column: column))" }
        return "\(sheet)!\(row):\(row)"
    }
}

/// The document tree of a workbook-form scenario, where each value came from, and the
/// problems with the form itself.
struct WorkbookFormDocument {
    var root: DocumentNode
    var places: [String: WorkbookPlace]
    /// The form's own problems, each with the place it concerns (nil: the file as a whole).
    var problems: [(problem: ScenarioProblem, place: WorkbookPlace?)]
    /// Paths that the form's own problems already explain: the validator's problems at or
    /// under them are left out.
    var explained: [String]

    /// The place of `path`, or of its nearest enclosing path that has one; with the display path.
    func place(of path: String) -> (place: WorkbookPlace, display: String)? {
        var prefix = path
        while true {
            if let place = places[prefix] { return (place, place.display + path.dropFirst(prefix.count)) }
            guard let parent = parentPath(prefix) else {
                // A top-level field: the scenario sheet, where its row would be.
                return places[""].map { ($0, path) }
            }
            prefix = parent
        }
    }

    /// Every problem, the form's and the validator's, each with its cell, in sheet and cell order.
    func locate(_ validatorProblems: [ScenarioProblem]) -> [ScenarioProblem] {
        var all = problems
        for problem in validatorProblems where !explained.contains(where: { isWithin(problem.path, $0) }) {
            var located = problem
            let found = place(of: problem.path)
            if let (place, display) = found {
                located.path = display
                located.location = place.location
            }
            located.message = rewriteAlsoAt(problem.message)
            all.append((located, found?.place))
        }
        func key(_ place: WorkbookPlace?) -> [Int] {
            place.map { [$0.order, $0.row, $0.column ?? 0] } ?? [-1, 0, 0]
        }
        return all.enumerated().sorted { a, b in
            let ka = key(a.element.place)
            let kb = key(b.element.place)
            return ka != kb ? ka.lexicographicallyPrecedes(kb) : a.offset < b.offset
        }.map(\.element.problem)
    }

    /// "(also at items[0])" in a validator message names the cell instead.
    private func rewriteAlsoAt(_ message: String) -> String {
        guard let start = message.range(of: "(also at "), let end = message[start.upperBound...].firstIndex(of: ")")
        else { return message }
        let path = String(message[start.upperBound..<end])
        // An entry named by its id: the id's cell.
        guard let (place, _) = places[path + ".id"].map({ ($0, "") }) ?? place(of: path) else { return message }
        return message.replacingCharacters(in: start.upperBound..<end, with: place.location)
    }
}

/// `a.b[2]` → `a.b`, `a.b` → `a`, `a` → nil.
func parentPath(_ path: String) -> String? {
    if path.hasSuffix("]"), let open = path.lastIndex(of: "[") { return String(path[..<open]) }
    if let dot = path.lastIndex(of: ".") { return String(path[..<dot]) }
    return nil
}

/// Whether `path` is `prefix` or lies inside it.
func isWithin(_ path: String, _ prefix: String) -> Bool {
    guard path.hasPrefix(prefix) else { return false }
    let rest = path.dropFirst(prefix.count)
    return rest.isEmpty || rest.hasPrefix(".") || rest.hasPrefix("[")
}
