import Foundation
import SourcingModel
import SourcingOutput
import SourcingScenario
import TestSupport
import Testing

/// What a planner reads: the summary of the example models, word for word.
struct SummaryTests {
    /// The Arctic Security Cutter plan as `sourcing solve` prints it (solve time set to 0). The
    /// optimum is reasoned by hand in the model's comments (6,110); the sensitivity figures:
    /// one hull less in FY28 saves 478 (a Helsinki hull, 480, less two years' holding of
    /// Rauma's second hull, which now covers FY30 so that Helsinki's FY29 delivery still starts
    /// yard 2 on time; the 37% ally cap of 10 hulls allows only 3 Finnish ones); one more in FY33
    /// is one more Gulf Coast hull (565); none more can be delivered before FY33.
    @Test func theArcticSecurityCutterSummary() throws {
        let (scenario, identity) = try ExampleModels.scenario("arctic-security-cutter")
        // As `sourcing solve` does.
        var plan = try scenario.solve(identity: identity, options: PlanOptions(sensitivity: true))
        plan.solver.seconds = 0
        #expect(plan.summary() == Self.cutter)
    }

    /// The README's first screen shows exactly what `make run` prints (the solve time aside).
    @Test func theReadmeShowsWhatMakeRunPrints() throws {
        let readme = try String(contentsOf: Repository.root.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "`make run` prints (the solve time aside):\n\n```\n"))
        let end = try #require(readme.range(of: "\n```\n", range: start.upperBound..<readme.endIndex))
        let shown = String(readme[start.upperBound..<end.lowerBound]) + "\n"
        func withoutTime(_ text: String) -> String {
            text.replacingOccurrences(of: #"solved in [0-9.]+ m?s"#, with: "solved in …", options: .regularExpression)
        }
        #expect(withoutTime(shown) == withoutTime(Self.cutter))
    }

    static let cutter = """
        Arctic Security Cutter (US-Finland phased onshoring, illustrative): optimal, total cost 6,110.0 USD millions (MIP gap 0%)

        asc-hull — Arctic Security Cutter hull: demand 11 hulls, delivered 11 hulls, domestic share 63.6%
          period             FY26 FY27 FY28 FY29 FY30 FY31 FY32 FY33 FY34 FY35 FY36
          demand                0    0    2    1    1    1    1    1    1    2    1
          delivered             0    0    2    1    1    1    1    1    1    2    1
            domestic content    0    0    0    0    0    1    1    1    1    2    1
            allied content      0    0    2    1    1    0    0    0    0    0    0
            from US             0    0    0    0    0    1    1    1    1    2    1
            from FI             0    0    2    1    1    0    0    0    0    0    0
          utilisation
            rauma-yard       100% 100%   0%   0%   0%   0%   0%   0%   0%   0%   0%
            helsinki-yard      0%  50% 100%  50%   0%   0%   0%   0%   0%   0%   0%
            gulf-coast-yard     –    –    – 100% 100%  50%  50% 100% 100%   0%   0%
            us-yard-2           –    –    –    – 100% 100% 100% 100% 100% 100%   0%
          utilisation: of the capacity each line had that period (its ramp-up counted; – none yet)
          sources used (hulls ordered):
            rauma-yard       FI  2  Finnish yard A (Rauma-like)
            helsinki-yard    FI  2  Finnish yard B (Helsinki-like)
            gulf-coast-yard  US  4  US Gulf Coast yard (partner of the Rauma-like yard)
            us-yard-2        US  3  Second US yard (partner of the Helsinki-like yard)
          redundancy: 4 sources, 2 countries, largest source 36.4%, largest ally 36.4%, worst country loss leaves 0% covered

        Onshoring timeline (milestones in date order)
          gulf-coast-yard: facility invested FY27 → transfer complete FY28 → ready FY29 → first production FY29 → first delivery FY31 (4 hulls built at home, 2 abroad)
          us-yard-2: facility invested FY28 → transfer complete FY29 → ready FY30 → first production FY30 → first delivery FY32 (3 hulls built at home, 2 abroad)

        Costs (USD millions)
          procurement       5,810.0
          investment          300.0
          total             6,110.0

        Spending per period (USD millions, undiscounted)
          period    FY26  FY27  FY28  FY29  FY30  FY31  FY32  FY33  FY34  FY35  FY36
          spending   940   630   630   565   550   565   550 1,130   550     0     0

        Sensitivity (USD millions)
          asc-hull              FY26 FY27 FY28 FY29 FY30 FY31 FY32 FY33 FY34 FY35 FY36
            one more hull costs    ✕    ✕    ✕    ✕    ✕    ✕    ✕  565  566  567  566
            one hull less saves    –    –  478  479  480   -3   -4   -3   -2   -1   -1
          asc-hull: the plan solved again with one more and one less hull due (whole units); ✕ one more cannot be delivered, – nothing to drop; a negative saving: one less due costs more

        Model: 133 rows, 89 columns (78 integer), 421 nonzeros; solved in 1 ms with GLPK 5.0

        """

    /// The ASC plan with `policy.budget: 900`: Rauma's two hulls cost 940 in FY26, 40 over. The
    /// other ways out are relatively larger: a hull short is 1 of the largest period demand, 2
    /// (0.5). FY33 needs two US hulls started (the two FY35 deliveries: one slot at yard 2, and
    /// the single-hull years before leave no room to start them earlier), 565 + 550 = 1,115,
    /// 215 over (0.239): the diagnosis blames the budget twice, never demand.
    @Test func aBudgetBreachIsDiagnosedAsMoneyNotDemand() throws {
        var (scenario, identity) = try ExampleModels.scenario("arctic-security-cutter")
        scenario.policy.budget = Array(repeating: 900, count: scenario.periodCount)
        var plan = try scenario.solve(identity: identity)
        plan.solver.seconds = 0
        #expect(plan.status == .infeasible)
        let diagnosis = try #require(plan.diagnosis)
        #expect(diagnosis.map(\.rule) == [.budget, .budget])
        #expect(diagnosis.map(\.shortfall) == [40, 215])
        #expect(diagnosis.map(\.relativeShortfall) == [0.0444444444444, 0.238888888889])
        #expect(
            plan.summary() == """
                Arctic Security Cutter (US-Finland phased onshoring, illustrative): infeasible, total cost —

                The rules cannot all be met. With the least total violation (each rule's shortfall relative to its scale):
                  - FY26: budget short by 40 USD millions (4.4 %)
                  - FY32: budget short by 215 USD millions (23.9 %)

                Model: 144 rows, 89 columns (78 integer), 457 nonzeros; solved in 1 ms with GLPK 5.0

                """)
    }

    /// Opening stock is stated: 7,800 t due, 600 t in the stockpile, 7,200 t delivered (with
    /// thousands separators, as a planner reads them).
    @Test func theRareEarthSummaryStatesOpeningStock() throws {
        let text = try ExampleModels.plan("rare-earth-magnets").summary()
        #expect(
            text.contains(
                "ndfeb-magnet — Sintered NdFeB magnet (tonnes): demand 7,800 t, opening stock 600 t, delivered 7,200 t, domestic share 46.5%\n"
            ))
        // Discounted at 2%: the cost table says so, the spending table does not discount.
        #expect(text.contains("\nCosts (USD millions, discounted)\n"))
        #expect(text.contains("\nSpending per period (USD millions, undiscounted)\n"))
    }

    /// Domestic content is not units built at home: the Australian line carries 45% US content.
    /// Totals from the plan: 320.2 of domestic content, 250 missiles from US lines, so 70.2 is US
    /// content in allied missiles (156 Australian missiles × 0.45 = 70.2). And the budget line.
    @Test func theCoproductionSummarySaysWhatDomesticContentIs() throws {
        let text = try ExampleModels.plan("joint-coproduction").summary()
        #expect(
            text.contains(
                "\n  domestic content 320.2 = 250 missiles from US + 70.2 of US content in missiles from allies (co-production)\n"
            ))
        #expect(
            text.contains(
                """

                Spending per period against the budget (USD millions, undiscounted)
                  period    FY27  FY28  FY29  FY30  FY31  FY32
                  spending   375 320.6 447.8   379 447.8     0
                  budget     420   440   480   380   540   540
                  headroom    45 119.4  32.2     1  92.2   540

                """))
    }
}
