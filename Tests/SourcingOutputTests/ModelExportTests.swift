import Foundation
import LinearSolver
import SourcingModel
import TestSupport
import Testing

/// `sourcing export` writes PlanningModel(names: true) as a ModelFile: any LP solver reading
/// the file must find the same optimum as the planner, whatever the format.
@Suite struct ModelExportTests {
    @Test(arguments: ExampleModels.names, ModelFileFormat.allCases)
    func anExportedModelReSolvesToThePlansObjective(model: String, format: ModelFileFormat) throws {
        let (scenario, identity) = try ExampleModels.scenario(model)
        let plan = try scenario.solve(identity: identity)
        let objective = try #require(plan.objective)
        let built = PlanningModel(scenario: scenario, names: true)
        let file = try ModelFile(built.model, format: format)
        // Readable names in an alphabet every format keeps: order(rauma_yard,FY27); fixed MPS
        // numbers names longer than 8 characters, and its header maps them back.
        switch format {
        case .lp, .freemps, .glpk: #expect(file.text.contains("order("))
        case .mps: #expect(file.text.contains("* column C0000001 \"order["))
        }
        #expect(file.omittedFreeRows == 0 && !file.negatedObjective)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "export-\(model)-\(UUID().uuidString).\(format.rawValue)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(file.text.utf8).write(to: URL(fileURLWithPath: path))
        let read = try LinearProblem.read(from: path, format: format)
        #expect(read.rowCount == built.model.rowCount && read.columnCount == built.model.columnCount)
        let solution = read.solve(SolveOptions(mipGap: 0))
        let reSolved = try #require(solution.objective)
        #expect(
            abs(reSolved - objective) <= 1e-6 * max(1, abs(objective)),
            "\(model) \(format): \(reSolved) vs \(objective)")
    }
}
