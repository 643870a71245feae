import Foundation
import Testing

/// Checks `text` byte for byte against the golden file `Tests/Golden/<name>`, and names the
/// first line that differs.
///
/// After an intended change to the output, regenerate the file with
/// `SOURCING_REGENERATE_GOLDEN=1 swift test --filter <the suite>`: the check then writes it and
/// records an issue, so a regeneration never passes for a check. Read `git diff Tests/Golden`
/// before committing it.
public func expectGolden(_ text: String, file name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = Repository.file("Tests/Golden/\(name)")
    if ProcessInfo.processInfo.environment["SOURCING_REGENERATE_GOLDEN"] == "1" {
        try text.write(to: url, atomically: true, encoding: .utf8)
        Issue.record(
            "wrote \(url.path); unset SOURCING_REGENERATE_GOLDEN and run again", sourceLocation: sourceLocation)
        return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    guard text != expected else { return }
    let a = text.split(separator: "\n", omittingEmptySubsequences: false)
    let b = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let place =
        zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }.map { k, lines in
            "line \(k + 1):\n got  \(lines.0.prefix(300))\n want \(lines.1.prefix(300))"
        } ?? "\(a.count) lines, expected \(b.count)"
    Issue.record("differs from \(url.path) at \(place)", sourceLocation: sourceLocation)
}
