// Reading a scenario file: size and encoding checks, JSON or YAML into a document tree, then
// one validating walk that yields a `Scenario` or every problem found.

import Documents

/// Reads scenario files (`.json`, `.yaml`, `.yml`, an `.xlsx` workbook or a folder of CSV
/// files in the workbook form) into a typed, validated `Scenario`.
///
/// Every problem is reported, each with its path and a plain sentence, in document order;
/// the loader never stops at the first one (except where the file cannot be parsed at all).
public struct ScenarioLoader: Sendable {
    /// Files larger than this are refused before they are read.
    public var maxBytes: Int = 256 * 1024 * 1024
    /// Documents nested deeper than this (arrays and objects) are refused before they are parsed.
    public var maxDepth: Int = 64

    public init(maxBytes: Int = 256 * 1024 * 1024, maxDepth: Int = 64) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
    }

    /// Reads and validates the scenario file at `path`; the format follows the extension.
    ///
    /// When the file gives no top-level `name`, the scenario is named after the file
    /// (its last path component without the extension).
    public func load(path: String) throws(ScenarioError) -> Scenario {
        try loadWithBytes(path: path).scenario
    }

    /// Like `load(path:)`, also returning the file's bytes (for the checksum a plan records).
    public func loadWithBytes(path: String) throws(ScenarioError) -> (scenario: Scenario, bytes: [UInt8]) {
        // A workbook (.xlsx) or a folder of CSV files: ScenarioLoader+Spreadsheets.swift.
        if let loaded = try loadSpreadsheet(path: path) { return loaded }
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        let dot = fileName.lastIndex(of: ".")
        let pathExtension = dot.map { String(fileName[fileName.index(after: $0)...]) } ?? ""
        guard let format = ScenarioFormat(pathExtension: pathExtension) else {
            throw ScenarioError(
                fileProblem: pathExtension.isEmpty
                    ? "the file name has no extension; use .json, .yaml, .yml or .xlsx, or a folder of CSV files"
                    : "unknown file type \".\(pathExtension)\"; use .json, .yaml, .yml or .xlsx, or a folder of CSV files"
            )
        }
        let bytes = try readBytes(atPath: path)
        return (try decode(bytes, format: format, defaultName: dot.map { String(fileName[..<$0]) } ?? fileName), bytes)
    }

    /// Validates a scenario from the bytes of a file in `format`. Without a top-level `name`,
    /// the scenario is named `defaultName` (`load(path:)` passes the file's name without its
    /// extension).
    public func decode(_ bytes: [UInt8], format: ScenarioFormat, defaultName: String = "") throws(ScenarioError)
        -> Scenario
    {
        let root = try parse(bytes, format: format)
        let validator = ScenarioValidator(root: root)
        guard let scenario = validator.validate(defaultName: defaultName) else {
            throw ScenarioError(problems: validator.problems)
        }
        return scenario
    }

    /// The document tree, or the one problem that stopped parsing.
    func parse(_ bytes: [UInt8], format: ScenarioFormat) throws(ScenarioError) -> DocumentNode {
        if bytes.count > maxBytes {
            throw ScenarioError(
                fileProblem: "the file has \(bytes.count) bytes, more than the limit of \(describeSize(maxBytes))")
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if body.starts(with: [0xFE, 0xFF]) || body.starts(with: [0xFF, 0xFE]) {
            throw ScenarioError(fileProblem: "the file is UTF-16; save it as UTF-8")
        }
        guard let text = String(validating: body, as: UTF8.self) else {
            throw ScenarioError(
                fileProblem:
                    "the file is not valid UTF-8 (at byte \(firstInvalidUTF8Offset(body) + (bytes.count - body.count))); save it as UTF-8"
            )
        }
        switch format {
        case .json:
            do {
                return try DocumentNode(parsingJSON: Array(body), maxDepth: maxDepth, duplicateKeys: .keep)
            } catch {
                throw ScenarioError(fileProblem: Self.describe(error))
            }
        case .yaml:
            do {
                return try YAMLDocumentReader.read(Array(body), text: text, maxDepth: maxDepth)
            } catch {
                throw ScenarioError(fileProblem: error.message)
            }
        }
    }

    /// A JSON reading failure as one sentence about the file.
    private static func describe(_ error: JSONParseError) -> String {
        switch error.kind {
        case .empty: "the file is empty; expected a JSON object"
        case .tooDeep:
            "invalid JSON at line \(error.line), column \(error.column): \(error.message); a scenario needs only a few levels"
        case .syntax: "invalid JSON at line \(error.line), column \(error.column): \(error.message)"
        }
    }

    /// The bytes of the file at `path`, refused with a problem (path "") when it cannot be
    /// read, is not a regular file or a pipe, or is larger than `maxBytes` (see ``InputFile``).
    /// For callers that need the bytes themselves, such as a checksum, before `decode`.
    public func readBytes(atPath path: String) throws(ScenarioError) -> [UInt8] {
        do {
            return try InputFile.read(path: path, maxBytes: maxBytes)
        } catch {
            throw ScenarioError(fileProblem: error.message)
        }
    }
}

private func firstInvalidUTF8Offset(_ bytes: ArraySlice<UInt8>) -> Int {
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    var offset = 0
    while true {
        switch decoder.decode(&iterator) {
        case .scalarValue(let scalar): offset += UTF8.width(scalar)
        case .emptyInput, .error: return offset
        }
    }
}
