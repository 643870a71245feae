import ArgumentParser
import Foundation
import Sourcing

extension StressTarget: ExpressibleByArgument {}

/// `sourcing stress`: knock out each country (or source) in turn and re-plan.
struct StressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stress",
        abstract:
            "Knock out each country (or source) in turn and report unmet demand, extra cost, time to survive and recover.",
        discussion: """
            Each disruption removes the country's (or source's) eligible lines from --from for --for \
            periods: no orders there, and orders placed earlier but not delivered before --from are \
            lost (still paid). Everything decided before --from stays as the base plan decided it; \
            from --from on the plan is re-optimised with demand made soft (a derived penalty) and \
            policy rules soft at the same penalty. Reported per disruption: units never delivered \
            and units late, extra cost over the base plan (what goes unmet or late valued at its \
            penalty, the stress penalty where the scenario sets none), time to survive \
            (periods until the first shortfall), periods until the shortfall is cleared after the \
            disruption, and the risk-exposure index (impact over the worst disruption's). \
            Disruptions are solved in parallel; the output order is the scenario's.
            """)

    @Argument(help: "The scenario file.")
    var scenario: String

    @Option(name: .long, help: "What to knock out: country or source.")
    var by: StressTarget = .country

    @Option(name: .long, help: "The first disrupted period (a period label; default the first period with demand).")
    var from: String?

    @Option(
        name: .customLong("for"), parsing: .unconditional,
        help: "How many periods the disruption lasts (default: 2, fewer when the horizon ends sooner).")
    var duration: Int?

    @Option(name: .long, help: "text, json or csv (one row per disruption).")
    var format: AnalysisFormat = .text

    @Option(name: .long, help: "Also write the result as an .xlsx workbook (disruptions, shortfalls, relaxed rules).")
    var xlsx: String?

    @Option(name: .long, help: "Write the result to this file (whole or not at all).")
    var out: String?

    @OptionGroup var parallel: ParallelOptions
    @OptionGroup var solver: SolverOptions

    func validate() throws {
        if let duration { try OptionLimits.checkCount(duration, option: "--for", in: 1...1_000_000) }
    }

    func run() throws {
        let files = try AnalysisOutput(format: format, out: out, xlsx: xlsx, inputs: [scenario])
        let base = try analysisBase(scenario, solver: solver)
        let test = try analysisRequest { () throws(AnalysisError) in
            try StressTest(base: base, by: by, from: from, duration: duration)
        }
        installStopHandlers()
        let bar = ProgressBar("stress")
        let results = test.run(
            jobs: parallel.jobs, shouldStop: { stopRequested.load(ordering: .relaxed) }, progress: bar.update)
        try files.write(
            text: { stressTable(results, test: test) },
            json: { stressJSON(results, test: test) }, csv: { stressOutputTables(results, test: test)[0].csv },
            workbook: { () throws(SpreadsheetError) in try stressWorkbook(results, test: test) })
    }
}
