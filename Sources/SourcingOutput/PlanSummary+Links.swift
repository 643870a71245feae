import SourcingModel

// The summary's lines for components and capacity pools: per item, the units its lines consume
// of other items and where those come from, and the units other lines draw of it; after the
// onshoring timeline, each pool's use per period. Nothing for plans without them.

extension Plan {
    /// Rows of an item's table: what other lines draw of it (`consumed`), and per component what
    /// its own lines draw and how much of that is allied content.
    func componentRows(_ item: ItemPlan) -> [(String, [String])] {
        var rows: [(String, [String])] = []
        if let consumed = item.consumed, consumed.contains(where: { $0 != 0 }) {
            rows.append(("drawn by lines", consumed.map(formatAmount)))
        }
        for component in item.components ?? [] where component.drawn.contains(where: { $0 != 0 }) {
            rows.append(("\(component.item) used", component.drawn.map(formatAmount)))
            if component.allied.contains(where: { $0 != 0 }) {
                rows.append(("  from allies", component.allied.map(formatAmount)))
            }
        }
        return rows
    }

    /// "depends on: pod 8 (FI 6, US 2; 75% allied)" per component its lines drew.
    func dependencyLines(_ item: ItemPlan) -> [String] {
        var parts: [String] = []
        for component in item.components ?? [] {
            let drawn = component.drawn.reduce(0, +)
            guard drawn > 0 else { continue }
            var origins = component.byCountry.compactMap { entry -> String? in
                let units = entry.values.reduce(0, +)
                return units > 0 ? "\(entry.id) \(formatAmount(units))" : nil
            }
            let stock = component.fromInitialInventory.reduce(0, +)
            if stock > 0 { origins.append("stock \(formatAmount(stock))") }
            let allied = component.allied.reduce(0, +)
            parts.append(
                "\(component.item) \(formatAmount(drawn)) (\(origins.joined(separator: ", ")); \(formatShare(allied / drawn)) allied)"
            )
        }
        return parts.isEmpty ? [] : ["  depends on: " + parts.joined(separator: ", ")]
    }

    /// "Capacity pools (share used)" with a row per pool, when the plan has pools.
    func poolLines() -> [String] {
        guard let capacityPools, !capacityPools.isEmpty else { return [] }
        let rows: [(String, [String])] =
            [("period", periods)]
            + capacityPools.map { pool in (pool.id, pool.utilization.map { $0.map(formatShare) ?? "–" }) }
        return ["", "Capacity pools (share of capacity used)"] + periodTable(rows)
    }
}
