import LinearSolver

// The block structure of a linear model: once the linking rows are set aside (budget rows
// today; any row that ties items together), the columns fall apart into connected components,
// and every other row belongs to exactly one of them. Components are found from the matrix
// itself (union-find over rows), so whatever ties items together (a shared pool, a component
// drawn by another item's line) keeps them in one block without this file knowing why.
// Nothing here calls GLPK.

/// A model's columns and rows split into blocks that only the linking rows tie together.
public struct BlockStructure: Sendable {
    /// The rows set aside, ascending.
    public let linkingRows: [RowID]
    /// The columns of each block, ascending.
    public let blockColumns: [[ColumnID]]
    /// The rows of each block (never a linking row), ascending.
    public let blockRows: [[RowID]]
    /// Matrix entries (indices into the model's triplets) of each block, in model order.
    let blockEntries: [[Int]]
    /// Position of each column in its block's column list, and of each row in its block's row
    /// list (nil: a linking row).
    let localColumn: [Int32]
    let localRow: [Int32?]

    /// The number of blocks.
    public var blockCount: Int { blockColumns.count }

    /// Splits `model` into the connected components left when `linkingRows` are removed.
    /// Consecutive components (in the order of their first column) are packed into one block
    /// until it has at least `minimumEntries` matrix entries, so that thousands of tiny
    /// components do not each cost a GLPK problem. A row with no entries goes to the first block.
    public init(model: LinearModel, linkingRows: [RowID], minimumEntries: Int = 256) {
        let m = model.rowCount
        let n = model.columnCount
        var isLinking = [Bool](repeating: false, count: m)
        for row in linkingRows { isLinking[row.index] = true }
        self.linkingRows = (0..<m).filter { isLinking[$0] }.map(RowID.init)

        // Union-find over columns; every non-linking row joins the columns it holds.
        var parent = [Int32](0..<Int32(clamping: n))
        func find(_ x: Int32) -> Int32 {
            var root = x
            while parent[Int(root)] != root { root = parent[Int(root)] }
            var node = x
            while parent[Int(node)] != root {
                let next = parent[Int(node)]
                parent[Int(node)] = root
                node = next
            }
            return root
        }
        // The first column of each row, which the row's other columns join; nil for a row without entries.
        var anchor = [Int32?](repeating: nil, count: m)
        let rows = model.entryRows
        let columns = model.entryColumns
        for k in rows.indices {
            let row = Int(rows[k])
            guard !isLinking[row] else { continue }
            let column = columns[k]
            if let first = anchor[row] {
                let a = find(first)
                let b = find(column)
                if a != b { if a < b { parent[Int(b)] = a } else { parent[Int(a)] = b } }
            } else {
                anchor[row] = column
            }
        }

        // Components numbered in order of their first column, then packed into blocks.
        var component = [Int32](repeating: 0, count: n)
        var componentOfRoot = [Int32?](repeating: nil, count: n)
        var componentCount: Int32 = 0
        for j in 0..<n {
            let root = Int(find(Int32(j)))
            if let known = componentOfRoot[root] {
                component[j] = known
            } else {
                componentOfRoot[root] = componentCount
                component[j] = componentCount
                componentCount += 1
            }
        }
        var componentEntries = [Int](repeating: 0, count: Int(componentCount))
        for k in rows.indices where !isLinking[Int(rows[k])] { componentEntries[Int(component[Int(columns[k])])] += 1 }
        var blockOfComponent = [Int32](repeating: 0, count: Int(componentCount))
        var blocks: Int32 = 0
        var filled = 0
        for c in 0..<Int(componentCount) {
            if c > 0 && filled >= minimumEntries {
                blocks += 1
                filled = 0
            }
            blockOfComponent[c] = blocks
            filled += componentEntries[c]
        }
        let blockCount = componentCount == 0 ? 0 : Int(blocks) + 1

        // Every column is in a block, so localColumn and columnBlock are set for each.
        var blockColumns = [[ColumnID]](repeating: [], count: blockCount)
        var localColumn = [Int32](repeating: 0, count: n)
        var columnBlock = [Int32](repeating: 0, count: n)
        for j in 0..<n {
            let b = Int(blockOfComponent[Int(component[j])])
            columnBlock[j] = Int32(b)
            localColumn[j] = Int32(blockColumns[b].count)
            blockColumns[b].append(ColumnID(j))
        }
        var blockRows = [[RowID]](repeating: [], count: blockCount)
        var localRow = [Int32?](repeating: nil, count: m)
        for i in 0..<m where !isLinking[i] && blockCount > 0 {
            let b = anchor[i].map { Int(columnBlock[Int($0)]) } ?? 0
            localRow[i] = Int32(blockRows[b].count)
            blockRows[b].append(RowID(i))
        }
        var blockEntries = [[Int]](repeating: [], count: blockCount)
        for k in rows.indices where !isLinking[Int(rows[k])] {
            blockEntries[Int(columnBlock[Int(columns[k])])].append(k)
        }
        self.blockColumns = blockColumns
        self.blockRows = blockRows
        self.blockEntries = blockEntries
        self.localColumn = localColumn
        self.localRow = localRow
    }

    /// Block `b` of `model` as a model of its own: its columns and rows in order, without names.
    /// `model` must be the model the structure was made from.
    public func submodel(_ b: Int, of model: LinearModel) -> LinearModel {
        var sub = LinearModel()
        sub.direction = model.direction
        let columns = blockColumns[b]
        let rows = blockRows[b]
        let entries = blockEntries[b]
        sub.reserve(columns: columns.count, rows: rows.count, nonzeros: entries.count)
        for column in columns {
            let j = column.index
            sub.addColumn(
                lower: model.columnLower[j], upper: model.columnUpper[j], objective: model.objective[j],
                kind: model.columnKinds[j])
        }
        for row in rows { sub.addRow(lower: model.rowLower[row.index], upper: model.rowUpper[row.index]) }
        for k in entries {
            // A block's entries lie in its own rows, never a linking one.
            guard let row = localRow[Int(model.entryRows[k])] else { continue }
            sub.addEntry(
                row: RowID(Int(row)), column: ColumnID(Int(localColumn[Int(model.entryColumns[k])])),
                value: model.entryValues[k])
        }
        return sub
    }

    /// The basis of the whole model made of one basis per block (statuses in the blocks' own
    /// order) with every linking row basic: its slack takes up whatever the blocks leave.
    public func composedBasis(_ blockBases: [Basis], rowCount: Int, columnCount: Int) -> Basis {
        var basis = Basis(
            rowStatus: Array(repeating: .basic, count: rowCount),
            columnStatus: Array(repeating: .lowerBound, count: columnCount))
        for (b, blockBasis) in blockBases.enumerated() {
            for (k, column) in blockColumns[b].enumerated() { basis[column] = blockBasis.columnStatus[k] }
            for (k, row) in blockRows[b].enumerated() { basis[row] = blockBasis.rowStatus[k] }
        }
        return basis
    }
}
