import LinearSolver
import SourcingScenario

// The item rules on how deliveries are spread (format: ../shared/design/scenario-format.md,
// "Formulation": domestic share, share caps, minimum sources and countries): rows over the
// deliveries of an item's eligible sources, each relaxable by the infeasibility diagnosis.

extension ModelBuilder {
    /// Domestic share in units delivered: Σ (dc − min)·q ≥ 0 and Σ (max − dc)·q ≥ 0, per period
    /// from `from`, or summed over those periods.
    mutating func addDomesticShare(of i: Int) {
        let item = scenario.items[i]
        guard let rule = item.domesticShare, rule.from < T else { return }
        let groups: [[Int]] = rule.over == .period ? (rule.from..<T).map { [$0] } : [Array(rule.from..<T)]
        let sources = scenario.sources
        for periods in groups {
            let period = rule.over == .period ? periods[0] : nil
            let where_ = period.map { label($0) } ?? "horizon"
            if let low = rule.min {
                addShareRow(
                    i, periods, name: name("domesticShareMin", item.id, where_), rule: .domesticShareMin, period: period
                ) {
                    sources[$0].domesticContent - low
                }
            }
            if let high = rule.max {
                addShareRow(
                    i, periods, name: name("domesticShareMax", item.id, where_), rule: .domesticShareMax, period: period
                ) {
                    high - sources[$0].domesticContent
                }
            }
        }
    }

    /// A row Σ_{t ∈ periods} Σ_s coefficient(s)·q[s,t] ≥ 0 over the eligible sources of item i.
    mutating func addShareRow(
        _ i: Int, _ periods: [Int], name rowName: String?, rule: PlanningModel.RelaxableRow.Rule,
        source: Int? = nil, country: Int? = nil, period: Int?, coefficient: (Int) -> Double
    ) {
        var entries: [(ColumnID, Double)] = []
        for t in periods {
            for s in eligibleSourcesOfItem[i] {
                let value = coefficient(s)
                if value != 0, let x = orderColumn(s, deliveringIn: t) { entries.append((x, value)) }
            }
        }
        guard !entries.isEmpty else { return }
        let row = model.addRow(lower: 0, name: rowName)
        for (column, value) in entries { model.addEntry(row: row, column: column, value: value) }
        relaxable.append(
            .init(row: row, sign: 1, rule: rule, item: i, source: source, country: country, period: period))
    }

    /// Share caps on deliveries: α·Σ q − Σ q[s] ≥ 0 for each source, β likewise per foreign country.
    mutating func addShareCaps(of i: Int) {
        let item = scenario.items[i]
        let groups: [[Int]] = item.shareOver == .period ? (0..<T).map { [$0] } : [Array(0..<T)]
        let sourceCountry = self.sourceCountry
        if let alpha = item.maxSharePerSource, alpha < 1 {
            for s in eligibleSourcesOfItem[i] {
                for periods in groups {
                    let period = item.shareOver == .period ? periods[0] : nil
                    addShareRow(
                        i, periods,
                        name: name("maxSharePerSource", scenario.sources[s].id, period.map { label($0) } ?? "horizon"),
                        rule: .maxSharePerSource, source: s, period: period
                    ) { $0 == s ? alpha - 1 : alpha }
                }
            }
        }
        if let beta = item.maxSharePerAlly, beta < 1 {
            for c in countriesWithEligibleSources(of: i) where !scenario.countries[c].domestic {
                for periods in groups {
                    let period = item.shareOver == .period ? periods[0] : nil
                    addShareRow(
                        i, periods,
                        name: name(
                            "maxSharePerAlly", item.id, scenario.countries[c].id, period.map { label($0) } ?? "horizon"),
                        rule: .maxSharePerAlly, country: c, period: period
                    ) { sourceCountry[$0] == c ? beta - 1 : beta }
                }
            }
        }
    }

    func countriesWithEligibleSources(of i: Int) -> [Int] {
        let present = Set(eligibleSourcesOfItem[i].map { sourceCountry[$0] })
        return scenario.countries.indices.filter { present.contains($0) }
    }

    /// Minimum sources (and countries): binary u per candidate, Σ_t q ≥ minShare·D·u, Σ u ≥ count.
    mutating func addMinimumSourcesAndCountries(of i: Int) {
        let item = scenario.items[i]
        let totalDemand = item.demand.reduce(0, +)
        func addRule(
            _ rule: MinimumCount, kind: PlanningModel.RelaxableRow.Rule, candidates: [(id: String, sources: [Int])]
        ) {
            let countRow = model.addRow(lower: Double(rule.count), name: name(kind.rawValue, item.id))
            relaxable.append(.init(row: countRow, sign: 1, rule: kind, item: i))
            for candidate in candidates {
                let u = model.addColumn(
                    upper: 1, kind: .binary, name: name(kind.rawValue + "Counts", item.id, candidate.id))
                model.addEntry(row: countRow, column: u, value: 1)
                let row = model.addRow(lower: 0, name: name(kind.rawValue + "Delivers", item.id, candidate.id))
                for s in candidate.sources {
                    for t in 0..<T {
                        if let x = orderColumn(s, deliveringIn: t) { model.addEntry(row: row, column: x, value: 1) }
                    }
                }
                if totalDemand > 0 { model.addEntry(row: row, column: u, value: -rule.minShare * totalDemand) }
            }
        }
        if let rule = item.minSources {
            addRule(
                rule, kind: .minSources, candidates: eligibleSourcesOfItem[i].map { (scenario.sources[$0].id, [$0]) })
        }
        if let rule = item.minCountries {
            let candidates = countriesWithEligibleSources(of: i).map { c in
                (scenario.countries[c].id, eligibleSourcesOfItem[i].filter { sourceCountry[$0] == c })
            }
            addRule(rule, kind: .minCountries, candidates: candidates)
        }
    }
}
