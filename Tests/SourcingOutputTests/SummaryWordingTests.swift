import Foundation
import SourcingModel
import SourcingOutput
import SourcingScenario
import Testing

/// QA after issue 16: the summary said "1 sources, 1 countries" and printed figures to four
/// decimals ("1234.5678", "2235.1511 t"); a planner reads "1 source" and "1,234.6". The plan
/// JSON keeps the exact figures.
struct SummaryWordingTests {
    /// One domestic line (capacity 5,000 at 0.1 a tonne) and 1,000.25, 1,234.5678 and 0.3333 t
    /// due: everything is bought when due, 2,235.1511 t for 223.51511. Utilisation 20.005%,
    /// 24.69%, 0.0067% (<1%); spending 100.025, 123.45678, 0.03333.
    static let yaml = """
        name: One line
        currency: USD millions
        periods: [P1, P2, P3]
        countries:
          - id: US
            domestic: true
        items:
          - id: alloy
            category: metal
            unit: t
            demand: [1000.25, 1234.5678, 0.3333]
        sources:
          - id: plant
            country: US
            item: alloy
            unitCost: 0.1
            capacity: 5000
        """

    @Test func oneOfAKindIsSingularAndFiguresAreRoundedAsAPlannerReadsThem() throws {
        let bytes = Array(Self.yaml.utf8)
        let scenario = try ScenarioLoader().decode(bytes, format: .yaml)
        var plan = try scenario.solve(
            identity: ScenarioIdentity(name: scenario.name, bytes: bytes), options: PlanOptions(sensitivity: true))
        plan.solver.seconds = 0
        #expect(
            plan.summary() == """
                One line: optimal, total cost 223.5 USD millions

                alloy: demand 2,235.2 t, delivered 2,235.2 t, domestic share 100%
                  period                  P1      P2      P3
                  demand             1,000.3 1,234.6    0.33
                  delivered          1,000.3 1,234.6    0.33
                    domestic content 1,000.3 1,234.6    0.33
                    allied content         0       0       0
                    from US          1,000.3 1,234.6    0.33
                  utilisation
                    plant                20%     25%     <1%
                  utilisation: of the capacity each line had that period (its ramp-up counted; – none yet)
                  sources used (t ordered):
                    plant  US  2,235.2
                  redundancy: 1 source, 1 country, largest source 100%, largest ally 0%, worst country loss leaves 0% covered

                Costs (USD millions)
                  procurement         223.5
                  total               223.5

                Spending per period (USD millions, undiscounted)
                  period      P1    P2    P3
                  spending   100 123.5     0

                Sensitivity (USD millions)
                  alloy               P1  P2  P3
                    one more t costs 0.1 0.1 0.1

                Model: 3 rows, 6 columns (0 integer), 8 nonzeros; solved in 1 ms with GLPK 5.0

                """)
        // The JSON keeps every figure exact.
        let json = plan.jsonText()
        #expect(json.contains("1234.5678") && json.contains("0.3333"))
    }
}
