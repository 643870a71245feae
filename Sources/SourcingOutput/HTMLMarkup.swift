import Foundation
import SourcingScenario

// Small helpers for writing HTML and SVG as well-formed XML text: escaping, fixed-precision
// coordinates (so the same plan gives the same bytes) and the colour-blind-safe palette.

/// Escapes text for HTML/XML content and attribute values: `& < > " '`, and control
/// characters (which XML 1.0 forbids or discourages) shown as escapes such as `\u{1b}`.
public func htmlEscaped(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in terminalSafe(text).unicodeScalars {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        // Noncharacters XML 1.0 forbids.
        case "\u{FFFE}", "\u{FFFF}": out += "\u{FFFD}"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out
}

/// A coordinate with two decimals, trailing zeros dropped ("12.5", "40").
func coordinate(_ value: Double) -> String {
    let hundredths = (value * 100).rounded()
    if hundredths == 0 { return "0" }
    var text = String(format: "%.2f", hundredths / 100)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
}

/// Okabe–Ito colours (distinguishable with the common colour-vision deficiencies), each paired
/// with a pattern so that charts also read in grey print.
enum Palette {
    /// The home country: solid blue.
    static let domestic = "#0072B2"
    /// Allies, in order of first appearance: (fill colour, pattern overlay path in a 6×6 tile).
    static let allies: [(colour: String, pattern: String?)] = [
        ("#E69F00", "M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2"),  // orange, diagonal hatch
        ("#56B4E9", "M1.5,1.5 h0.01 M4.5,4.5 h0.01"),  // sky blue, dots
        ("#009E73", "M0,3 h6 M3,0 v6"),  // bluish green, grid
        ("#D55E00", "M0,1.5 h6 M0,4.5 h6"),  // vermillion, horizontal lines
        ("#CC79A7", "M1.5,0 v6 M4.5,0 v6"),  // reddish purple, vertical lines
        ("#F0E442", "M-1,5 l2,2 M0,0 l6,6 M5,-1 l2,2"),  // yellow, reverse hatch
        ("#999999", nil),  // grey, solid
        ("#000000", nil),  // black, solid
    ]
    /// Sequential ramp (light to dark blue) for utilisation; readable without colour via the cell text.
    static let ramp = ["#F2F7FB", "#C6DBEF", "#9ECAE1", "#6BAED6", "#3182BD", "#08519C"]
    /// The hatched fill (pattern `fill-none`) of a cell or swatch with nothing to show: no
    /// capacity, no plan.
    static let hatched = "url(#fill-none)"

    /// A heat-map cell's fill for a step of `ramp` (`hatched` for nil), and whether the cell's text
    /// must be light on it (the two darkest steps).
    static func rampCell(_ step: Int?) -> (fill: String, dark: Bool) {
        guard let step else { return (hatched, false) }
        return (ramp[step], step >= 4)
    }
    static let facility = "#E69F00"
    static let production = "#0072B2"
    static let transfer = "#D55E00"
    static let ink = "#222222"
    static let grid = "#D0D0D0"
}
