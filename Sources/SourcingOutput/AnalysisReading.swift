import SourcingAnalysis
import SourcingModel

// Typed readers for the analysis documents the report draws: the JSON `sourcing sweep`,
// `tornado`, `frontier` and `stress` write (AnalysisJSON.swift, StressJSON.swift). Each reads
// what the report shows. A key a drawing cannot do without is required; the others may be absent
// or null (hand-written and older documents leave them out, a side without a plan has null
// figures); a key that is there with the wrong type, or a status or measure this tool does not
// know, is an error. As with plans, every error names the key path (`points[2].status`). Keys
// are named through each kind's key enum (AnalysisKeys.swift), as the writers name them.
// `sourcing merge` reads sweeps more strictly (SweepMerge.swift): it writes every figure of every
// point back out, so it needs them all.

/// A sweep document as the report reads it: the varied parameters and each point's values,
/// status and total cost.
public struct SweepFigures: Sendable, Equatable {
    /// A varied parameter: its path and the value list as given (`values`, when the document has it).
    public struct Parameter: Sendable, Equatable {
        public var path: String
        public var values: String?
    }

    /// A solved point.
    public struct Point: Sendable, Equatable {
        /// Each parameter's value at the point, in parameter order; nil where the point lacks it.
        public var values: [Double?]
        public var status: PlanStatus
        /// The total cost; nil without a plan.
        public var objective: Double?
    }

    public var currency: String?
    /// At least one.
    public var parameters: [Parameter]
    /// Points in the whole grid; nil when the document does not say.
    public var pointCount: Int?
    /// The shard the document holds, nil for a whole run.
    public var shard: Shard?
    /// The points the document holds, in its order.
    public var points: [Point]

    /// Reads a sweep document (`"kind": "sweep"`).
    /// - Throws: `PlanReadError` naming the key that is missing or wrong.
    public init(json: JSONValue) throws(PlanReadError) {
        let root = try KeyedReader<SweepKey>(json)
        currency = try root.with(AnalysisHeaderKey.self).optionalString(.currency)
        parameters = []
        for r in try root.objects(.parameters) {
            parameters.append(Parameter(path: try r.string(.path), values: try r.optionalString(.values)))
        }
        guard !parameters.isEmpty else {
            throw PlanReadError(path: root.key(.parameters), message: "is empty; a sweep varies at least one parameter")
        }
        pointCount = try root.intIfPresent(.pointCount)
        shard = try root.objectIfPresent(.shard)?.shard(index: .index, count: .count)
        points = []
        for r in try root.objects(.points) {
            let values = try r.members(.values)
            points.append(
                Point(
                    values: try parameters.map { (p) throws(PlanReadError) in try values.numberIfPresent(p.path) },
                    status: try r.status(.status), objective: try r.numberIfPresent(.objective)))
        }
    }
}

/// A tornado document as the report reads it: the base cost and each input's two sides.
public struct TornadoFigures: Sendable, Equatable {
    /// One side of a bar: the input's value there, the re-plan's status and total cost.
    public struct Side: Sendable, Equatable {
        public var value: Double?
        public var status: PlanStatus
        /// Nil without a plan.
        public var objective: Double?
    }

    /// One input.
    public struct Bar: Sendable, Equatable {
        public var path: String
        /// What `baseValue` and the sides' values are (`.value` when the document does not say).
        public var measure: TornadoMeasure
        public var unit: String?
        public var baseValue: Double?
        public var low: Side
        public var high: Side
        /// Nil when either side has no plan.
        public var swing: Double?
    }

    public var currency: String?
    /// How far each input moved (the share, `by`).
    public var share: Double?
    /// The base plan's total cost; nil when the base scenario has no plan.
    public var baseObjective: Double?
    public var bars: [Bar]

    /// Reads a tornado document (`"kind": "tornado"`).
    /// - Throws: `PlanReadError` naming the key that is missing or wrong.
    public init(json: JSONValue) throws(PlanReadError) {
        let root = try KeyedReader<TornadoKey>(json)
        currency = try root.with(AnalysisHeaderKey.self).optionalString(.currency)
        share = try root.numberIfPresent(.by)
        baseObjective = try root.numberIfPresent(.baseObjective)
        func side(_ r: KeyedReader<TornadoKey>) throws(PlanReadError) -> Side {
            Side(
                value: try r.numberIfPresent(.value), status: try r.status(.status),
                objective: try r.numberIfPresent(.objective))
        }
        bars = []
        for r in try root.objects(.bars) {
            var measure = TornadoMeasure.value
            if let text = try r.optionalString(.measure) {
                guard let known = TornadoMeasure(rawValue: text) else {
                    throw PlanReadError(
                        path: r.key(.measure),
                        message: "unknown measure \"\(text)\"; expected value, perPeriod, total or mean")
                }
                measure = known
            }
            bars.append(
                Bar(
                    path: try r.string(.path), measure: measure, unit: try r.optionalString(.unit),
                    baseValue: try r.numberIfPresent(.baseValue), low: try side(try r.object(.low)),
                    high: try side(try r.object(.high)), swing: try r.numberIfPresent(.swing)))
        }
    }
}

/// A frontier document as the report reads it: total cost per required domestic share.
public struct FrontierFigures: Sendable, Equatable {
    /// One required share and its re-plan.
    public struct Point: Sendable, Equatable {
        public var domesticShare: Double
        public var status: PlanStatus
        /// Nil where no plan reaches the share.
        public var objective: Double?
    }

    /// The item whose domestic share is required.
    public var item: String?
    public var currency: String?
    /// In the document's order.
    public var points: [Point]

    /// Reads a frontier document (`"kind": "frontier"`).
    /// - Throws: `PlanReadError` naming the key that is missing or wrong.
    public init(json: JSONValue) throws(PlanReadError) {
        let root = try KeyedReader<FrontierKey>(json)
        item = try root.optionalString(.item)
        currency = try root.with(AnalysisHeaderKey.self).optionalString(.currency)
        points = []
        for r in try root.objects(.points) {
            points.append(
                Point(
                    domesticShare: try r.number(.domesticShare), status: try r.status(.status),
                    objective: try r.numberIfPresent(.objective)))
        }
    }
}

/// A stress-test document as the report reads it: the window, and per disruption its figures.
public struct StressFigures: Sendable, Equatable {
    /// One item's shortfall in a disruption.
    public struct Item: Sendable, Equatable {
        public var id: String
        public var unitsShort: Double?
        public var unitsLate: Double?
        /// A period label.
        public var firstShortfall: String?
    }

    /// One knocked-out country or source; its figures are nil where the re-plan has no plan.
    public struct Disruption: Sendable, Equatable {
        public var target: String
        /// The knocked-out sources' ids.
        public var sources: [String]
        public var status: PlanStatus
        public var extraCost: Double?
        public var extraPenalty: Double?
        /// Units ordered before the disruption and lost in it, and their cost.
        public var lostUnits: Double?
        public var lostCost: Double?
        public var unitsShort: Double?
        public var unitsLate: Double?
        public var shortfallUnitPeriods: Double?
        public var survives: Bool?
        public var timeToSurvive: Double?
        /// A period label.
        public var firstShortfall: String?
        public var recoveryPeriods: Double?
        public var costExposure: Double?
        public var shortfallExposure: Double?
        public var items: [Item]
        /// The messages of the rules the re-plan could not keep.
        public var relaxedRules: [String]
    }

    /// What each disruption knocks out; nil when the document does not say.
    public var by: StressTarget?
    /// The window's first and last period labels, and its length in periods.
    public var from: String?
    public var through: String?
    public var duration: Int?
    /// Whether the window is the default one.
    public var defaultWindow: Bool?
    public var currency: String?
    /// The base plan's total cost.
    public var baseObjective: Double?
    public var stressPenalty: Double?
    /// Disruptions not solved (the run was stopped).
    public var missing: Int?
    public var disruptions: [Disruption]

    /// Reads a stress document (`"kind": "stress"`).
    /// - Throws: `PlanReadError` naming the key that is missing or wrong.
    public init(json: JSONValue) throws(PlanReadError) {
        let root = try KeyedReader<StressKey>(json)
        if let text = try root.optionalString(.by) {
            guard let target = StressTarget(rawValue: text) else {
                throw PlanReadError(
                    path: root.key(.by), message: "unknown target \"\(text)\"; expected country or source")
            }
            by = target
        }
        from = try root.optionalString(.from)
        through = try root.optionalString(.through)
        duration = try root.intIfPresent(.for)
        defaultWindow = try root.boolIfPresent(.defaultWindow)
        currency = try root.with(AnalysisHeaderKey.self).optionalString(.currency)
        baseObjective = try root.objectIfPresent(.base)?.numberIfPresent(.objective)
        stressPenalty = try root.numberIfPresent(.stressPenalty)
        missing = try root.intIfPresent(.missing)
        disruptions = []
        for r in try root.objects(.disruptions) {
            let lost = try r.objectIfPresent(.lostOrders)
            let exposure = try r.objectIfPresent(.exposure)
            var items: [Item] = []
            for e in try r.objectsIfPresent(.items) {
                items.append(
                    Item(
                        id: try e.string(.id), unitsShort: try e.numberIfPresent(.unitsShort),
                        unitsLate: try e.numberIfPresent(.unitsLate),
                        firstShortfall: try e.optionalString(.firstShortfall)))
            }
            var rules: [String] = []
            for e in try r.objectsIfPresent(.relaxedRules) { rules.append(try e.string(.message)) }
            disruptions.append(
                Disruption(
                    target: try r.string(.target), sources: try r.stringsIfPresent(.sources),
                    status: try r.status(.status),
                    extraCost: try r.numberIfPresent(.extraCost), extraPenalty: try r.numberIfPresent(.extraPenalty),
                    lostUnits: try lost?.numberIfPresent(.units), lostCost: try lost?.numberIfPresent(.cost),
                    unitsShort: try r.numberIfPresent(.unitsShort), unitsLate: try r.numberIfPresent(.unitsLate),
                    shortfallUnitPeriods: try r.numberIfPresent(.shortfallUnitPeriods),
                    survives: try r.boolIfPresent(.survives), timeToSurvive: try r.numberIfPresent(.timeToSurvive),
                    firstShortfall: try r.optionalString(.firstShortfall),
                    recoveryPeriods: try r.numberIfPresent(.recoveryPeriods),
                    costExposure: try exposure?.numberIfPresent(.cost),
                    shortfallExposure: try exposure?.numberIfPresent(.shortfall),
                    items: items, relaxedRules: rules))
        }
    }
}

extension AnalysisDocument {
    /// The `scenario.name` the document gives, for its heading (nil when it gives none).
    var scenarioName: String? {
        if case .string(let name)? = json[AnalysisHeaderKey.scenario.rawValue]?[AnalysisHeaderKey.name.rawValue] {
            return name
        }
        return nil
    }

    /// The `scenario.sha256` the document gives, to compare with the plan's.
    var scenarioSHA256: String? {
        if case .string(let sha)? = json[AnalysisHeaderKey.scenario.rawValue]?[AnalysisHeaderKey.sha256.rawValue] {
            return sha
        }
        return nil
    }
}
