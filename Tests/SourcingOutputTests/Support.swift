import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Elements of an XML document, in document order: (name, attributes, text inside).
final class ElementCollector: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text = ""
    }
    var elements: [Element] = []
    private var open: [Int] = []
    var error: Error?

    /// Parses `text`; nil when it is not well-formed XML.
    static func parse(_ text: String) -> ElementCollector? {
        let parser = XMLParser(data: Data(text.utf8))
        let collector = ElementCollector()
        parser.delegate = collector
        return parser.parse() ? collector : nil
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        elements.append(Element(name: name, attributes: attributes))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        for index in open { elements[index].text += string }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { error = parseError }

    func all(_ name: String, where predicate: (Element) -> Bool = { _ in true }) -> [Element] {
        elements.filter { $0.name == name && predicate($0) }
    }
}

/// Every `<svg …>…</svg>` in an HTML text (charts are not nested).
func svgFragments(_ html: String) -> [String] {
    var fragments: [String] = []
    var rest = html[...]
    while let start = rest.range(of: "<svg "),
        let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex)
    {
        fragments.append(String(rest[start.lowerBound..<end.upperBound]))
        rest = rest[end.upperBound...]
    }
    return fragments
}

/// A small RFC 4180 reader for the tests: rows of fields.
func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var index = text.startIndex
    while index < text.endIndex {
        let c = text[index]
        if quoted {
            if c == "\"" {
                let next = text.index(after: index)
                if next < text.endIndex, text[next] == "\"" {
                    field.append("\"")
                    index = next
                } else {
                    quoted = false
                }
            } else {
                field.append(c)
            }
        } else if c == "\"" {
            quoted = true
        } else if c == "," {
            row.append(field)
            field = ""
        } else if c == "\r\n" || c == "\n" {
            row.append(field)
            rows.append(row)
            row = []
            field = ""
        } else {
            field.append(c)
        }
        index = text.index(after: index)
    }
    if !field.isEmpty || !row.isEmpty {
        row.append(field)
        rows.append(row)
    }
    return rows
}
