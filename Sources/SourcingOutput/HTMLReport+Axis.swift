import Foundation
import SourcingModel

// Chart axes shared by the report's charts: a value grid with labels, and a "nice" axis top.

extension ReportPage {
    /// Horizontal grid lines with their values on the left, from 0 to `axisMax` every `step`.
    mutating func writeValueGrid(
        from left: Double, to right: Double, baseline: Double, scale: Double, axisMax: Double, step: Double,
        label: (Double) -> String
    ) {
        var tick = 0.0
        while tick <= axisMax + 1e-9 {
            let y = baseline - tick * scale
            line(
                "<line class=\"grid\" x1=\"\(coordinate(left))\" x2=\"\(coordinate(right))\" y1=\"\(coordinate(y))\" y2=\"\(coordinate(y))\"/>"
            )
            line(
                "<text class=\"axis\" x=\"\(coordinate(left - 6))\" y=\"\(coordinate(y + 3.5))\" text-anchor=\"end\">\(label(tick))</text>"
            )
            tick += step
        }
    }

    /// A round axis maximum ≥ peak and a step that divides it into 4–6 intervals.
    func niceAxis(_ peak: Double) -> (max: Double, step: Double) {
        guard peak > 0 else { return (1, 1) }
        let rough = peak / 5
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        let top = (peak / step).rounded(.up) * step
        return (top, step)
    }
}
