// The workbook form of a scenario (../shared/design/scenario-format.md, "Workbook form"): which
// sheets and columns it has, what kind of value each column holds, and a line of help for
// each (the template's README sheet). The reader (WorkbookFormReader) and writer
// (WorkbookFormWriter) both follow this table; a test checks that it covers every field the
// validator knows.

/// What a workbook column (or a `scenario` sheet row) holds, and so how its cells are read.
enum WorkbookValueKind: Equatable {
    /// Text: names, ids, references, choices. A number cell reads as its text (an id that
    /// looks like a number is still an id).
    case text
    /// A number cell, or decimal text.
    case number
    /// A spreadsheet boolean, or the text true/false.
    case bool
    /// A period label (text, or a whole number).
    case period
    /// Numbers per period: one column, or one `field[PERIOD]` column per period.
    case perPeriod
    /// Comma-separated text (`exportApproved`, `fromSources`, `embargo`).
    case textList
    /// Comma-separated numbers (`rampUp`).
    case numberList
    /// Comma-separated period labels (`periods`).
    case periodList
    /// One number, or comma-separated numbers, one per period (`policy.budget`).
    case numberOrList
    /// Comma-separated `id:perUnit` pairs, read as objects `{key: id, perUnit: n}`.
    case pairs(key: String)
}

/// One column of a table sheet, or one field row of the `scenario` sheet.
struct WorkbookColumn {
    /// The field's path inside one entry (`onshoring.facility.cost`), or at the top level.
    var path: String
    var kind: WorkbookValueKind
    /// Whether the format requires the field.
    var required: Bool
    /// One line for the template's README sheet.
    var help: String

    init(_ path: String, _ kind: WorkbookValueKind, required: Bool = false, _ help: String) {
        self.path = path
        self.kind = kind
        self.required = required
        self.help = help
    }

    /// The path's parts: `onshoring.facility.cost` → onshoring, facility, cost.
    var components: [String] { path.split(separator: ".").map(String.init) }
}

/// One table sheet: its name (also the scenario's top-level array) and its columns.
struct WorkbookTable {
    var name: String
    /// What one row is, for the README sheet.
    var entry: String
    var columns: [WorkbookColumn]

    func column(_ path: String) -> WorkbookColumn? { columns.first { $0.path == path } }
}

/// The layout of the workbook form.
enum WorkbookForm {
    /// The sheet of top-level fields, two columns `field` and `value`.
    static let scenarioSheet = "scenario"

    static let scenarioFields: [WorkbookColumn] = [
        WorkbookColumn("name", .text, "shown in reports (default: the file's name)"),
        WorkbookColumn("currency", .text, "label for money amounts, such as \"USD millions\""),
        WorkbookColumn(
            "periods", .periodList, required: true, "the period labels in order, comma-separated (FY26, FY27, ...)"),
        WorkbookColumn("discountRate", .number, "money in period t (from 0) is weighted by 1/(1+r)^t; default 0"),
        WorkbookColumn(
            "policy.allowPendingScreening", .bool,
            "whether countries with pending screening are eligible; default false"),
        WorkbookColumn("policy.embargo", .textList, "foreign country ids cut off entirely, comma-separated"),
        WorkbookColumn(
            "policy.budget", .numberOrList,
            "the most spent per period, undiscounted: one number, or one per period comma-separated"),
        WorkbookColumn(
            "solver.timeLimitSeconds", .number, "stop after this many seconds with the best plan found; default none"),
        WorkbookColumn("solver.mipGap", .number, "relative MIP gap at which a MIP counts as solved; default 0.0001"),
        WorkbookColumn("solver.presolve", .bool, "use GLPK's presolver; default true"),
    ]

    static let tables: [WorkbookTable] = [
        WorkbookTable(
            name: "countries", entry: "a country that hosts sources: the domestic one or an ally",
            columns: [
                WorkbookColumn("id", .text, required: true, "unique id (letters, digits, - _ .)"),
                WorkbookColumn("name", .text, "shown in reports"),
                WorkbookColumn(
                    "domestic", .bool, "true for the home country; exactly one country is domestic; default false"),
                WorkbookColumn(
                    "exportApproved", .textList,
                    "item categories this ally may be sent work for, comma-separated, or * for all; default none"),
                WorkbookColumn("ipProtection", .number, "strength of IP protection, 0 to 1; default 0"),
                WorkbookColumn("screening", .text, "investment screening: cleared, pending or denied; default cleared"),
            ]),
        WorkbookTable(
            name: "items", entry: "an end system or component that must be delivered",
            columns: [
                WorkbookColumn("id", .text, required: true, "unique id"),
                WorkbookColumn("name", .text, "shown in reports"),
                WorkbookColumn("category", .text, required: true, "matched against the countries' exportApproved"),
                WorkbookColumn("unit", .text, "what one unit is (hull, t, module): a label for outputs"),
                WorkbookColumn(
                    "demand", .perPeriod, required: true,
                    "units to deliver per period: one column, or demand[PERIOD] columns"),
                WorkbookColumn("integerUnits", .bool, "orders are whole units (makes a MIP); default false"),
                WorkbookColumn("initialInventory", .number, "units on hand before the first period; default 0"),
                WorkbookColumn("holdingCost", .number, "per unit in stock at the end of a period; default 0"),
                WorkbookColumn(
                    "backlogPenalty", .number,
                    "if given, demand may be late at this cost per unit short per period; empty: demand is hard"),
                WorkbookColumn(
                    "unmetPenalty", .number,
                    "with backlogPenalty: demand may stay unmet at the end at this cost per unit"),
                WorkbookColumn(
                    "minIPProtection", .number, "allies below this IP protection cannot make the item; default 0"),
                WorkbookColumn("domesticShare.min", .number, "least domestic share of delivered units, 0 to 1"),
                WorkbookColumn("domesticShare.max", .number, "most domestic share of delivered units, 0 to 1"),
                WorkbookColumn(
                    "domesticShare.from", .period, "first period the share rule applies to; default the first"),
                WorkbookColumn("domesticShare.over", .text, "period (each period, default) or horizon (summed)"),
                WorkbookColumn("maxSharePerSource", .number, "no single source delivers more than this share"),
                WorkbookColumn("maxSharePerAlly", .number, "no single foreign country delivers more than this share"),
                WorkbookColumn("shareOver", .text, "horizon (default) or period: where the two caps above hold"),
                WorkbookColumn(
                    "minSources.count", .number, "at least this many sources each deliver minSources.minShare of demand"
                ),
                WorkbookColumn("minSources.minShare", .number, "default 0.1"),
                WorkbookColumn(
                    "minCountries.count", .number,
                    "at least this many countries each deliver minCountries.minShare of demand"),
                WorkbookColumn("minCountries.minShare", .number, "default 0.1"),
                WorkbookColumn(
                    "resilience.survive", .text, "anySingleCountry or anySingleSource: the loss the plan must survive"),
                WorkbookColumn(
                    "resilience.coverage", .number, "share of each period's demand that must stay covered, 0 to 1"),
                WorkbookColumn("resilience.from", .period, "first period the rule applies to; default the first"),
            ]),
        WorkbookTable(
            name: "sources", entry: "one supplier line for one item",
            columns: [
                WorkbookColumn("id", .text, required: true, "unique id"),
                WorkbookColumn("name", .text, "shown in reports"),
                WorkbookColumn("country", .text, required: true, "id of the hosting country"),
                WorkbookColumn("item", .text, required: true, "id of the item made"),
                WorkbookColumn(
                    "unitCost", .perPeriod, required: true,
                    "cost per unit ordered: one column, or unitCost[PERIOD] columns"),
                WorkbookColumn(
                    "capacity", .perPeriod, required: true,
                    "capacity per period (see capacityMode): one column, or capacity[PERIOD] columns"),
                WorkbookColumn(
                    "capacityMode", .text, "starts (orders per period, default) or concurrent (units in work)"),
                WorkbookColumn("leadTime", .number, "periods from order to delivery, a whole number; default 0"),
                WorkbookColumn("fixedCost", .number, "paid once if the source takes any order (MIP); default 0"),
                WorkbookColumn("minOrder", .number, "in any period ordered from, at least this much (MIP); default 0"),
                WorkbookColumn(
                    "domesticContent", .number,
                    "share of each unit counted as domestic, 0 to 1; default 1 domestic, 0 foreign"),
                WorkbookColumn("costShare", .number, "share of unitCost the planner pays, 0 to 1; default 1"),
                WorkbookColumn("availableFrom", .period, "first period orders may be placed"),
                WorkbookColumn("availableUntil", .period, "last period orders may be placed"),
                WorkbookColumn(
                    "reserveCost", .number, "per unit of capacity held in reserve but unused, per period; default 0"),
                WorkbookColumn(
                    "onshoring.transfer.fromSources", .textList,
                    "the line may start only after onshoring.transfer.units from these sources (comma-separated) are delivered"
                ),
                WorkbookColumn("onshoring.transfer.units", .number, "units of the transfer, a whole number above 0"),
                WorkbookColumn("onshoring.facility.cost", .number, "one-time investment before the line may work"),
                WorkbookColumn(
                    "onshoring.facility.buildTime", .number,
                    "periods from investment to the line's first work; default 0"),
                WorkbookColumn(
                    "onshoring.facility.earliest", .period, "first period the investment may be made; default the first"
                ),
                WorkbookColumn(
                    "onshoring.rampUp", .numberList,
                    "capacity limits in the line's first periods of work, comma-separated"),
                WorkbookColumn(
                    "onshoring.sustainingRate", .number,
                    "once working, at least this many starts per period (a warm line)"),
                WorkbookColumn(
                    "consumes", .pairs(key: "item"),
                    "components each unit draws from the planner's stock: item:perUnit pairs, comma-separated (radar:1, pod:2)"
                ),
            ]),
        WorkbookTable(
            name: "capacityPools", entry: "capacity shared by several sources",
            columns: [
                WorkbookColumn("id", .text, required: true, "unique id"),
                WorkbookColumn("name", .text, "shown in reports"),
                WorkbookColumn(
                    "capacity", .perPeriod, required: true,
                    "pool capacity per period: one column, or capacity[PERIOD] columns"),
                WorkbookColumn("capacityMode", .text, "starts (default) or concurrent"),
                WorkbookColumn(
                    "members", .pairs(key: "source"), required: true,
                    "sources sharing the pool: source:perUnit pairs, comma-separated (perUnit default 1)"),
            ]),
    ]

    static func table(_ name: String) -> WorkbookTable? { tables.first { $0.name == name } }
}
