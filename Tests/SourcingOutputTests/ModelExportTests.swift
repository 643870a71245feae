import Foundation
import LinearSolver
import Testing
import SourcingModel

/// `sourcing export` writes PlanningModel(names: true) through LinearProblem.write: any LP solver
/// reading the file must find the same optimum as the planner.
@Suite struct ModelExportTests {
    @Test(arguments: Models.names, [ModelFileFormat.lp, .freemps, .mps])
    func anExportedModelReSolvesToThePlansObjective(model: String, format: ModelFileFormat) throws {
        let (scenario, identity) = try Models.scenario(model)
        let plan = try scenario.solve(identity: identity)
        let objective = try #require(plan.objective)
        let built = PlanningModel(scenario: scenario, names: true)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(model)-\(UUID().uuidString).\(format.rawValue)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try LinearProblem(built.model).write(to: path, format: format)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        // Readable names: the formulation's own words (CPLEX LP has no [ ] or -, so GLPK writes
        // order(rauma~yard,FY27); fixed MPS keeps only names of up to 8 characters).
        switch format {
        case .lp: #expect(text.contains("order("))
        case .freemps, .glpk: #expect(text.contains("order["))
        case .mps: break
        }
        let read = try LinearProblem.read(from: path, format: format)
        #expect(read.rowCount == built.model.rowCount || format == .lp)
        let solution = read.solve(SolveOptions(mipGap: 0))
        let reSolved = try #require(solution.objective)
        #expect(abs(reSolved - objective) <= 1e-6 * max(1, abs(objective)), "\(model) \(format): \(reSolved) vs \(objective)")
    }
}
