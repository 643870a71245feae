// Reading what ties items together: a source's `consumes` (components it needs per unit started)
// and the top-level `capacityPools` (capacity shared by several sources). The rules are those of
// the format's "Components (multi-tier supply)" and "Capacity pools" sections:
// - a `consumes` entry names an existing item other than the line's own, once per source, with a
//   positive `perUnit` (both fields required);
// - an item that some line consumes has no `backlogPenalty` (every draw is met on time);
// - the relation "a line making A consumes B" has no cycle;
// - a pool has an id, a per-period capacity and a non-empty list of members, each an existing
//   source at most once, with a positive `perUnit` (default 1).
// The relation-wide rules (backlog, cycles) are checked after the walk, from the document itself,
// so each is reported once, at the entry that closes it, whatever order the sections come in.

extension ScenarioValidator {
    /// A source's `consumes`: an array of `{item, perUnit}`.
    func walkConsumes(_ node: DocumentNode, _ path: String) -> [Component] {
        guard let elements = array(node, path) else { return [] }
        var components: [Component] = []
        var firstPath: [String: String] = [:]
        for (index, element) in elements.enumerated() {
            let elementPath = "\(path)[\(index)]"
            var item: String?
            var perUnit = 1.0
            let present = object(element, elementPath, ComponentField.self) { field, value, path in
                switch field {
                case .item:
                    item = reference(value, path, known: knownItems, noun: "item")
                    if let id = item {
                        if let first = firstPath[id] {
                            report(
                                path,
                                "item \(quoted(id)) is listed twice (also \(first)); name each component once, with the units needed per unit built"
                            )
                            item = nil
                        } else {
                            firstPath[id] = path
                        }
                    }
                case .perUnit: perUnit = number(value, path, .positive) ?? 1
                }
            }
            if present != nil, let item { components.append(Component(item: item, perUnit: perUnit)) }
        }
        return components
    }

    /// A line may not consume the item it makes (checked once the source's `item` is known).
    func checkConsumesOwnItem(_ components: [Component], _ path: String, itemID: String?) {
        guard let itemID, !components.isEmpty,
            case .array(let elements)? = field("consumes", of: sourceNode(at: path))
        else { return }
        for (index, element) in elements.enumerated() {
            guard case .string(let consumed)? = field("item", of: element), consumed == itemID else { continue }
            report(
                "\(path).consumes[\(index)].item",
                "a line cannot consume the item it makes (\(quoted(itemID))); name the components it needs from other items"
            )
        }
    }

    /// One `capacityPools` entry.
    func walkCapacityPool(_ node: DocumentNode, _ path: String, _ registry: IDRegistry) -> CapacityPool? {
        var pool = CapacityPool(id: "", capacity: [], members: [])
        let present = object(node, path, CapacityPoolField.self) { field, value, path in
            switch field {
            case .id: pool.id = id(value, path, registry) ?? ""
            case .name: pool.name = string(value, path)
            case .capacity: pool.capacity = perPeriod(value, path, .nonNegative)
            case .capacityMode: pool.capacityMode = choice(value, path, CapacityMode.self) ?? .starts
            case .members: pool.members = walkPoolMembers(value, path)
            }
        }
        return present == nil ? nil : pool
    }

    private func walkPoolMembers(_ node: DocumentNode, _ path: String) -> [CapacityPool.Member] {
        guard let elements = array(node, path) else { return [] }
        if elements.isEmpty { report(path, "list at least one member source that draws on the pool") }
        var members: [CapacityPool.Member] = []
        var firstPath: [String: String] = [:]
        let known = knownSources.map { Set($0.keys) }
        for (index, element) in elements.enumerated() {
            var member = CapacityPool.Member(source: "")
            var resolved = false
            let present = object(element, "\(path)[\(index)]", PoolMemberField.self) { field, value, path in
                switch field {
                case .source:
                    guard let id = reference(value, path, known: known, noun: "source") else { return }
                    if let first = firstPath[id] {
                        report(
                            path,
                            "source \(quoted(id)) is listed twice in this pool (also \(first)); list each member once")
                    } else {
                        firstPath[id] = path
                        member.source = id
                        resolved = true
                    }
                case .perUnit: member.perUnit = number(value, path, .positive) ?? 1
                }
            }
            if present != nil, resolved { members.append(member) }
        }
        return members
    }

    // MARK: - Relation-wide rules

    /// No consumed item has `backlogPenalty`, and the consumes relation has no cycle. Read from
    /// the document (only entries whose ids are strings; broken ones are reported where they are).
    func checkComponentRelation() {
        guard let knownItems, case .array(let sourceNodes)? = field("sources", of: root) else { return }
        // Edges item → consumed item, each with the position of the entry that makes it.
        var edges: [String: [Edge]] = [:]
        var firstConsumer: [String: String] = [:]  // consumed item → source id of its first consumer
        for (k, node) in sourceNodes.enumerated() {
            guard case .string(let made)? = field("item", of: node), knownItems.contains(made),
                case .array(let entries)? = field("consumes", of: node)
            else { continue }
            let sourceID: String? = if case .string(let id)? = field("id", of: node) { id } else { nil }
            var seen: Set<String> = []
            for (j, entry) in entries.enumerated() {
                guard case .string(let consumed)? = field("item", of: entry), knownItems.contains(consumed),
                    consumed != made, seen.insert(consumed).inserted
                else { continue }
                edges[made, default: []].append(Edge(to: consumed, source: k, entry: j))
                if firstConsumer[consumed] == nil { firstConsumer[consumed] = sourceID ?? "sources[\(k)]" }
            }
        }
        guard !edges.isEmpty, case .array(let itemNodes)? = field("items", of: root) else { return }
        var itemOrder: [String] = []
        for (k, node) in itemNodes.enumerated() {
            guard case .string(let id)? = field("id", of: node) else { continue }
            itemOrder.append(id)
            guard let consumer = firstConsumer[id], field("backlogPenalty", of: node) != nil else { continue }
            let alsoUnmet = field("unmetPenalty", of: node) != nil ? " and unmetPenalty" : ""
            report(
                "items[\(k)].backlogPenalty",
                "item \(quoted(id)) is a component (source \(quoted(consumer)) consumes it), and every draw must be met on time from stock, so its demand is hard; remove backlogPenalty\(alsoUnmet)"
            )
        }
        reportCycles(edges, itemOrder: itemOrder)
    }

    /// A `consumes` entry as an edge of the relation: the item consumed, and where the entry is.
    private struct Edge {
        var to: String
        var source: Int
        var entry: Int
        var path: String { "sources[\(source)].consumes[\(entry)].item" }
    }

    /// A depth-first walk in scenario order; each edge that closes a cycle reports the cycle once,
    /// as `items[a] → items[b] → items[a]` (→: a line making the first consumes the second), at
    /// that edge's entry, in document order.
    private func reportCycles(_ edges: [String: [Edge]], itemOrder: [String]) {
        enum Mark { case open, done }
        var marks: [String: Mark] = [:]
        var stack: [String] = []
        var found: [(edge: Edge, cycle: String)] = []
        func visit(_ item: String) {
            marks[item] = .open
            stack.append(item)
            for edge in edges[item] ?? [] {
                switch marks[edge.to] {
                case .open?:
                    let start = stack.lastIndex(of: edge.to)!
                    found.append((edge, (stack[start...] + [edge.to]).map { "items[\($0)]" }.joined(separator: " → ")))
                case .done?: continue
                case nil: visit(edge.to)
                }
            }
            stack.removeLast()
            marks[item] = .done
        }
        for item in itemOrder where marks[item] == nil { visit(item) }
        for (edge, cycle) in found.sorted(by: { ($0.edge.source, $0.edge.entry) < ($1.edge.source, $1.edge.entry) }) {
            report(
                edge.path,
                "\(cycle): the consumes relation has a cycle (→ reads \"a line making the first consumes the second\"); an item cannot be a component of itself, directly or through other items"
            )
        }
    }

    // MARK: - Document access

    /// The value of `key` in an object node, if the node is an object holding it.
    private func field(_ key: String, of node: DocumentNode?) -> DocumentNode? {
        node?[key]
    }

    /// The source node at a path `sources[k]`.
    private func sourceNode(at path: String) -> DocumentNode? {
        guard path.hasPrefix("sources["), path.hasSuffix("]"),
            let k = Int(path.dropFirst("sources[".count).dropLast()),
            case .array(let nodes)? = field("sources", of: root), nodes.indices.contains(k)
        else { return nil }
        return nodes[k]
    }
}
