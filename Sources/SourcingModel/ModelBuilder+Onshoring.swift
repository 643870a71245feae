import LinearSolver
import SourcingScenario

// Phased onshoring (format: ../shared/design/scenario-format.md, "Phased onshoring"): the monotone
// may-work binaries w[t] of an onshoring line with their transfer and facility conditions, the
// line's capacity counted along its ramp-up from the first period it may work, and the
// sustaining floor of a warm line. addCapacity (ModelBuilder.swift) calls them in this order.

extension ModelBuilder {
    /// The monotone may-work binaries w[t] of an onshoring line, limited by the transfer
    /// (w[t] ≤ z[t−1], z[t] = 1 only once N transfer units are delivered through t) and by the
    /// facility (w[t] ≤ Σ_{τ ≤ t − buildTime} v[τ], Σ v ≤ 1).
    mutating func addMayWork(of s: Int, _ onshoring: Onshoring) -> [ColumnID] {
        let source = scenario.sources[s]
        var w: [ColumnID] = []
        for t in 0..<T {
            w.append(model.addColumn(upper: 1, kind: .binary, name: name("mayWork", source.id, label(t))))
        }
        for t in 0..<(T - 1) {
            let row = model.addRow(upper: 0, name: name("mayWorkStays", source.id, label(t)))
            model.addEntry(row: row, column: w[t], value: 1)
            model.addEntry(row: row, column: w[t + 1], value: -1)
        }
        if let transfer = onshoring.transfer {
            let fromSources = transfer.fromSources.compactMap { scenario.sourceIndex($0) }
            model.setColumnBounds(w[0], lower: 0, upper: 0)  // never in period 0
            var z = [ColumnID?](repeating: nil, count: T)
            for t in 0..<(T - 1) {
                let done = model.addColumn(upper: 1, kind: .binary, name: name("transferDone", source.id, label(t)))
                z[t] = done
                // Σ_{s' ∈ from} Σ_{τ ≤ t} deliveries[s', τ] − N·z[t] ≥ 0
                let row = model.addRow(lower: 0, name: name("transfer", source.id, label(t)))
                for from in fromSources where eligible[from] {
                    for τ in 0...t {
                        if let x = orderColumn(from, deliveringIn: τ) { model.addEntry(row: row, column: x, value: 1) }
                    }
                }
                model.addEntry(row: row, column: done, value: -Double(transfer.units))
                let link = model.addRow(upper: 0, name: name("afterTransfer", source.id, label(t + 1)))
                model.addEntry(row: link, column: w[t + 1], value: 1)
                model.addEntry(row: link, column: done, value: -1)
            }
            sourceColumns[s].transferDone = z
        }
        if let facility = onshoring.facility {
            var v = [ColumnID?](repeating: nil, count: T)
            let lastUseful = T - 1 - facility.buildTime
            if facility.earliest <= lastUseful {
                let once = model.addRow(upper: 1, name: name("investOnce", source.id))
                for τ in facility.earliest...lastUseful {
                    let invest = model.addColumn(
                        upper: 1, objective: discount[τ] * facility.cost, kind: .binary,
                        name: name("invest", source.id, label(τ)))
                    v[τ] = invest
                    model.addEntry(row: once, column: invest, value: 1)
                }
            }
            for t in 0..<T {
                let ready = t - facility.buildTime
                if ready < facility.earliest {
                    model.setColumnBounds(w[t], lower: 0, upper: 0)
                    continue
                }
                let row = model.addRow(upper: 0, name: name("facilityReady", source.id, label(t)))
                model.addEntry(row: row, column: w[t], value: 1)
                for invest in v[facility.earliest...ready].compactMap({ $0 }) {
                    model.addEntry(row: row, column: invest, value: -1)
                }
            }
            sourceColumns[s].invest = v
        }
        sourceColumns[s].mayWork = w
        return w
    }

    /// Ramp-up (format: "Phased onshoring", `rampUp`: "its capacity then is min(k_j, K_{s,t})",
    /// counted from the first period in which the line may work): one capacity row per period
    /// with units in work, Σ units in work − Σ_τ w[τ]·(c(t, t−τ) − c(t, t−τ−1)) ≤ 0. At most one
    /// w[τ] − w[τ−1] is 1 (the first period the line may work), so the sum is the capacity in t
    /// counted from that start. The rows are indicator rows too: each limit is capped by the most
    /// the units in work can usefully be, Σ of the window's order bounds (ModelBuilder+Bounds.swift);
    /// the sum telescopes to the capped limit of the start period whatever the cap. A line
    /// without `rampUp` gets the same rows with its plain capacity K[t] as every step.
    mutating func addRampUpCapacity(of s: Int, mayWork: [ColumnID]) {
        let source = scenario.sources[s]
        let window = capacityWindow(of: s)
        let columns = capacityColumns(of: s)
        for t in 0..<T {
            let terms = inWork(columns, t, window: window)
            guard !terms.isEmpty else { continue }
            let useful = (max(0, t - window + 1)...t).reduce(0.0) { sum, τ in
                columns[τ] != nil ? sum + orderBound[s][τ] : sum
            }
            // Capacity of the line j periods into its life (ramp-up step j, capped by K[t]), capped as above.
            func capped(_ j: Int) -> Double { min(source.capacityInForce(period: t, linePeriod: j), useful) }
            let row = model.addRow(upper: 0, name: name("capacity", source.id, label(t)))
            for column in terms { model.addEntry(row: row, column: column, value: 1) }
            for τ in 0...t {
                let coefficient = capped(t - τ) - capped(t - τ - 1)
                if coefficient != 0 { model.addEntry(row: row, column: mayWork[τ], value: -coefficient) }
            }
            sourceColumns[s].capacityRow[t] = row
        }
    }

    /// The sustaining floor (format: "Phased onshoring", `sustainingRate`: "a warm line"): once
    /// the line may work, it starts (or keeps in work) at least min(rate, capacity) in every
    /// period in which it can still place an order. Written on orders, not reserves, with the
    /// same telescoping sum over w as the ramp-up rows.
    mutating func addSustainingFloor(of s: Int, rate: Double, mayWork: [ColumnID]) {
        let source = scenario.sources[s]
        let orders = sourceColumns[s].order
        let window = capacityWindow(of: s)
        func floor(_ t: Int, _ j: Int) -> Double {
            j < 0 ? 0 : min(rate, source.capacityInForce(period: t, linePeriod: j))
        }
        sourceColumns[s].sustainRow = Array(repeating: nil, count: T)
        for t in 0..<T where orders[t] != nil {
            let row = model.addRow(lower: 0, name: name("sustain", source.id, label(t)))
            sourceColumns[s].sustainRow[t] = row
            for column in inWork(orders, t, window: window) { model.addEntry(row: row, column: column, value: 1) }
            for τ in 0...t {
                let coefficient = floor(t, t - τ) - floor(t, t - τ - 1)
                if coefficient != 0 { model.addEntry(row: row, column: mayWork[τ], value: -coefficient) }
            }
        }
    }
}
