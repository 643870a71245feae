// What `sourcing validate` prints, formatted here so that it can be tested without a terminal.

import Documents

/// A one-screen overview of a valid scenario: periods, countries, items with their total
/// demand, sources by country, and which sources are ineligible and why.
public struct ScenarioSummary: Sendable {
    public var scenario: Scenario
    /// Longer lists are cut to this many entries ("… and 7 more") to keep to one screen.
    public var listLimit: Int

    public init(scenario: Scenario, listLimit: Int = 12) {
        self.scenario = scenario
        self.listLimit = max(1, listLimit)
    }

    /// The summary, one line per fact, ending in a newline.
    public var text: String {
        var lines: [String] = []
        let s = scenario
        lines.append(
            "Scenario: \(s.name.isEmpty ? "(unnamed)" : printableLabel(s.name))"
                + (s.currency.map { " (money in \($0))" } ?? ""))
        lines.append("Periods: \(s.periodCount) (\(s.periods.first ?? "") to \(s.periods.last ?? ""))")
        let allies = s.countries.filter { !$0.domestic }.map(\.id)
        lines.append(
            "Countries: \(s.countries.count) (domestic \(s.domesticCountry?.id ?? "none")"
                + (allies.isEmpty ? ")" : "; allies \(cut(allies, ", ")))"))
        lines.append("Items: \(s.items.count)")
        let idWidth = s.items.prefix(listLimit).map(\.id.count).max() ?? 0
        for item in s.items.prefix(listLimit) {
            var line =
                "  \(item.id + String(repeating: " ", count: idWidth - item.id.count))  total demand \(format(item.demand.reduce(0, +)))"
            var notes: [String] = []
            if item.integerUnits { notes.append("whole units") }
            notes.append(
                item.backlogPenalty == nil
                    ? "hard demand" : item.unmetPenalty == nil ? "may be late" : "may be late or unmet")
            line += " (\(notes.joined(separator: ", ")))"
            lines.append(line)
        }
        if s.items.count > listLimit { lines.append("  ... and \(s.items.count - listLimit) more") }
        lines.append("Sources: \(s.sources.count)")
        for country in s.countries {
            let ids = s.sources.filter { $0.country == country.id }.map(\.id)
            guard !ids.isEmpty else { continue }
            lines.append("  \(country.id)\(country.domestic ? " (domestic)" : ""): \(cut(ids, ", "))")
        }
        lines += linkLines()
        let excluded = s.sources.indices.compactMap { index -> (Source, [ExclusionReason])? in
            let reasons = s.exclusionReasons(ofSource: index)
            return reasons.isEmpty ? nil : (s.sources[index], reasons)
        }
        if excluded.isEmpty {
            lines.append("Ineligible sources: none")
        } else {
            lines.append("Ineligible sources: \(excluded.count)")
            for (source, reasons) in excluded.prefix(listLimit) {
                lines.append(
                    "  \(source.id) (\(source.country)): \(reasons.map(\.explanation).joined(separator: "; "))")
            }
            if excluded.count > listLimit { lines.append("  ... and \(excluded.count - listLimit) more") }
        }
        let unserved = s.items.filter { item in
            item.demand.contains { $0 > 0 }
                && !s.sources.indices.contains { s.sources[$0].item == item.id && s.isEligible(source: $0) }
        }
        if !unserved.isEmpty {
            lines.append(
                "Items with demand but no eligible source (the plan will be infeasible): \(cut(unserved.map(\.id), ", "))"
            )
        }
        // Names may hold control characters (ids and period labels may not): none reaches a terminal.
        return terminalSafe(lines.joined(separator: "\n") + "\n")
    }

    /// Lines that consume components, and capacity pools (nothing when the scenario has neither).
    private func linkLines() -> [String] {
        var lines: [String] = []
        func each(_ perUnit: Double) -> String { perUnit == 1 ? "" : " ×\(format(perUnit))" }
        let consuming = scenario.sources.filter { !$0.consumes.isEmpty }
        if !consuming.isEmpty {
            lines.append("Lines consuming components: \(consuming.count)")
            for source in consuming.prefix(listLimit) {
                lines.append(
                    "  \(source.id) (\(source.item)): "
                        + source.consumes.map { "\($0.item)\(each($0.perUnit))" }.joined(separator: ", "))
            }
            if consuming.count > listLimit { lines.append("  ... and \(consuming.count - listLimit) more") }
        }
        if !scenario.capacityPools.isEmpty {
            lines.append("Capacity pools: \(scenario.capacityPools.count)")
            for pool in scenario.capacityPools.prefix(listLimit) {
                let members = pool.members.map { "\($0.source)\(each($0.perUnit))" }
                lines.append("  \(pool.id) (\(pool.capacityMode.rawValue)): \(cut(members, ", "))")
            }
            if scenario.capacityPools.count > listLimit {
                lines.append("  ... and \(scenario.capacityPools.count - listLimit) more")
            }
        }
        return lines
    }

    private func cut(_ names: [String], _ separator: String) -> String {
        guard names.count > listLimit else { return names.joined(separator: separator) }
        return names.prefix(listLimit).joined(separator: separator) + " and \(names.count - listLimit) more"
    }
}

/// The outcome of validating one file, for the validate command's JSON and other tools.
public struct ScenarioValidationResult: Sendable, Equatable {
    /// The file as named by the caller.
    public var file: String
    /// Empty when the file is valid.
    public var problems: [ScenarioProblem]

    public init(file: String, problems: [ScenarioProblem]) {
        self.file = file
        self.problems = problems
    }

    public var isValid: Bool { problems.isEmpty }

    /// `{"file": …, "valid": …, "problems": [{"path": …, "message": …}]}` on one line; a
    /// workbook's problems also carry `"location": "sources!D7"` after the path.
    public var json: String {
        let entries = problems.map { problem in
            let location = problem.location.map { ", \"location\": \(JSONText.quoted($0))" } ?? ""
            return
                "{\"path\": \(JSONText.quoted(problem.path))\(location), \"message\": \(JSONText.quoted(problem.message))}"
        }
        return
            "{\"file\": \(JSONText.quoted(file)), \"valid\": \(isValid), \"problems\": [\(entries.joined(separator: ", "))]}"
    }

    /// One `file: path: message` line per problem (`file: message` for the file as a whole).
    public var text: String {
        problems.map { problem in
            if problem.location != nil { return "\(file): \(problem)\n" }
            return "\(file): \(problem.path.isEmpty ? "" : "\(problem.path): ")\(problem.message)\n"
        }.joined()
    }
}
