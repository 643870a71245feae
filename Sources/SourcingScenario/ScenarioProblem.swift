// What goes wrong when reading a scenario file, and which kind of file it is.

/// One thing wrong with a scenario file: where it is and what to do about it.
///
/// `path` names the place in the document the way a planner would write it:
/// `sources[2].capacity[3]`, `items[0].domesticShare.min`, `countries`. Array indices are
/// 0-based, in the order written. A problem with the file as a whole (it cannot be read,
/// it is not valid YAML, it is too large) has the empty path.
public struct ScenarioProblem: Sendable, Equatable, CustomStringConvertible {
    /// Where the problem is; empty for the file as a whole.
    public var path: String
    /// A plain sentence saying what is wrong and, where it helps, what to do.
    public var message: String
    /// For a workbook or CSV folder, the sheet and cell (`sources!D7`) or row (`sources!7:7`)
    /// the problem is in; nil for JSON and YAML files and for the file as a whole.
    public var location: String?

    public init(path: String, message: String, location: String? = nil) {
        self.path = path
        self.message = message
        self.location = location
    }

    /// `path: message`, with `(file)` standing for the empty path; a workbook's problems start
    /// with their cell: `sources!D7: sources[rauma-yard].unitCost: message`.
    public var description: String {
        if let location { return "\(location): \(path.isEmpty ? "" : "\(path): ")\(message)" }
        return "\(path.isEmpty ? "(file)" : path): \(message)"
    }
}

/// Every problem found in a scenario file, in document order.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    public var problems: [ScenarioProblem]

    public init(problems: [ScenarioProblem]) {
        self.problems = problems
    }

    /// A single problem with the file as a whole.
    public init(fileProblem message: String) {
        self.problems = [ScenarioProblem(path: "", message: message)]
    }

    /// One problem per line.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}

/// The syntax a scenario file is written in.
public enum ScenarioFormat: Sendable, Equatable {
    case json, yaml

    /// The format for a file name extension (`json`, `yaml`, `yml`; with or without the dot,
    /// any case), or nil for anything else.
    public init?(pathExtension: String) {
        var ext = pathExtension.lowercased()
        if ext.hasPrefix(".") { ext.removeFirst() }
        switch ext {
        case "json": self = .json
        case "yaml", "yml": self = .yaml
        default: return nil
        }
    }
}
