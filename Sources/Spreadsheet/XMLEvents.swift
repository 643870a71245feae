// Reading XML parts with Foundation's XMLParser (libxml2 underneath): a small event walker
// that hands each part's reader element starts, text and ends with namespace prefixes removed
// (writers differ: Excel writes `<sheetData>`, the Open XML SDK may write `<x:sheetData>`).

import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The events of one XML document, with local names (prefix removed).
protocol XMLEventHandler: AnyObject {
    func start(_ name: String, _ attributes: [String: String])
    func text(_ text: String)
    func end(_ name: String)
}

/// Parses `data`, feeding `handler`; a syntax error becomes a `SpreadsheetError` naming `part`.
func parseXML(_ data: Data, part: String, into handler: XMLEventHandler) throws(SpreadsheetError) {
    // Office Open XML parts never declare a DTD (ECMA-376 Part 2); one that does could make
    // entities expand a small part into gigabytes. Refuse it before the parser sees it.
    if data.range(of: Data("<!DOCTYPE".utf8)) != nil || data.range(of: Data("<!ENTITY".utf8)) != nil {
        throw SpreadsheetError(
            "the workbook's part \(part) declares a DTD, which spreadsheet files never do; save the workbook again from Excel or LibreOffice"
        )
    }
    // Foundation's parser traps on names that are not valid UTF-8; spreadsheet programs write
    // UTF-8 parts, so anything else is a damaged file.
    let valid = data.withUnsafeBytes { String(validating: $0.bindMemory(to: UInt8.self), as: UTF8.self) != nil }
    guard valid else {
        throw SpreadsheetError(
            "the workbook's part \(part) is not UTF-8 text (the file is damaged); save the workbook again from Excel or LibreOffice"
        )
    }
    let parser = XMLParser(data: data)
    parser.shouldProcessNamespaces = false
    parser.shouldResolveExternalEntities = false
    let delegate = EventDelegate(handler)
    parser.delegate = delegate
    if !parser.parse() {
        let line = parser.lineNumber
        let reason = delegate.failure ?? parser.parserError.map { "\($0.localizedDescription)" } ?? "unknown error"
        throw SpreadsheetError("the workbook's part \(part) is not valid XML (line \(line): \(reason))")
    }
}

/// The local part of a qualified name: `x:row` → `row`.
func localName(_ name: String) -> String {
    guard let colon = name.lastIndex(of: ":") else { return name }
    return String(name[name.index(after: colon)...])
}

/// An attribute by local name, whatever its prefix (`r:id` found as `id`): only for
/// attributes whose local name is unique on their element.
func attribute(_ attributes: [String: String], _ name: String) -> String? {
    if let value = attributes[name] { return value }
    return attributes.first { localName($0.key) == name && $0.key.contains(":") }?.value
}

private final class EventDelegate: NSObject, XMLParserDelegate {
    let handler: XMLEventHandler
    var failure: String?

    init(_ handler: XMLEventHandler) {
        self.handler = handler
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
        handler.start(localName(elementName), attributeDict)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        handler.text(string)
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
    ) {
        handler.end(localName(elementName))
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        if failure == nil { failure = (parseError as NSError).localizedDescription }
    }
}

// MARK: - OOXML strings

/// Decodes OOXML's escapes for characters XML cannot hold (`_x000D_` is a carriage return);
/// `_x005F_` escapes an underscore that would otherwise start an escape.
func decodeOOXMLEscapes(_ text: String) -> String {
    guard text.contains("_x") else { return text }
    var out = String.UnicodeScalarView()
    let scalars = Array(text.unicodeScalars)
    var i = 0
    while i < scalars.count {
        if scalars[i] == "_", i + 6 < scalars.count, scalars[i + 1] == "x", scalars[i + 6] == "_",
            let value = UInt32(String(String.UnicodeScalarView(scalars[(i + 2)..<(i + 6)])), radix: 16),
            let scalar = UnicodeScalar(value)
        {
            out.append(scalar)
            i += 7
        } else {
            out.append(scalars[i])
            i += 1
        }
    }
    return String(out)
}

/// Encodes what XML 1.0 cannot hold (control characters, and a carriage return, which XML
/// parsers turn into a line feed) as OOXML escapes, and protects text that looks like one.
func encodeOOXMLEscapes(_ text: String) -> String {
    var out = ""
    let scalars = Array(text.unicodeScalars)
    for (i, scalar) in scalars.enumerated() {
        let value = scalar.value
        if (value < 0x20 && value != 0x09 && value != 0x0A) || value == 0xFFFE || value == 0xFFFF {
            out += "_x" + hex4(value) + "_"
        } else if scalar == "_", i + 6 < scalars.count, scalars[i + 1] == "x", scalars[i + 6] == "_",
            scalars[(i + 2)..<(i + 6)].allSatisfy({ $0.properties.isASCIIHexDigit })
        {
            out += "_x005F_"
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}

private func hex4(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
