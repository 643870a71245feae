import Foundation
import LinearSolver
import SourcingScenario
import Synchronization

// Items that no row ties together form independent blocks: without `policy.budget`, every row
// of the formulation (balance, capacity, shares, minimum sources, onshoring, resilience) belongs
// to one item and its sources, except where components and capacity pools link items: a line's
// draws enter the balance rows of the items it consumes, and a pool row holds the members of
// every item in it. Items connected through `consumes` or a shared pool form one block. Such a
// scenario is solved as one small problem per block, in parallel, and the block plans are
// assembled into one plan in scenario order. GLPK's simplex takes minutes on a monolithic model
// of hundreds of items; the blocks take seconds.

extension Scenario {
    /// The blocks of linked items: item indices in scenario order, blocks ordered by their first
    /// item. Items are linked when a source of one consumes the other, or when sources of both are
    /// members of one capacity pool. The budget is not considered here (it links everything).
    public func linkedItemGroups() -> [[Int]] {
        var itemIndex: [String: Int] = [:]
        for (i, item) in items.enumerated() { itemIndex[item.id] = i }
        var parent = Array(items.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i {
                parent[i] = parent[parent[i]]
                i = parent[i]
            }
            return i
        }
        func link(_ a: Int, _ b: Int) {
            let (ra, rb) = (root(a), root(b))
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        for source in sources {
            guard let i = itemIndex[source.item] else { continue }
            for component in source.consumes { if let c = itemIndex[component.item] { link(i, c) } }
        }
        if !capacityPools.isEmpty {
            var sourceItem: [String: Int] = [:]
            for source in sources {
                if let i = itemIndex[source.item], sourceItem[source.id] == nil { sourceItem[source.id] = i }
            }
            for pool in capacityPools {
                let members = pool.members.compactMap { sourceItem[$0.source] }
                for i in members.dropFirst() { link(members[0], i) }
            }
        }
        var groups: [Int: [Int]] = [:]
        var order: [Int] = []
        for i in items.indices {
            let r = root(i)
            if groups[r] == nil { order.append(r) }
            groups[r, default: []].append(i)
        }
        return order.map { groups[$0]! }
    }

    /// One scenario per block of linked items (those items, their sources, the pools of their
    /// sources, every country), or nil when a budget ties the items together or everything is one
    /// block.
    public func independentItemBlocks() -> [Scenario]? {
        guard policy.budget == nil, items.count > 1 else { return nil }
        let groups = linkedItemGroups()
        guard groups.count > 1 else { return nil }
        var itemIndex: [String: Int] = [:]
        for (i, item) in items.enumerated() { itemIndex[item.id] = i }
        var blockOfItem = Array(repeating: 0, count: items.count)
        for (b, group) in groups.enumerated() { for i in group { blockOfItem[i] = b } }
        var blockSources = Array(repeating: [Source](), count: groups.count)
        var blockOfSource: [String: Int] = [:]
        for source in sources {
            guard let i = itemIndex[source.item] else { continue }
            blockSources[blockOfItem[i]].append(source)
            if blockOfSource[source.id] == nil { blockOfSource[source.id] = blockOfItem[i] }
        }
        var blockPools = Array(repeating: [CapacityPool](), count: groups.count)
        for pool in capacityPools {
            guard let b = pool.members.lazy.compactMap({ blockOfSource[$0.source] }).first else { continue }
            blockPools[b].append(pool)
        }
        return groups.indices.map { b in
            var block = self
            block.items = groups[b].map { items[$0] }
            block.sources = blockSources[b]
            block.capacityPools = blockPools[b]
            return block
        }
    }
}

extension PlanningModel {
    /// Solves the item blocks of `scenario` on `options.jobs` threads and assembles its plan.
    static func solveInBlocks(
        _ blocks: [Scenario], of scenario: Scenario, identity: ScenarioIdentity, options: PlanOptions
    ) throws(SolverError) -> Plan {
        let started = Date()
        // Every block shares the command's deadline (the same start and limit).
        var options = options
        if options.startedAt == nil { options.startedAt = .now }
        // Each block's search stops at its fair share of the time left (the time left times the
        // threads, over the blocks not finished yet) once it has an integer plan, so that one
        // hard block cannot leave the blocks after it no time for a first plan. Then the blocks
        // not proven optimal are searched again, from scratch, with the time still left, each
        // keeping the better of its two plans and the better of its two bounds.
        var plans = try solveBlocks(blocks, indices: Array(blocks.indices), identity: identity, options: options)
        let again = plans.indices.filter { plans[$0].status == .feasible }
        if !again.isEmpty, !GLPK.interruptRequested, let deadline = options.deadline(for: scenario, isMIP: true),
            ContinuousClock.now.duration(to: deadline) > .milliseconds(100)
        {
            let second = try solveBlocks(blocks, indices: again, identity: identity, options: options)
            for (k, b) in again.enumerated() { plans[b] = better(plans[b], second[k]) }
        }
        // Whole-unit demand re-solves once every block is solved, so none takes a core from a
        // block still searching within the time limit.
        let resolving = plans.indices.filter { b in
            plans[b].status == .optimal && plans[b].sensitivity != nil && plans[b].mipGap != nil
                && blocks[b].items.contains(where: \.integerUnits)
        }
        if !resolving.isEmpty, !GLPK.interruptRequested {
            // Only MIP blocks are re-solved.
            let solveOptions = options.solveOptions(for: scenario, isMIP: true)
            let deadline = solveOptions.deadline
            // Block after block, each block's variants on every core, all blocks sharing one
            // allowance of re-solves (as a monolithic solve would).
            var allowance = wholeUnitResolveLimit
            for b in resolving {
                guard var sensitivity = plans[b].sensitivity, let objective = plans[b].objective else { continue }
                allowance -= PlanningModel(scenario: blocks[b]).resolveWholeUnits(
                    &sensitivity, baseObjective: objective, options: solveOptions, deadline: deadline,
                    jobs: options.jobs,
                    allowance: allowance)
                plans[b].sensitivity = sensitivity
            }
        }
        return assemble(
            plans, of: scenario, identity: identity, options: options, seconds: Date().timeIntervalSince(started))
    }

    /// Solves the blocks at `indices` on `options.jobs` threads, each with its fair share of the
    /// time left as a soft deadline (see `solveInBlocks`); plans in the order of `indices`.
    static func solveBlocks(
        _ blocks: [Scenario], indices: [Int], identity: ScenarioIdentity, options: PlanOptions
    ) throws(SolverError) -> [Plan] {
        let unfinished = BlockCounter(indices.count)
        let workers = max(1, min(options.jobs, indices.count))
        let results = runInParallel(
            count: indices.count, jobs: options.jobs, makeWorker: { () },
            work: { _, k -> Result<Plan, SolverError> in
                defer { unfinished.value.subtract(1, ordering: .relaxed) }
                let b = indices[k]
                var blockOptions = options
                blockOptions.decompose = false
                blockOptions.defersWholeUnitResolves = true
                blockOptions.progressLabel = "of block \(b + 1)/\(blocks.count)"
                let model = PlanningModel(scenario: blocks[b])
                let isMIP = model.model.columnKinds.contains { $0 != .continuous }
                if let deadline = options.deadline(for: blocks[b], isMIP: isMIP) {
                    let now = ContinuousClock.now
                    let share = min(1, Double(workers) / Double(max(1, unfinished.value.load(ordering: .relaxed))))
                    blockOptions.softDeadline = now + (deadline - now) * share
                }
                return Result { () throws(SolverError) in try model.solve(identity: identity, options: blockOptions) }
            })
        var plans: [Plan] = []
        for result in results {
            switch result! {
            case .success(let plan): plans.append(plan)
            case .failure(let error): throw error
            }
        }
        return plans
    }

    /// The better of two plans of one MIP block (the lower cost; the second on a tie), with the
    /// gap against the better of their two bounds (each bound is valid for the block).
    static func better(_ first: Plan, _ second: Plan) -> Plan {
        guard second.status.hasPlan, let secondObjective = second.objective else { return first }
        guard first.status.hasPlan, let firstObjective = first.objective else { return second }
        func bound(_ plan: Plan, _ objective: Double) -> Double? {
            plan.mipGap.map { objective - $0 * abs(objective) }
        }
        var best = secondObjective <= firstObjective ? second : first
        let bestObjective = min(firstObjective, secondObjective)
        if best.status != .optimal,
            let bound = [bound(first, firstObjective), bound(second, secondObjective)].compactMap({ $0 }).max()
        {
            best.mipGap = clean(max(0, bestObjective - bound) / max(abs(bestObjective), .ulpOfOne))
        }
        return best
    }

    /// One plan from the plans of the item blocks (blocks as `independentItemBlocks` makes them).
    static func assemble(
        _ plans: [Plan], of scenario: Scenario, identity: ScenarioIdentity, options: PlanOptions, seconds: Double
    ) -> Plan {
        let statuses = plans.map(\.status)
        let status: PlanStatus =
            statuses.contains(.error)
            ? .error
            : statuses.contains(.unbounded)
                ? .unbounded
                : statuses.contains(.infeasible)
                    ? .infeasible
                    : statuses.contains(.timeLimit)
                        ? .timeLimit
                        : statuses.contains(.feasible) ? .feasible : .optimal
        var costs = CostBreakdown()
        for plan in plans {
            costs.procurement += plan.costs.procurement
            costs.fixed += plan.costs.fixed
            costs.holding += plan.costs.holding
            costs.backlog += plan.costs.backlog
            costs.unmet += plan.costs.unmet
            costs.investment += plan.costs.investment
            costs.reserve += plan.costs.reserve
        }
        costs = CostBreakdown(cleaning: costs)
        // Sources, onshoring lines and exclusions back in scenario order.
        var sourcePlans: [String: SourcePlan] = [:]
        var timelines: [String: OnshoringTimeline] = [:]
        for plan in plans {
            for source in plan.sources { sourcePlans[source.id] = source }
            for line in plan.onshoring { timelines[line.source] = line }
        }
        let sources = scenario.sources.map { sourcePlans[$0.id]! }
        // Items and pools back in scenario order; a block without components or pools has none of
        // their figures, which the whole scenario gives every item (zeros, nothing drawn).
        var itemPlans: [String: ItemPlan] = [:]
        var poolPlans: [String: PoolPlan] = [:]
        for plan in plans {
            for item in plan.items { itemPlans[item.id] = item }
            for pool in plan.capacityPools ?? [] { poolPlans[pool.id] = pool }
        }
        let withComponents = scenario.hasComponents
        let items = scenario.items.map { item -> ItemPlan in
            var entry = itemPlans[item.id]!
            if withComponents {
                entry.consumed = entry.consumed ?? Array(repeating: 0, count: scenario.periodCount)
                entry.components = entry.components ?? []
            }
            return entry
        }
        let pools = scenario.capacityPools.isEmpty ? nil : scenario.capacityPools.map { poolPlans[$0.id]! }
        let onshoring = scenario.sources.compactMap { timelines[$0.id] }
        let excluded = scenario.sources.indices.compactMap { s -> ExcludedSource? in
            let reasons = scenario.exclusionReasons(ofSource: s)
            return reasons.isEmpty
                ? nil : ExcludedSource(source: scenario.sources[s].id, reasons: reasons.map(\.rawValue))
        }
        let gaps = plans.compactMap(\.mipGap)
        let isMIP = plans.contains { $0.mipGap != nil }
        var diagnosis: [Diagnosis]?
        if status == .infeasible || status == .error {
            diagnosis = plans.flatMap { $0.diagnosis ?? [] }
        }
        let figures = SolverFigures(
            rows: plans.reduce(0) { $0 + $1.solver.rows }, columns: plans.reduce(0) { $0 + $1.solver.columns },
            nonzeros: plans.reduce(0) { $0 + $1.solver.nonzeros },
            integerColumns: plans.reduce(0) { $0 + $1.solver.integerColumns },
            seconds: seconds, glpkVersion: GLPK.version,
            settings: options.settings(for: scenario, isMIP: plans.contains { $0.solver.integerColumns > 0 }),
            verified: status.hasPlan && plans.allSatisfy(\.solver.verified),
            maxViolation: plans.contains { $0.solver.maxViolation == nil }
                ? nil : plans.compactMap(\.solver.maxViolation).max())
        var plan = Plan(
            scenario: identity, status: status, objective: status.hasPlan ? clean(costs.total) : nil,
            // The relative gap of a sum of non-negative objectives is at most the largest block gap.
            mipGap: isMIP && status.hasPlan ? (gaps.max() ?? 0) : nil,
            costs: costs, periods: scenario.periods, items: items, sources: sources,
            onshoring: onshoring, excluded: excluded, capacityPools: pools, diagnosis: diagnosis,
            sensitivity: mergeSensitivity(
                plans.compactMap(\.sensitivity), of: scenario, complete: plans.allSatisfy { $0.sensitivity != nil }),
            solver: figures)
        plan.currency = scenario.currency
        plan.spending = (0..<scenario.periodCount).map { t in
            clean(plans.reduce(0) { $0 + ($1.spending.indices.contains(t) ? $1.spending[t] : 0) })
        }
        plan.budget = scenario.policy.budget
        return plan
    }

    /// Block sensitivities merged in the order a monolithic solve lists them (sources, then periods).
    static func mergeSensitivity(_ parts: [Sensitivity], of scenario: Scenario, complete: Bool) -> Sensitivity? {
        guard complete, let first = parts.first else { return nil }
        var sourceOrder: [String: Int] = [:]
        for (s, source) in scenario.sources.enumerated() { sourceOrder[source.id] = s }
        var periodOrder: [String: Int] = [:]
        for (t, label) in scenario.periods.enumerated() { periodOrder[label] = t }
        func key(_ source: String, _ period: String) -> (Int, Int) {
            (sourceOrder[source] ?? 0, periodOrder[period] ?? 0)
        }
        var itemOrder: [String: Int] = [:]
        for (i, item) in scenario.items.enumerated() { itemOrder[item.id] = i }
        func itemKey(_ item: String, _ period: String) -> (Int, Int) {
            (itemOrder[item] ?? 0, periodOrder[period] ?? 0)
        }
        // Blocks exist only without a budget, so there is no budget value to merge.
        let skippedItems = parts.flatMap { $0.skipped?.items ?? [] }.sorted {
            (itemOrder[$0] ?? 0) < (itemOrder[$1] ?? 0)
        }
        var merged = Sensitivity(
            basis: parts.contains { $0.basis != first.basis } ? "mixed" : first.basis,
            complete: parts.allSatisfy(\.complete),
            capacityValue: parts.flatMap(\.capacityValue).sorted {
                key($0.source, $0.period) < key($1.source, $1.period)
            },
            demandCost: parts.flatMap(\.demandCost).sorted {
                itemKey($0.item, $0.period) < itemKey($1.item, $1.period)
            },
            unusedSources: parts.flatMap(\.unusedSources).sorted {
                key($0.source, $0.period) < key($1.source, $1.period)
            },
            costRanges: parts.flatMap(\.costRanges).sorted { key($0.source, $0.period) < key($1.source, $1.period) })
        if !skippedItems.isEmpty { merged.skipped = SkippedResolves(items: skippedItems, limit: wholeUnitResolveLimit) }
        return merged
    }
}

/// The number of item blocks not finished yet, shared by the threads solving them.
final class BlockCounter: Sendable {
    let value: Atomic<Int>
    init(_ count: Int) { value = Atomic(count) }
}
