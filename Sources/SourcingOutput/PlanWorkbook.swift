import SourcingModel
import Spreadsheet

// The plan as an .xlsx workbook for planners: a `summary` sheet first (status, total cost,
// each item's totals, the cost breakdown, the diagnosis when infeasible), then the plan's
// tables (`Plan.tables`, the same as its CSV files) one per sheet, numbers as number cells and
// money columns' headers naming the currency. A library function, so that the CLI and the
// server write the same bytes.

extension Plan {
    /// The plan as the bytes of an .xlsx workbook; the plan's currency labels the money columns.
    public func workbook() throws(SpreadsheetError) -> [UInt8] {
        try outputWorkbook(summary: summaryRows(), tables: tables, currency: currency)
    }

    /// The summary sheet's rows: labels in column A, values beside them.
    func summaryRows() -> [[TableCell]] {
        var rows: [[TableCell]] = [
            ["scenario", .text(scenario.name)],
            ["sha256", .text(scenario.sha256)],
            ["status", .text(status.rawValue)],
            [.text(withCurrency("total cost", currency)), .optional(objective)],
            ["MIP gap", .optional(mipGap)],
            ["periods", .text(periods.joined(separator: ", "))],
        ]
        if let diagnosis, !diagnosis.isEmpty {
            rows.append([])
            rows.append(["diagnosis", "The rules cannot all be met. With the least total violation:"])
            for entry in diagnosis { rows.append([.text(entry.rule.rawValue), .text(entry.message)]) }
        }
        rows.append([])
        rows.append(["item", "name", "unit", "demand", "delivered", "domestic", "allied", "domestic share"])
        for item in items {
            let delivered = item.delivered.reduce(0, +)
            let domestic = item.domestic.reduce(0, +)
            rows.append([
                .text(item.id), .optional(item.name), .optional(item.unit), .number(item.demand.reduce(0, +)),
                .number(delivered), .number(domestic), .number(item.allied.reduce(0, +)),
                delivered > 1e-9 ? .number(domestic / delivered) : .empty,
            ])
        }
        rows.append([])
        rows.append(["cost (discounted)", .text(withCurrency("amount", currency))])
        // Without a plan: empty cells, not zeros that read as a free plan.
        for (kind, amount) in costs.entries { rows.append([.text(kind), status.hasPlan ? .number(amount) : .empty]) }
        rows.append(["total", status.hasPlan ? .number(costs.total) : .empty])
        return rows
    }
}
