// Plan, sweep and analysis JSON use the Documents module's `JSONValue`: one ordered tree with
// one reader (`JSONValue(parsing:)`), one writer (`serialized(pretty:)`), one string escaper
// and one number formatter, shared with the scenario layer. It is re-exported here so that
// every module that reads or writes plans through SourcingOutput sees it; this file adds the
// output layer's conveniences.

@_exported import Documents

extension JSONValue {
    init(_ value: Double?) { self = value.map { .number($0) } ?? .null }
    init(_ value: String?) { self = value.map { .string($0) } ?? .null }
    init(_ values: [Double]) { self = .array(values.map { .number($0) }) }
    init(_ values: [Double?]) { self = .array(values.map { JSONValue($0) }) }

    /// A number as plan JSON writes it (shortest round-trip text, `null` when not finite), for
    /// the HTML report's data attributes and CSV cells, which read back the same way.
    static func format(_ value: Double) -> String { value.jsonText }
}
