// An independent check of a plan against its scenario.
//
// Written from the format page (shared/design/scenario-format.md) alone, without
// looking at the model builder: every rule of the formulation is recomputed from
// the numbers in the plan JSON, so a builder bug (a missing row, a wrong index, a
// misread default) shows up as a violation here instead of as a plausible plan.
//
// Every violation starts with a rule tag in brackets, so tests can look for a
// specific failure: [structure] [leadTime] [window] [eligibility] [integer]
// [minOrder] [capacity] [onshoring] [sustaining] [balance] [backlog] [itemSums]
// [domesticShare] [shareCap] [minSources] [minCountries] [redundancy] [budget]
// [resilience] [utilization] [costs] [status] [pool] [consumed] [components].
//
// Components and capacity pools (format sections "Components (multi-tier supply)" and
// "Capacity pools"): a consumed item's balance subtracts the draw Σ perUnit·x of the lines that
// consume it, its resilience covers demand plus draw, and each pool holds in every period on
// orders (and on reserves for members whose item has a resilience rule). The plan's
// `items[].consumed` and `capacityPools[]` are recomputed; `items[].components[]` (the README's
// dependency figures) must add up: drawn = Σ perUnit·x of the item's lines = domestic + allied +
// fromInitialInventory = Σ byCountry + fromInitialInventory, and no country (nor the initial
// stock) can have supplied more, cumulatively, than it delivered (held) by then. The keys are
// present exactly when the scenario has components (pools).

import Foundation
import SourcingScenario

/// Checks a plan (the JSON document the solver writes, parsed with JSONSerialization) against a
/// scenario, recomputing every rule of the formulation from the plan's numbers. Returns
/// human-readable violations; empty = the plan is valid.
func checkPlan(_ plan: [String: Any], against scenario: Scenario, tolerance: Double = 1e-6) -> [String] {
    var checker = PlanChecker(plan: plan, scenario: scenario, tolerance: tolerance)
    checker.run()
    return checker.violations
}

/// The reasons the format gives for source `s` taking no orders (scenario-format.md,
/// "Eligibility"), written from the format page alone: a domestic source is always eligible; a
/// foreign one is excluded when its country is embargoed (`embargo`), its item's category is not
/// in the country's `exportApproved` and that has no `"*"` (`exportControl`), the country's
/// `ipProtection` is below the item's `minIPProtection` (`ipProtection`), or its screening is
/// `denied` (`screeningDenied`) or `pending` without `policy.allowPendingScreening`
/// (`screeningPending`); each that applies, in that order.
func formatExclusionReasons(source s: Int, in scenario: Scenario) -> [String] {
    let source = scenario.sources[s]
    guard let country = scenario.countries.first(where: { $0.id == source.country }),
        let item = scenario.items.first(where: { $0.id == source.item }),
        !country.domestic
    else { return [] }
    var reasons: [String] = []
    if scenario.policy.embargo.contains(country.id) { reasons.append("embargo") }
    if !(country.exportApproved.contains("*") || country.exportApproved.contains(item.category)) {
        reasons.append("exportControl")
    }
    if country.ipProtection < item.minIPProtection { reasons.append("ipProtection") }
    switch country.screening.rawValue {
    case "denied": reasons.append("screeningDenied")
    case "pending" where !scenario.policy.allowPendingScreening: reasons.append("screeningPending")
    default: break
    }
    return reasons
}

// MARK: - Reading JSON values

/// A number from a JSON value: JSONSerialization may give NSNumber, Int or Double; a
/// handwritten dictionary gives Int or Double. Booleans are not numbers.
private func number(_ value: Any?) -> Double? {
    guard let value else { return nil }
    if type(of: value) == Bool.self { return nil }
    if let d = value as? Double { return d }
    if let i = value as? Int { return Double(i) }
    if let n = value as? NSNumber { return n.doubleValue }
    return nil
}

private func isNull(_ value: Any?) -> Bool { value == nil || value is NSNull }

/// A per-period array of numbers (entries may be null where `allowNull`).
private func numbers(_ value: Any?) -> [Double?]? {
    guard let array = value as? [Any] else { return nil }
    return array.map { isNull($0) ? nil : number($0) }
}

private struct PlanChecker {
    let plan: [String: Any]
    let scenario: Scenario
    let tolerance: Double
    var violations: [String] = []

    let periodCount: Int
    let discount: [Double]

    // Per source, in scenario order (all zero where the plan lacks the source).
    var orders: [[Double]] = []
    var deliveries: [[Double]] = []
    var reserves: [[Double]?] = []
    // Per item, in scenario order.
    var inventory: [[Double]] = []
    var backlog: [[Double]] = []
    var planItems: [[String: Any]?] = []
    var planSources: [[String: Any]?] = []
    /// For onshoring sources: the facility investment period from the plan, if any.
    var facilityInvestment: [Int: Int] = [:]

    init(plan: [String: Any], scenario: Scenario, tolerance: Double) {
        self.plan = plan
        self.scenario = scenario
        self.tolerance = tolerance
        periodCount = scenario.periodCount
        discount = (0..<scenario.periodCount).map { 1 / pow(1 + scenario.discountRate, Double($0)) }
    }

    mutating func report(_ rule: String, _ message: String) {
        violations.append("[\(rule)] \(message)")
    }

    func label(_ t: Int) -> String { t >= 0 && t < periodCount ? scenario.periods[t] : "period \(t)" }

    /// Tolerance scaled to the magnitudes compared.
    func slack(_ values: Double...) -> Double {
        tolerance * max(1, values.map(abs).max() ?? 1)
    }
    func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= slack(a, b) }
    func atMost(_ a: Double, _ b: Double) -> Bool { a <= b + slack(a, b) }

    func fmt(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e12 { return String(Int(x)) }
        return String(format: "%.6g", x)
    }

    // MARK: Driver

    mutating func run() {
        guard let status = plan["status"] as? String else {
            report("structure", "the plan has no status")
            return
        }
        if number(plan["schemaVersion"]) != 1 {
            report("structure", "schemaVersion is not 1")
        }
        if let periods = plan["periods"] as? [String], periods != scenario.periods {
            report("structure", "periods \(periods) differ from the scenario's \(scenario.periods)")
        } else if !(plan["periods"] is [String]) {
            report("structure", "periods missing or not labels")
        }
        switch status {
        case "optimal", "feasible":
            break
        case "infeasible":
            if ((plan["diagnosis"] as? [Any]) ?? []).isEmpty {
                report("status", "an infeasible plan must carry a non-empty diagnosis")
            }
            return
        case "timeLimit":
            if !isNull(plan["objective"]) { report("status", "timeLimit without a plan must have a null objective") }
            return
        case "unbounded", "error":
            return
        default:
            report("status", "unknown status '\(status)'")
            return
        }
        if number(plan["objective"]) == nil {
            report("status", "status \(status) needs a numeric objective")
        }
        if status == "optimal", let gap = number(plan["mipGap"]), gap > scenario.solver.mipGap + 1e-9 {
            report("status", "status optimal but mipGap \(fmt(gap)) above the requested \(fmt(scenario.solver.mipGap))")
        }
        guard readSources(), readItems() else { return }
        checkSources()
        checkExcluded()
        checkOnshoring()
        checkItems()
        checkResilience()
        checkPools()
        checkComponentFigures()
        checkBudget()
        checkCosts()
    }

    // MARK: Reading

    mutating func perPeriod(_ value: Any?, _ what: String, allowNull: Bool = false) -> [Double]? {
        guard let array = numbers(value), array.count == periodCount else {
            report("structure", "\(what) is not an array of \(periodCount) numbers")
            return nil
        }
        if !allowNull, array.contains(where: { $0 == nil }) {
            report("structure", "\(what) holds a non-number")
            return nil
        }
        return array.map { $0 ?? 0 }
    }

    mutating func readSources() -> Bool {
        guard let list = plan["sources"] as? [[String: Any]] else {
            report("structure", "sources missing")
            return false
        }
        if list.count != scenario.sources.count {
            report("structure", "the plan lists \(list.count) sources, the scenario \(scenario.sources.count)")
        }
        let zero = [Double](repeating: 0, count: periodCount)
        for (index, source) in scenario.sources.enumerated() {
            let entry = index < list.count ? list[index] : nil
            if let entry, (entry["id"] as? String) != source.id {
                report(
                    "structure",
                    "sources[\(index)] is '\(entry["id"] ?? "?")', expected '\(source.id)' (scenario order)")
            }
            planSources.append(entry)
            let x = entry.flatMap { perPeriod($0["orders"], "orders of '\(source.id)'") } ?? zero
            let q = entry.flatMap { perPeriod($0["deliveries"], "deliveries of '\(source.id)'") } ?? zero
            orders.append(x)
            deliveries.append(q)
            if let entry, !isNull(entry["reserve"]) {
                reserves.append(perPeriod(entry["reserve"], "reserve of '\(source.id)'"))
            } else {
                reserves.append(nil)
            }
            if let entry {
                if (entry["country"] as? String) != source.country {
                    report(
                        "structure",
                        "source '\(source.id)' has country \(entry["country"] ?? "nil"), expected \(source.country)")
                }
                if (entry["item"] as? String) != source.item {
                    report(
                        "structure", "source '\(source.id)' has item \(entry["item"] ?? "nil"), expected \(source.item)"
                    )
                }
            }
        }
        return true
    }

    mutating func readItems() -> Bool {
        guard let list = plan["items"] as? [[String: Any]] else {
            report("structure", "items missing")
            return false
        }
        if list.count != scenario.items.count {
            report("structure", "the plan lists \(list.count) items, the scenario \(scenario.items.count)")
        }
        let zero = [Double](repeating: 0, count: periodCount)
        for (index, item) in scenario.items.enumerated() {
            let entry = index < list.count ? list[index] : nil
            if let entry, (entry["id"] as? String) != item.id {
                report(
                    "structure", "items[\(index)] is '\(entry["id"] ?? "?")', expected '\(item.id)' (scenario order)")
            }
            planItems.append(entry)
            inventory.append(entry.flatMap { perPeriod($0["inventory"], "inventory of '\(item.id)'") } ?? zero)
            backlog.append(entry.flatMap { perPeriod($0["backlog"], "backlog of '\(item.id)'") } ?? zero)
        }
        return true
    }

    // MARK: Eligibility, from the format's rules (not `Scenario.isEligible`, the code under test)

    /// Why source `s` may take no orders, in the order the plan's `excluded[].reasons` lists them.
    func exclusionReasons(_ s: Int) -> [String] { formatExclusionReasons(source: s, in: scenario) }

    /// Whether source `s` may take orders.
    func isEligible(_ s: Int) -> Bool { exclusionReasons(s).isEmpty }

    // MARK: Sources: lead time, window, eligibility, integrality, minimum order, capacity

    func sourcesOf(item: String) -> [Int] {
        scenario.sources.indices.filter { scenario.sources[$0].item == item }
    }

    /// Capacity of source `s` in period `t` before onshoring limits.
    func baseCapacity(_ s: Int, _ t: Int) -> Double { scenario.sources[s].capacity[t] }

    /// Whether source `s` may have an order variable in period `t` (eligibility aside).
    func canOrder(_ s: Int, _ t: Int) -> Bool {
        let source = scenario.sources[s]
        if t + source.leadTime > periodCount - 1 { return false }
        if let from = source.availableFrom, t < from { return false }
        if let until = source.availableUntil, t > until { return false }
        return true
    }

    /// Units counted against capacity in period t: starts, or units in work for `concurrent`.
    func load(_ units: [Double], source s: Int, period t: Int) -> Double {
        let source = scenario.sources[s]
        switch source.capacityMode {
        case .starts: return units[t]
        case .concurrent:
            let window = max(source.leadTime, 1)
            return (max(0, t - window + 1)...t).reduce(0) { $0 + units[$1] }
        }
    }

    mutating func checkSources() {
        for (s, source) in scenario.sources.enumerated() {
            let x = orders[s]
            let q = deliveries[s]
            let item = scenario.items[scenario.itemIndex(source.item)!]
            let eligible = isEligible(s)
            for t in 0..<periodCount {
                if x[t] < -tolerance {
                    report("structure", "'\(source.id)' has a negative order \(fmt(x[t])) in \(label(t))")
                }
                let expected = t - source.leadTime >= 0 ? x[t - source.leadTime] : 0
                if !close(q[t], expected) {
                    report(
                        "leadTime",
                        "'\(source.id)' delivers \(fmt(q[t])) in \(label(t)) but ordered \(fmt(expected)) \(source.leadTime) period(s) earlier"
                    )
                }
                if x[t] > tolerance {
                    if t + source.leadTime > periodCount - 1 {
                        report(
                            "leadTime",
                            "'\(source.id)' orders \(fmt(x[t])) in \(label(t)), delivered after the last period")
                    } else if !canOrder(s, t) {
                        report(
                            "window",
                            "'\(source.id)' orders \(fmt(x[t])) in \(label(t)), outside its availability window")
                    }
                    if item.integerUnits, abs(x[t] - x[t].rounded()) > max(tolerance, 1e-6) {
                        report(
                            "integer",
                            "'\(source.id)' orders a fractional \(fmt(x[t])) of integer item '\(item.id)' in \(label(t))"
                        )
                    }
                    if source.minOrder > 0 {
                        if x[t] < source.minOrder - slack(source.minOrder) {
                            report(
                                "minOrder",
                                "'\(source.id)' orders \(fmt(x[t])) in \(label(t)), below its minimum order \(fmt(source.minOrder))"
                            )
                        }
                        if baseCapacity(s, t) < source.minOrder - slack(source.minOrder) {
                            report(
                                "minOrder",
                                "'\(source.id)' orders in \(label(t)) although its capacity \(fmt(baseCapacity(s, t))) is below its minimum order"
                            )
                        }
                    }
                }
            }
            if !eligible, x.contains(where: { abs($0) > tolerance }) {
                let reasons = exclusionReasons(s).joined(separator: ", ")
                report("eligibility", "excluded source '\(source.id)' (\(reasons)) takes orders")
            }
            // Capacity on orders, and on reserves where they exist.
            checkCapacity(s, units: x, what: "orders")
            if let r = reserves[s] {
                checkCapacity(s, units: r, what: "reserve")
            }
            // Plan fields: used, utilization.
            if let entry = planSources[s] {
                let used = x.contains { $0 > tolerance }
                if let flag = entry["used"] as? Bool, flag != used {
                    report("structure", "'\(source.id)' has used = \(flag) but \(used ? "takes" : "takes no") orders")
                }
                if let utilization = numbers(entry["utilization"]), utilization.count == periodCount {
                    for t in 0..<periodCount {
                        let k = baseCapacity(s, t)
                        if k <= 0 {
                            if utilization[t] != nil {
                                report(
                                    "utilization",
                                    "'\(source.id)' has a utilization in \(label(t)) where its capacity is 0 (expected null)"
                                )
                            }
                        } else if let u = utilization[t], !close(u, load(x, source: s, period: t) / k) {
                            report(
                                "utilization",
                                "'\(source.id)' utilization \(fmt(u)) in \(label(t)), expected \(fmt(load(x, source: s, period: t) / k))"
                            )
                        }
                    }
                } else {
                    report("structure", "utilization of '\(source.id)' is not an array of \(periodCount) entries")
                }
            }
        }
    }

    mutating func checkCapacity(_ s: Int, units: [Double], what: String) {
        let source = scenario.sources[s]
        for t in 0..<periodCount {
            let used = load(units, source: s, period: t)
            let k = baseCapacity(s, t)
            if !atMost(used, k) {
                let kind = source.capacityMode == .starts ? "starts" : "units in work"
                report(
                    "capacity", "'\(source.id)' \(what): \(kind) \(fmt(used)) in \(label(t)) exceed capacity \(fmt(k))")
            }
        }
    }

    // MARK: Excluded list

    mutating func checkExcluded() {
        guard let list = plan["excluded"] as? [[String: Any]] else {
            report("structure", "excluded missing")
            return
        }
        var listed: [String: [String]] = [:]
        for entry in list {
            guard let id = entry["source"] as? String else {
                report("structure", "an excluded entry has no source")
                continue
            }
            listed[id] = (entry["reasons"] as? [String]) ?? []
        }
        for (s, source) in scenario.sources.enumerated() {
            let reasons = exclusionReasons(s)
            if reasons.isEmpty {
                if listed[source.id] != nil {
                    report("eligibility", "eligible source '\(source.id)' is listed as excluded")
                }
            } else if let got = listed[source.id] {
                if got != reasons {
                    report("eligibility", "excluded source '\(source.id)' lists reasons \(got), expected \(reasons)")
                }
            } else {
                report(
                    "eligibility",
                    "ineligible source '\(source.id)' (\(reasons.joined(separator: ", "))) is missing from excluded")
            }
        }
        for id in listed.keys where scenario.sourceIndex(id) == nil {
            report("eligibility", "excluded lists unknown source '\(id)'")
        }
    }

    // MARK: Onshoring

    /// The period in which cumulative deliveries from the transfer sources reach N, if any.
    func transferComplete(_ transfer: Onshoring.Transfer) -> Int? {
        let from = transfer.fromSources.compactMap { scenario.sourceIndex($0) }
        var total = 0.0
        for t in 0..<periodCount {
            total += from.reduce(0) { $0 + deliveries[$1][t] }
            if total >= Double(transfer.units) - max(tolerance, 1e-6) { return t }
        }
        return nil
    }

    mutating func checkOnshoring() {
        let entries = (plan["onshoring"] as? [[String: Any]]) ?? []
        if plan["onshoring"] == nil { report("structure", "onshoring missing") }
        var entryOf: [String: [String: Any]] = [:]
        for entry in entries { if let id = entry["source"] as? String { entryOf[id] = entry } }

        for (s, source) in scenario.sources.enumerated() {
            guard let onshoring = source.onshoring else {
                if entryOf[source.id] != nil {
                    report("onshoring", "'\(source.id)' has no onshoring but an onshoring entry")
                }
                continue
            }
            let x = orders[s]
            let entry = entryOf[source.id]
            if entry == nil { report("structure", "onshoring entry of '\(source.id)' missing") }
            let firstOrder = x.firstIndex { $0 > tolerance }

            // Earliest period the line may work.
            var earliest = 0
            var why: [String] = []
            var tc: Int?
            if let transfer = onshoring.transfer {
                tc = transferComplete(transfer)
                if let tc {
                    earliest = max(earliest, tc + 1)
                    why.append("transfer completes in \(label(tc))")
                } else {
                    earliest = periodCount
                    why.append("transfer never completes")
                }
            }
            if let facility = onshoring.facility {
                let investLabel = entry?["facilityInvestment"] as? String
                if let investLabel, let tau = scenario.periodIndex(investLabel) {
                    facilityInvestment[s] = tau
                    if tau < facility.earliest {
                        report(
                            "onshoring",
                            "'\(source.id)' invests in \(investLabel), before the earliest period \(label(facility.earliest))"
                        )
                    }
                    earliest = max(earliest, tau + facility.buildTime)
                    why.append("facility invested in \(investLabel) is ready in \(label(tau + facility.buildTime))")
                    let readyLabel = entry?["facilityReady"] as? String
                    let ready = tau + facility.buildTime
                    if ready < periodCount {
                        if readyLabel != label(ready) {
                            report(
                                "onshoring",
                                "'\(source.id)' facilityReady is \(readyLabel ?? "null"), expected \(label(ready))")
                        }
                    }
                } else {
                    if let investLabel {
                        report("structure", "'\(source.id)' facilityInvestment '\(investLabel)' is not a period")
                    }
                    earliest = periodCount
                    why.append("no facility investment")
                }
            }
            if let firstOrder, firstOrder < earliest {
                report(
                    "onshoring",
                    "'\(source.id)' orders \(fmt(x[firstOrder])) in \(label(firstOrder)), before it may work (\(why.joined(separator: "; ")))"
                )
            }
            // The line's actual start W is the optimiser's choice (W ≥ earliest, no order before W):
            // some W must satisfy the ramp-up limits, the sustaining floor and "no reserve before W".
            let latestStart = firstOrder ?? periodCount
            var problems: [(String, String)]?
            if earliest <= latestStart {
                for start in earliest...latestStart {
                    let found = startProblems(s, start: start)
                    if found.isEmpty {
                        problems = nil
                        break
                    }
                    if problems == nil { problems = found }
                }
            }
            if let problems { for (rule, message) in problems { report(rule, message) } }

            // Timeline fields.
            if let entry {
                let expectedTC = tc.map(label)
                if onshoring.transfer != nil, (entry["transferComplete"] as? String) != expectedTC {
                    report(
                        "onshoring",
                        "'\(source.id)' transferComplete is \(entry["transferComplete"] as? String ?? "null"), expected \(expectedTC ?? "null")"
                    )
                }
                let expectedFirst = firstOrder.map(label)
                if (entry["firstProduction"] as? String) != expectedFirst {
                    report(
                        "onshoring",
                        "'\(source.id)' firstProduction is \(entry["firstProduction"] as? String ?? "null"), expected \(expectedFirst ?? "null")"
                    )
                }
                let home = x.reduce(0, +)
                if let got = number(entry["unitsHome"]), !close(got, home) {
                    report("onshoring", "'\(source.id)' unitsHome \(fmt(got)), expected \(fmt(home))")
                } else if number(entry["unitsHome"]) == nil {
                    report("structure", "'\(source.id)' unitsHome is not a number")
                }
                if let transfer = onshoring.transfer {
                    let abroad = transfer.fromSources.compactMap { scenario.sourceIndex($0) }
                        .reduce(0.0) { $0 + orders[$1].reduce(0, +) }
                    if let got = number(entry["unitsAbroad"]) {
                        if !close(got, abroad) {
                            report("onshoring", "'\(source.id)' unitsAbroad \(fmt(got)), expected \(fmt(abroad))")
                        }
                    } else {
                        report("onshoring", "'\(source.id)' unitsAbroad is null, expected \(fmt(abroad))")
                    }
                } else if !isNull(entry["unitsAbroad"]) {
                    report("onshoring", "'\(source.id)' unitsAbroad should be null without a transfer")
                }
            }
        }
    }

    /// What breaks if the line of source `s` starts working in period `start` (empty: nothing).
    func startProblems(_ s: Int, start: Int) -> [(String, String)] {
        let source = scenario.sources[s]
        let onshoring = source.onshoring!
        var problems: [(String, String)] = []
        func limit(_ t: Int) -> Double {
            var k = baseCapacity(s, t)
            if let ramp = onshoring.rampUp, t - start < ramp.count { k = min(k, ramp[t - start]) }
            return k
        }
        let x = orders[s]
        var series: [([Double], String)] = [(x, "orders")]
        if let r = reserves[s] { series.append((r, "reserve")) }
        for (units, what) in series {
            for t in 0..<min(start, periodCount) where units[t] > tolerance {
                problems.append(
                    ("onshoring", "'\(source.id)' \(what) \(fmt(units[t])) in \(label(t)) before the line may work"))
            }
            if onshoring.rampUp != nil {
                for t in start..<periodCount where !atMost(load(units, source: s, period: t), limit(t)) {
                    problems.append(
                        (
                            "onshoring",
                            "'\(source.id)' \(what): \(fmt(load(units, source: s, period: t))) in \(label(t)) exceed the ramp-up limit \(fmt(limit(t))) (line working from \(label(start)))"
                        ))
                }
            }
        }
        if let rate = onshoring.sustainingRate, rate > 0 {
            for t in start..<periodCount where canOrder(s, t) {
                let floor = min(rate, limit(t))
                let kept = load(x, source: s, period: t)
                if kept < floor - slack(floor) {
                    problems.append(
                        (
                            "sustaining",
                            "'\(source.id)' keeps \(fmt(kept)) in \(label(t)), below the warm-line floor \(fmt(floor)) (line working from \(label(start)))"
                        ))
                }
            }
        }
        return problems
    }

    // MARK: Items: balance, sums, shares, counts

    mutating func checkItems() {
        for (i, item) in scenario.items.enumerated() {
            guard let entry = planItems[i] else { continue }
            let own = sourcesOf(item: item.id)
            let inv = inventory[i]
            let back = backlog[i]
            var total = [Double](repeating: 0, count: periodCount)
            var domestic = [Double](repeating: 0, count: periodCount)
            for s in own {
                for t in 0..<periodCount {
                    total[t] += deliveries[s][t]
                    domestic[t] += scenario.sources[s].domesticContent * deliveries[s][t]
                }
            }
            // Balance.
            if let demand = perPeriod(entry["demand"], "demand of '\(item.id)'"),
                zip(demand, item.demand).contains(where: { !close($0, $1) })
            {
                report("structure", "demand of '\(item.id)' differs from the scenario")
            }
            var previousNet = item.initialInventory
            for t in 0..<periodCount {
                if inv[t] < -tolerance {
                    report("balance", "'\(item.id)' inventory \(fmt(inv[t])) in \(label(t)) is negative")
                }
                if back[t] < -tolerance {
                    report("backlog", "'\(item.id)' backlog \(fmt(back[t])) in \(label(t)) is negative")
                }
                if item.backlogPenalty == nil, back[t] > tolerance {
                    report("backlog", "'\(item.id)' has hard demand but a backlog of \(fmt(back[t])) in \(label(t))")
                }
                let draw = draws(onItem: i)[t]
                let net = previousNet + total[t] - item.demand[t] - draw
                if !close(inv[t] - back[t], net) {
                    report(
                        "balance",
                        "'\(item.id)' in \(label(t)): inventory − backlog = \(fmt(inv[t] - back[t])), but carried \(fmt(previousNet)) + delivered \(fmt(total[t])) − demand \(fmt(item.demand[t])) − drawn \(fmt(draw)) = \(fmt(net))"
                    )
                }
                previousNet = inv[t] - back[t]
            }
            if item.backlogPenalty != nil, item.unmetPenalty == nil, back[periodCount - 1] > tolerance {
                report(
                    "backlog",
                    "'\(item.id)' ends with a backlog of \(fmt(back[periodCount - 1])) but has no unmetPenalty")
            }
            checkItemSums(i, entry: entry, total: total, domestic: domestic)
            checkDomesticShare(i, total: total, domestic: domestic)
            checkShareCaps(i, total: total)
            checkMinimumCounts(i)
            checkRedundancy(i, entry: entry)
        }
    }

    /// The `redundancy` summary, recomputed from its definitions (over the horizon).
    mutating func checkRedundancy(_ i: Int, entry: [String: Any]) {
        let item = scenario.items[i]
        guard let redundancy = entry["redundancy"] as? [String: Any] else {
            report("structure", "'\(item.id)' redundancy missing")
            return
        }
        let own = sourcesOf(item: item.id)
        let bySource = own.map { deliveries[$0].reduce(0, +) }
        var byCountry: [(String, Double)] = []
        for (k, s) in own.enumerated() {
            let c = scenario.sources[s].country
            if let j = byCountry.firstIndex(where: { $0.0 == c }) {
                byCountry[j].1 += bySource[k]
            } else {
                byCountry.append((c, bySource[k]))
            }
        }
        let total = bySource.reduce(0, +)
        func expect(_ key: String, _ value: Double) {
            guard let got = number(redundancy[key]) else {
                report("structure", "'\(item.id)' redundancy.\(key) is not a number")
                return
            }
            if !close(got, value) {
                report("redundancy", "'\(item.id)' redundancy.\(key) is \(fmt(got)), expected \(fmt(value))")
            }
        }
        expect("sourcesUsed", Double(bySource.filter { $0 > tolerance }.count))
        expect("countriesUsed", Double(byCountry.filter { $0.1 > tolerance }.count))
        if total > tolerance {
            expect("largestSourceShare", (bySource.max() ?? 0) / total)
            let allies = byCountry.filter { c in !(scenario.countries.first { $0.id == c.0 }?.domestic ?? false) }
            expect("largestAllyShare", (allies.map(\.1).max() ?? 0) / total)
            expect("hhiSources", bySource.reduce(0) { $0 + ($1 / total) * ($1 / total) })
            expect("hhiCountries", byCountry.reduce(0) { $0 + ($1.1 / total) * ($1.1 / total) })
        }
        // Worst single-country loss: reserves (or orders without a resilience rule) outside the
        // country that deliver in t, plus net stock carried into t, over demand.
        let eligible = own.filter { isEligible($0) }
        var countries: [String] = []
        for s in eligible where !countries.contains(scenario.sources[s].country) {
            countries.append(scenario.sources[s].country)
        }
        var worst: Double?
        for t in 0..<periodCount where item.demand[t] > 0 {
            let carried = t == 0 ? item.initialInventory : inventory[i][t - 1] - backlog[i][t - 1]
            for c in countries {
                let kept = eligible.filter { scenario.sources[$0].country != c }.reduce(0.0) { acc, s in
                    let o = t - scenario.sources[s].leadTime
                    guard o >= 0 else { return acc }
                    return acc + (item.resilience != nil ? (reserves[s]?[o] ?? 0) : orders[s][o])
                }
                let covered = min(1, (kept + carried) / item.demand[t])
                worst = min(worst ?? covered, covered)
            }
        }
        // The format's formula has no lower clamp: a backlog larger than what is left makes it negative.
        if let worst {
            let got = number(redundancy["worstCountryLossCovered"])
            if got == nil || !close(got!, worst) { expect("worstCountryLossCovered", worst) }
        }
    }

    mutating func checkItemSums(_ i: Int, entry: [String: Any], total: [Double], domestic: [Double]) {
        let item = scenario.items[i]
        let own = sourcesOf(item: item.id)
        func compare(_ key: String, _ expected: [Double]) {
            guard let got = perPeriod(entry[key], "\(key) of '\(item.id)'") else { return }
            for t in 0..<periodCount where !close(got[t], expected[t]) {
                report("itemSums", "'\(item.id)' \(key) in \(label(t)) is \(fmt(got[t])), expected \(fmt(expected[t]))")
            }
        }
        compare("delivered", total)
        compare("domestic", domestic)
        compare("allied", zip(total, domestic).map { $0 - $1 })
        if let shares = numbers(entry["domesticShare"]), shares.count == periodCount {
            for t in 0..<periodCount {
                if total[t] <= tolerance {
                    if shares[t] != nil {
                        report(
                            "itemSums", "'\(item.id)' domesticShare in \(label(t)) should be null (nothing delivered)")
                    }
                } else if let share = shares[t] {
                    if !close(share, domestic[t] / total[t]) {
                        report(
                            "itemSums",
                            "'\(item.id)' domesticShare in \(label(t)) is \(fmt(share)), expected \(fmt(domestic[t] / total[t]))"
                        )
                    }
                } else {
                    report(
                        "itemSums",
                        "'\(item.id)' domesticShare in \(label(t)) is null although \(fmt(total[t])) is delivered")
                }
            }
        } else {
            report("structure", "domesticShare of '\(item.id)' is not an array of \(periodCount) entries")
        }
        // bySource: every source of the item, scenario order, equal to its deliveries.
        if let bySource = entry["bySource"] as? [String: Any] {
            let expectedKeys = Set(own.map { scenario.sources[$0].id })
            if Set(bySource.keys) != expectedKeys {
                report(
                    "itemSums", "'\(item.id)' bySource has \(bySource.keys.sorted()), expected \(expectedKeys.sorted())"
                )
            }
            for s in own {
                let id = scenario.sources[s].id
                guard let got = bySource[id] else { continue }
                if let got = perPeriod(got, "bySource[\(id)] of '\(item.id)'"),
                    zip(got, deliveries[s]).contains(where: { !close($0, $1) })
                {
                    report("itemSums", "'\(item.id)' bySource[\(id)] differs from the source's deliveries")
                }
            }
        } else {
            report("structure", "'\(item.id)' bySource missing")
        }
        if let byCountry = entry["byCountry"] as? [String: Any] {
            var expected: [String: [Double]] = [:]
            for s in own {
                let c = scenario.sources[s].country
                expected[c, default: [Double](repeating: 0, count: periodCount)] =
                    zip(expected[c] ?? [Double](repeating: 0, count: periodCount), deliveries[s]).map { $0 + $1 }
            }
            if Set(byCountry.keys) != Set(expected.keys) {
                report(
                    "itemSums",
                    "'\(item.id)' byCountry has \(byCountry.keys.sorted()), expected \(expected.keys.sorted())")
            }
            for (c, values) in expected {
                guard let got = byCountry[c] else { continue }
                if let got = perPeriod(got, "byCountry[\(c)] of '\(item.id)'"),
                    zip(got, values).contains(where: { !close($0, $1) })
                {
                    report("itemSums", "'\(item.id)' byCountry[\(c)] differs from the sum of its sources' deliveries")
                }
            }
        } else {
            report("structure", "'\(item.id)' byCountry missing")
        }
    }

    mutating func checkDomesticShare(_ i: Int, total: [Double], domestic: [Double]) {
        let item = scenario.items[i]
        guard let rule = item.domesticShare else { return }
        let periods = Array(rule.from..<periodCount)
        let groups: [[Int]] = rule.over == .period ? periods.map { [$0] } : [periods]
        for group in groups where !group.isEmpty {
            let delivered = group.reduce(0) { $0 + total[$1] }
            let home = group.reduce(0) { $0 + domestic[$1] }
            let scope =
                rule.over == .period ? "in \(label(group[0]))" : "over \(label(group[0]))…\(label(periodCount - 1))"
            if let min = rule.min, home < min * delivered - slack(delivered) {
                report(
                    "domesticShare",
                    "'\(item.id)' domestic content \(fmt(home)) of \(fmt(delivered)) delivered \(scope) is below the minimum share \(fmt(min))"
                )
            }
            if let max = rule.max, home > max * delivered + slack(delivered) {
                report(
                    "domesticShare",
                    "'\(item.id)' domestic content \(fmt(home)) of \(fmt(delivered)) delivered \(scope) is above the maximum share \(fmt(max))"
                )
            }
        }
    }

    mutating func checkShareCaps(_ i: Int, total: [Double]) {
        let item = scenario.items[i]
        let own = sourcesOf(item: item.id)
        let groups: [[Int]] =
            item.shareOver == .period
            ? (0..<periodCount).map { [$0] } : [Array(0..<periodCount)]
        for group in groups {
            let scope = item.shareOver == .period ? "in \(label(group[0]))" : "over the horizon"
            let all = group.reduce(0) { $0 + total[$1] }
            if let alpha = item.maxSharePerSource {
                for s in own {
                    let mine = group.reduce(0) { $0 + deliveries[s][$1] }
                    if mine > alpha * all + slack(all) {
                        report(
                            "shareCap",
                            "source '\(scenario.sources[s].id)' delivers \(fmt(mine)) of \(fmt(all)) '\(item.id)' \(scope), above the cap \(fmt(alpha))"
                        )
                    }
                }
            }
            if let beta = item.maxSharePerAlly {
                for country in scenario.countries where !country.domestic {
                    let mine = own.filter { scenario.sources[$0].country == country.id }
                        .reduce(0.0) { acc, s in acc + group.reduce(0) { $0 + deliveries[s][$1] } }
                    if mine > beta * all + slack(all) {
                        report(
                            "shareCap",
                            "ally '\(country.id)' delivers \(fmt(mine)) of \(fmt(all)) '\(item.id)' \(scope), above the cap \(fmt(beta))"
                        )
                    }
                }
            }
        }
    }

    mutating func checkMinimumCounts(_ i: Int) {
        let item = scenario.items[i]
        let own = sourcesOf(item: item.id).filter { isEligible($0) }
        let totalDemand = item.demand.reduce(0, +)
        if let rule = item.minSources {
            let threshold = rule.minShare * totalDemand
            let counted = own.filter { deliveries[$0].reduce(0, +) >= threshold - slack(threshold) }
            if counted.count < rule.count {
                report(
                    "minSources",
                    "'\(item.id)' has \(counted.count) source(s) delivering at least \(fmt(threshold)), needs \(rule.count)"
                )
            }
        }
        if let rule = item.minCountries {
            let threshold = rule.minShare * totalDemand
            var byCountry: [String: Double] = [:]
            for s in own { byCountry[scenario.sources[s].country, default: 0] += deliveries[s].reduce(0, +) }
            let counted = byCountry.values.filter { $0 >= threshold - slack(threshold) }.count
            if counted < rule.count {
                report(
                    "minCountries",
                    "'\(item.id)' has \(counted) countr(ies) delivering at least \(fmt(threshold)), needs \(rule.count)"
                )
            }
        }
    }

    // MARK: Resilience

    mutating func checkResilience() {
        for (i, item) in scenario.items.enumerated() {
            let own = sourcesOf(item: item.id).filter { isEligible($0) }
            guard let rule = item.resilience else {
                for s in sourcesOf(item: item.id) where reserves[s] != nil {
                    report("structure", "'\(scenario.sources[s].id)' has a reserve but its item has no resilience rule")
                }
                continue
            }
            var r: [Int: [Double]] = [:]
            for s in own {
                guard let reserve = reserves[s] else {
                    report(
                        "structure",
                        "'\(scenario.sources[s].id)' has no reserve although '\(item.id)' has a resilience rule")
                    continue
                }
                r[s] = reserve
                for t in 0..<periodCount {
                    if orders[s][t] > reserve[t] + slack(reserve[t]) {
                        report(
                            "resilience",
                            "'\(scenario.sources[s].id)' orders \(fmt(orders[s][t])) in \(label(t)), above its reserve \(fmt(reserve[t]))"
                        )
                    }
                    if reserve[t] > tolerance, !canOrder(s, t) {
                        report(
                            "resilience",
                            "'\(scenario.sources[s].id)' holds a reserve in \(label(t)) where it cannot order")
                    }
                }
            }
            // The groups whose loss must be survived.
            var groups: [(String, Set<Int>)] = []
            switch rule.survive {
            case .anySingleCountry:
                var seen: [String] = []
                for s in own where !seen.contains(scenario.sources[s].country) {
                    seen.append(scenario.sources[s].country)
                }
                groups = seen.map { c in ("country \(c)", Set(own.filter { scenario.sources[$0].country == c })) }
            case .anySingleSource:
                groups = own.map { ("source \(scenario.sources[$0].id)", [$0]) }
            }
            let drawn = draws(onItem: i)
            for t in rule.from..<periodCount where item.demand[t] > 0 || hasDrawVariable(onItem: i, period: t) {
                let carried = t == 0 ? item.initialInventory : inventory[i][t - 1] - backlog[i][t - 1]
                let need = rule.coverage * (item.demand[t] + drawn[t])
                for (name, lost) in groups {
                    let kept = own.filter { !lost.contains($0) }.reduce(0.0) { acc, s in
                        let o = t - scenario.sources[s].leadTime
                        return acc + (o >= 0 ? (r[s]?[o] ?? 0) : 0)
                    }
                    if kept + carried < need - slack(need) {
                        report(
                            "resilience",
                            "'\(item.id)' in \(label(t)): losing \(name) leaves reserves \(fmt(kept)) + stock \(fmt(carried)) below \(fmt(rule.coverage)) of demand and draw (\(fmt(need)))"
                        )
                    }
                }
            }
        }
    }

    // MARK: Components and capacity pools

    /// The lines that consume item i, with perUnit (every source naming it in `consumes`).
    func consumers(ofItem i: Int) -> [(source: Int, perUnit: Double)] {
        let id = scenario.items[i].id
        return scenario.sources.indices.flatMap { s in
            scenario.sources[s].consumes.filter { $0.item == id }.map { (s, $0.perUnit) }
        }
    }

    /// Per period: Σ perUnit·x over the lines consuming item i (orders of ineligible lines are 0,
    /// which checkSources enforces).
    func draws(onItem i: Int) -> [Double] {
        var draw = [Double](repeating: 0, count: periodCount)
        for (s, perUnit) in consumers(ofItem: i) {
            for t in 0..<periodCount { draw[t] += perUnit * orders[s][t] }
        }
        return draw
    }

    /// Whether some eligible line consuming item i can place an order in t (a draw variable).
    func hasDrawVariable(onItem i: Int, period t: Int) -> Bool {
        consumers(ofItem: i).contains { isEligible($0.source) && canOrder($0.source, t) }
    }

    mutating func checkPools() {
        let entries = plan["capacityPools"] as? [[String: Any]]
        if scenario.capacityPools.isEmpty {
            if plan["capacityPools"] != nil {
                report("structure", "capacityPools present although the scenario has no pools")
            }
            return
        }
        guard let entries, entries.count == scenario.capacityPools.count else {
            report("structure", "capacityPools missing or not one entry per pool")
            return
        }
        for (p, pool) in scenario.capacityPools.enumerated() {
            let entry = entries[p]
            if (entry["id"] as? String) != pool.id {
                report(
                    "structure",
                    "capacityPools[\(p)] is '\(entry["id"] ?? "?")', expected '\(pool.id)' (scenario order)")
            }
            // Units a member counts against the pool in t: starts, or in work over its own lead time.
            func load(_ units: [Double], _ s: Int, _ t: Int) -> Double {
                let window = pool.capacityMode == .concurrent ? max(scenario.sources[s].leadTime, 1) : 1
                return (max(0, t - window + 1)...t).reduce(0) { $0 + units[$1] }
            }
            let members = pool.members.compactMap { member in
                scenario.sourceIndex(member.source).map { ($0, member.perUnit) }
            }
            var used = [Double](repeating: 0, count: periodCount)
            for t in 0..<periodCount {
                used[t] = members.reduce(0) { $0 + $1.1 * load(orders[$1.0], $1.0, t) }
                let onReserves = members.reduce(0) { acc, member in
                    acc + member.1 * load(reserves[member.0] ?? orders[member.0], member.0, t)
                }
                for (what, amount) in [("orders", used[t]), ("reserves", onReserves)]
                where !atMost(amount, pool.capacity[t]) {
                    report(
                        "pool",
                        "pool '\(pool.id)' \(what): \(fmt(amount)) in \(label(t)) exceed its capacity \(fmt(pool.capacity[t]))"
                    )
                }
            }
            if let got = perPeriod(entry["used"], "used of pool '\(pool.id)'") {
                for t in 0..<periodCount where !close(got[t], used[t]) {
                    report("pool", "pool '\(pool.id)' used \(fmt(got[t])) in \(label(t)), expected \(fmt(used[t]))")
                }
            }
            if let utilization = numbers(entry["utilization"]), utilization.count == periodCount {
                for t in 0..<periodCount {
                    if pool.capacity[t] <= 0 {
                        if utilization[t] != nil {
                            report("pool", "pool '\(pool.id)' has a utilization in \(label(t)) where its capacity is 0")
                        }
                    } else if utilization[t] == nil || !close(utilization[t]!, used[t] / pool.capacity[t]) {
                        report(
                            "pool",
                            "pool '\(pool.id)' utilization in \(label(t)) is \(utilization[t].map(fmt) ?? "null"), expected \(fmt(used[t] / pool.capacity[t]))"
                        )
                    }
                }
            } else {
                report("structure", "utilization of pool '\(pool.id)' is not an array of \(periodCount) entries")
            }
        }
    }

    mutating func checkComponentFigures() {
        let withComponents = scenario.sources.contains { !$0.consumes.isEmpty }
        for (i, item) in scenario.items.enumerated() {
            guard let entry = planItems[i] else { continue }
            guard withComponents else {
                if entry["consumed"] != nil || entry["components"] != nil {
                    report("structure", "'\(item.id)' has consumed/components although no source consumes components")
                }
                continue
            }
            let drawn = draws(onItem: i)
            if let got = perPeriod(entry["consumed"], "consumed of '\(item.id)'") {
                for t in 0..<periodCount where !close(got[t], drawn[t]) {
                    report("consumed", "'\(item.id)' consumed \(fmt(got[t])) in \(label(t)), expected \(fmt(drawn[t]))")
                }
            }
            guard let components = entry["components"] as? [[String: Any]] else {
                report("structure", "'\(item.id)' components missing")
                continue
            }
            // The components the item's lines consume, in scenario order of the items.
            let own = sourcesOf(item: item.id)
            let expected = scenario.items.indices.filter { c in
                own.contains { s in scenario.sources[s].consumes.contains { $0.item == scenario.items[c].id } }
            }
            if components.map({ $0["item"] as? String ?? "?" }) != expected.map({ scenario.items[$0].id }) {
                report(
                    "components",
                    "'\(item.id)' components are \(components.map { $0["item"] ?? "?" }), expected \(expected.map { scenario.items[$0].id })"
                )
                continue
            }
            for (entry, c) in zip(components, expected) {
                checkDependency(entry, of: i, on: c)
            }
        }
    }

    mutating func checkDependency(_ entry: [String: Any], of i: Int, on c: Int) {
        let what = "'\(scenario.items[i].id)' on '\(scenario.items[c].id)'"
        var byLine = [Double](repeating: 0, count: periodCount)
        for s in sourcesOf(item: scenario.items[i].id) {
            for component in scenario.sources[s].consumes where component.item == scenario.items[c].id {
                for t in 0..<periodCount { byLine[t] += component.perUnit * orders[s][t] }
            }
        }
        guard let drawn = perPeriod(entry["drawn"], "drawn of \(what)"),
            let domestic = perPeriod(entry["domestic"], "domestic of \(what)"),
            let allied = perPeriod(entry["allied"], "allied of \(what)"),
            let initial = perPeriod(entry["fromInitialInventory"], "fromInitialInventory of \(what)"),
            let byCountry = entry["byCountry"] as? [String: Any]
        else {
            report("structure", "components entry of \(what) incomplete")
            return
        }
        var countries: [String: [Double]] = [:]
        for (country, values) in byCountry {
            countries[country] = perPeriod(values, "byCountry[\(country)] of \(what)")
        }
        let expectedCountries = Set(sourcesOf(item: scenario.items[c].id).map { scenario.sources[$0].country })
        if Set(countries.keys) != expectedCountries {
            report(
                "components", "\(what) byCountry has \(countries.keys.sorted()), expected \(expectedCountries.sorted())"
            )
        }
        var cumulative: [String: (drawn: Double, delivered: Double)] = [:]
        var initialUsed = 0.0
        for t in 0..<periodCount {
            let fromCountries = countries.values.reduce(0) { $0 + $1[t] }
            if !close(drawn[t], byLine[t]) {
                report(
                    "components",
                    "\(what) drawn \(fmt(drawn[t])) in \(label(t)), expected Σ perUnit × orders = \(fmt(byLine[t]))")
            }
            if !close(domestic[t] + allied[t] + initial[t], drawn[t]) {
                report(
                    "components",
                    "\(what) in \(label(t)): domestic + allied + fromInitialInventory ≠ drawn \(fmt(drawn[t]))")
            }
            if !close(fromCountries + initial[t], drawn[t]) {
                report(
                    "components", "\(what) in \(label(t)): byCountry + fromInitialInventory ≠ drawn \(fmt(drawn[t]))")
            }
            if domestic[t] < -tolerance || allied[t] < -tolerance || initial[t] < -tolerance {
                report("components", "\(what) in \(label(t)) has a negative share")
            }
            initialUsed += initial[t]
            for (country, values) in countries {
                let delivered = sourcesOf(item: scenario.items[c].id).filter { scenario.sources[$0].country == country }
                    .reduce(0.0) { $0 + deliveries[$1][t] }
                let before = cumulative[country] ?? (0, 0)
                cumulative[country] = (before.drawn + values[t], before.delivered + delivered)
                if !atMost(cumulative[country]!.drawn, cumulative[country]!.delivered) {
                    report(
                        "components",
                        "\(what): \(fmt(cumulative[country]!.drawn)) units attributed to \(country) by \(label(t)), but it delivered only \(fmt(cumulative[country]!.delivered))"
                    )
                }
            }
        }
        if !atMost(initialUsed, scenario.items[c].initialInventory) {
            report(
                "components",
                "\(what): \(fmt(initialUsed)) units from the initial inventory, which holds only \(fmt(scenario.items[c].initialInventory))"
            )
        }
    }

    // MARK: Budget and costs

    func procurementSpend(_ t: Int) -> Double {
        scenario.sources.indices.reduce(0) { acc, s in
            let source = scenario.sources[s]
            return acc + source.costShare * source.unitCost[t] * orders[s][t]
        }
    }

    func reserveSpend(_ t: Int) -> Double {
        scenario.sources.indices.reduce(0) { acc, s in
            guard let r = reserves[s] else { return acc }
            return acc + scenario.sources[s].reserveCost * (r[t] - orders[s][t])
        }
    }

    func investmentSpend(_ t: Int) -> Double {
        facilityInvestment.reduce(0) { acc, pair in
            pair.value == t ? acc + (scenario.sources[pair.key].onshoring?.facility?.cost ?? 0) : acc
        }
    }

    var fixedSpend: Double {
        scenario.sources.indices.reduce(0) { acc, s in
            orders[s].contains { $0 > tolerance } ? acc + scenario.sources[s].fixedCost : acc
        }
    }

    mutating func checkBudget() {
        // The plan's own spending and budget lines: as the budget rows count spending, and the
        // scenario's budget (null without one).
        let reported = perPeriod(plan["spending"], "spending")
        if let budgetLine = plan["budget"], !isNull(budgetLine) {
            if perPeriod(budgetLine, "budget") != scenario.policy.budget {
                report("budget", "budget differs from the scenario's policy.budget")
            }
        } else if scenario.policy.budget != nil {
            report("budget", "budget is null but the scenario has a policy.budget")
        }
        for t in 0..<periodCount {
            let spend = procurementSpend(t) + investmentSpend(t) + reserveSpend(t) + (t == 0 ? fixedSpend : 0)
            if let reported, !close(reported[t], spend) {
                report("budget", "spending in \(label(t)) is \(fmt(reported[t])), recomputed \(fmt(spend))")
            }
            if let budget = scenario.policy.budget, !atMost(spend, budget[t]) {
                report("budget", "spending \(fmt(spend)) in \(label(t)) exceeds the budget \(fmt(budget[t]))")
            }
        }
    }

    mutating func checkCosts() {
        guard let costs = plan["costs"] as? [String: Any] else {
            report("structure", "costs missing")
            return
        }
        let T = periodCount
        var expected: [String: Double] = [:]
        expected["procurement"] = (0..<T).reduce(0) { $0 + discount[$1] * procurementSpend($1) }
        expected["fixed"] = fixedSpend
        expected["investment"] = (0..<T).reduce(0) { $0 + discount[$1] * investmentSpend($1) }
        expected["reserve"] = (0..<T).reduce(0) { $0 + discount[$1] * reserveSpend($1) }
        var holding = 0.0
        var late = 0.0
        var unmet = 0.0
        for (i, item) in scenario.items.enumerated() {
            for t in 0..<T {
                holding += discount[t] * item.holdingCost * inventory[i][t]
                late += discount[t] * (item.backlogPenalty ?? 0) * backlog[i][t]
            }
            unmet += discount[T - 1] * (item.unmetPenalty ?? 0) * backlog[i][T - 1]
        }
        expected["holding"] = holding
        expected["backlog"] = late
        expected["unmet"] = unmet
        var sum = 0.0
        for key in ["procurement", "fixed", "holding", "backlog", "unmet", "investment", "reserve"] {
            guard let got = number(costs[key]) else {
                report("costs", "costs.\(key) missing")
                continue
            }
            sum += got
            if got < -slack(got) { report("costs", "costs.\(key) is negative (\(fmt(got)))") }
            if !close(got, expected[key]!) {
                report("costs", "costs.\(key) is \(fmt(got)), recomputed \(fmt(expected[key]!))")
            }
        }
        if let objective = number(plan["objective"]), !close(sum, objective) {
            report("costs", "the costs sum to \(fmt(sum)) but the objective is \(fmt(objective))")
        }
    }
}
