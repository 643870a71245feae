import LinearSolver
import SourcingScenario

// Hooks for re-planning after a supply disruption (`sourcing stress`, SourcingAnalysis/Stress.swift):
// decisions taken before the disruption are fixed by column bounds on the built program, and the
// policy rules (domestic share, share caps, minimum sources and countries, resilience) become
// soft, so that a disrupted scenario always has a plan and its shortfall can be measured.
// Capacity, eligibility, onshoring, integrality and the budget stay hard: with every order after
// the disruption at zero they can always be met, because every decision before it is one the
// base plan took.

extension PlanningModel {
    /// Sets the bounds of one column of the built program (lower = upper fixes it), e.g. to hold
    /// an order placed before a disruption at the base plan's value.
    public mutating func setColumnBounds(_ column: ColumnID, lower: Double, upper: Double) {
        model.setColumnBounds(column, lower: lower, upper: upper)
    }

    /// Drops a warm line's sustaining floor in period t (a row bound freed): a line whose order
    /// in work in t was lost to a disruption cannot keep its floor there.
    public mutating func waiveSustainingFloor(ofSource s: Int, period t: Int) {
        let rows = sourceColumns[s].sustainRow
        guard rows.indices.contains(t), let row = rows[t] else { return }
        model.setRowBounds(row, lower: -.infinity, upper: .infinity)
    }

    /// A policy rule made soft: the slack column that measures how far the rule is missed.
    public struct SoftenedRule: Sendable {
        /// The slack column, in the rule's own unit (units of demand or of domestic content,
        /// number of sources or countries).
        public let column: ColumnID
        let row: RelaxableRow
        /// The rule family, as in a diagnosis (`domesticShareMin`, `resilience`, ...).
        public var rule: String { row.rule.rawValue }
        /// The period the row is written for; nil for rules over the horizon.
        public var period: Int? { row.period }
    }

    /// Makes every domestic-share, share-cap, minimum-source, minimum-country and resilience row
    /// soft: a slack column with cost `penalty` per unit of violation (discounted with the row's
    /// period; undiscounted for rules over the horizon). Resilience rows for periods in `waived`
    /// are dropped altogether (bounds freed): an N−1 rule cannot hold while the N−1 event is
    /// under way; the reserves it bought are the capacity the re-plan draws on. Demand rows are
    /// left alone (give items a backlog penalty instead) and so is the budget (always feasible
    /// in a re-plan whose earlier decisions are the base plan's).
    ///
    /// - Returns: the softened rules, to read their violations with `violations(of:values:)`.
    public mutating func softenPolicyRules(penalty: Double, waivingResilienceIn waived: Range<Int>) -> [SoftenedRule] {
        var softened: [SoftenedRule] = []
        for relaxable in relaxableRows {
            switch relaxable.rule {
            case .demand, .budget:
                continue
            case .resilience where relaxable.period.map(waived.contains) ?? false:
                model.setRowBounds(relaxable.row, lower: -.infinity, upper: .infinity)
                continue
            default:
                let weight = relaxable.period.map { discount[$0] } ?? 1
                let column = model.addColumn(lower: 0, upper: .infinity, objective: weight * penalty)
                model.addEntry(row: relaxable.row, column: column, value: relaxable.sign)
                softened.append(SoftenedRule(column: column, row: relaxable))
            }
        }
        return softened
    }

    /// The softened rules a solution misses, with by how much and a planner's message, in the
    /// order the rules were built (scenario order).
    public func violations(of rules: [SoftenedRule], values: [Double]) -> [Diagnosis] {
        rules.compactMap { rule in
            guard rule.column.index < values.count else { return nil }
            let amount = clean(values[rule.column.index])
            return amount > zeroTolerance ? describe(rule.row, shortfall: amount) : nil
        }
    }
}
