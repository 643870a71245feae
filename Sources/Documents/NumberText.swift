// The one number formatter for what a program reads back: plan and scenario JSON, YAML, cells,
// HTML data attributes. (Numbers for a planner to read, rounded to a few digits, are the
// output layer's business.)

/// Numbers as text that reads back to the same `Double`.
public enum NumberText {
    /// The shortest text that reads back to `value`: whole numbers below 1e15 in magnitude
    /// without a fraction (`12`, not `12.0`; `-0.0` as `0`), others in Swift's shortest
    /// round-trip form (`0.1`, `1e-05`, `1e+16`).
    ///
    /// - Precondition: `value` is finite.
    public static func shortest(_ value: Double) -> String {
        precondition(value.isFinite, "only finite numbers have a text that reads back")
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        return value.description
    }
}
