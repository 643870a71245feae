// Benchmarks of sourcing (issue 9): decoding, model building, LP and MIP solves, sweeps.
//
// Inputs are generated in-process by `ScenarioGenerator` (deterministic: the same scenarios on
// every machine; `sourcing generate` with the same options writes the same files):
//   small   --items 20  --sources-per-item 5  --countries 6  --periods 12
//   medium  --items 100 --sources-per-item 8  --countries 8  --periods 24
//   large   --items 400 --sources-per-item 10 --countries 10 --periods 40   (≥ 500,000 nonzeros)
// "full" scenarios use every rule family (a MIP: fixed costs, onshoring, minimum sources);
// "LP" ones are `--lp-core --integer-share 0`. Every benchmark records wall clock, CPU time,
// mallocs and peak resident memory. The GLPK-level figures at the end (loading a large model
// with and without names, a warm re-solve after a cost change against a cold one, a MIP under
// a time limit) were printed by a test before; they are measurements, so they live here.
//
//   make bench                                   (from the repository root: everything)
//   swift package benchmark --filter "build.*"   (here: a subset)
//
// A benchmark whose input fails to load or solve stops at once (`try!`): error handling stays
// out of the measured loops.
// swift-format-ignore-file: NeverUseForceTry

import Benchmark
import Foundation
import Sourcing

let identity = ScenarioIdentity(name: "bench", sha256: "bench")

/// One size of generated scenario, with its file text and built model, made once.
struct Size: Sendable {
    let name: String
    let options: ScenarioGeneratorOptions
    let scenario: Scenario
    let json: [UInt8]
    let yaml: [UInt8]

    init(
        _ name: String, _ items: Int, _ sourcesPerItem: Int, _ countries: Int, _ periods: Int, lpCore: Bool,
        integerShare: Double = 0, seed: UInt64 = 1
    ) {
        self.name = name
        options = ScenarioGeneratorOptions(
            items: items, sourcesPerItem: sourcesPerItem, countries: countries, periods: periods,
            integerShare: integerShare, seed: seed, lpCore: lpCore)
        scenario = ScenarioGenerator.generate(options)!
        json = ScenarioWriter.bytes(scenario, format: .json)
        yaml = ScenarioWriter.bytes(scenario, format: .yaml)
    }
}

enum Inputs {
    static let full: [Size] = [
        Size("small", 20, 5, 6, 12, lpCore: false),
        Size("medium", 100, 8, 8, 24, lpCore: false),
        Size("large", 400, 10, 10, 40, lpCore: false),
    ]
    static let lp: [Size] = [
        Size("small", 20, 5, 6, 12, lpCore: true),
        Size("medium", 100, 8, 8, 24, lpCore: true),
        Size("large", 400, 10, 10, 40, lpCore: true),
    ]
    /// Generated MIPs (whole units on 30% of the items) that GLPK closes to the 1% gap quickly.
    static let mip: [Size] = [
        Size("small", 3, 3, 4, 6, lpCore: false, integerShare: 0.5, seed: 1),
        Size("medium", 20, 5, 6, 12, lpCore: false, integerShare: 0.3, seed: 1),
    ]
    static let cutter: Scenario = {
        let path = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("models/arctic-security-cutter.yaml").path
        return try! ScenarioLoader().load(path: path)
    }()
}

/// The iteration budget for a step that takes about `seconds` on the large size.
func configuration(seconds: Int = 3, iterations: Int = 50) -> Benchmark.Configuration {
    .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 1, maxDuration: .seconds(seconds), maxIterations: iterations)
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = configuration()

    // MARK: Reading and validating a scenario file (bytes in memory → Scenario).
    for size in Inputs.full {
        Benchmark(
            "decode+validate JSON \(size.name)", configuration: configuration(),
            closure: { benchmark in
                for _ in benchmark.scaledIterations {
                    blackHole(try! ScenarioLoader().decode(size.json, format: .json))
                }
            }, setup: { _ = Inputs.full })
        Benchmark(
            "decode+validate YAML \(size.name)", configuration: configuration(seconds: 5, iterations: 20),
            closure: { benchmark in
                for _ in benchmark.scaledIterations {
                    blackHole(try! ScenarioLoader().decode(size.yaml, format: .yaml))
                }
            }, setup: { _ = Inputs.full })
    }

    // MARK: Model building alone, and building plus loading into GLPK.
    for size in Inputs.full {
        Benchmark(
            "build \(size.name) (\(PlanningModel(scenario: size.scenario).model.nonzeroCount) nonzeros)",
            configuration: configuration(),
            closure: { benchmark in
                for _ in benchmark.scaledIterations {
                    blackHole(PlanningModel(scenario: size.scenario))
                }
            },
            setup: {
                if size.name == "large" {
                    precondition(
                        PlanningModel(scenario: size.scenario).model.nonzeroCount >= 500_000,
                        "the large size must have at least 500,000 nonzeros")
                }
            })
        Benchmark(
            "build+load \(size.name)", configuration: configuration(),
            closure: { benchmark in
                for _ in benchmark.scaledIterations {
                    let model = PlanningModel(scenario: size.scenario)
                    blackHole(try! LinearProblem(model.model))
                }
            })
    }

    // MARK: LP solves: as `sourcing solve` runs them (independent items as blocks, on every
    // core), and monolithic (one GLPK problem) where that takes seconds, not minutes.
    for size in Inputs.lp {
        Benchmark(
            "LP solve \(size.name)", configuration: configuration(seconds: 10, iterations: 20),
            closure: { benchmark in
                for _ in benchmark.scaledIterations {
                    blackHole(try! size.scenario.solve(identity: identity, options: PlanOptions()))
                }
            }, setup: { _ = Inputs.lp })
        guard size.name != "large" else { continue }  // monolithic: about 90 s here
        Benchmark(
            "LP solve monolithic \(size.name)", configuration: configuration(seconds: 10, iterations: 20),
            closure: { benchmark in
                for _ in benchmark.scaledIterations {
                    blackHole(try! size.scenario.solve(identity: identity, options: PlanOptions(decompose: false)))
                }
            })
    }

    // MARK: MIP solves: the Arctic Security Cutter model and generated MIPs.
    Benchmark(
        "MIP solve arctic-security-cutter", configuration: configuration(seconds: 10, iterations: 20),
        closure: { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try! Inputs.cutter.solve(identity: identity, options: PlanOptions()))
            }
        }, setup: { _ = Inputs.cutter })
    for size in Inputs.mip {
        Benchmark(
            "MIP solve generated \(size.name)", configuration: configuration(seconds: 10, iterations: 20),
            closure: { benchmark in
                for _ in benchmark.scaledIterations {
                    blackHole(try! size.scenario.solve(identity: identity, options: PlanOptions()))
                }
            }, setup: { _ = Inputs.mip })
    }

    // MARK: A 200-point cost sweep, cold (build and solve each point) vs warm (change costs in
    // place, re-solve from the base basis), on 1 and 2 threads.
    let sweepScenario = Inputs.lp[0].scenario
    let ally = sweepScenario.sources.first {
        $0.country != "HOME" && sweepScenario.isEligible(source: sweepScenario.sourceIndex($0.id)!)
    }!
    for warm in [false, true] {
        for jobs in [1, 2] {
            Benchmark(
                "sweep 200 points \(warm ? "warm" : "cold") jobs \(jobs) (LP small)",
                configuration: configuration(seconds: 10, iterations: 20),
                closure: { benchmark in
                    let base = try! AnalysisBase(scenario: sweepScenario, identity: identity, options: PlanOptions())
                    let sweep = try! Sweep(base: base, vary: ["sources[\(ally.id)].unitCost=x0.25..x2:200"])
                    benchmark.startMeasurement()
                    blackHole(sweep.run(jobs: jobs, warm: warm))
                    benchmark.stopMeasurement()
                }, setup: { _ = Inputs.lp })
        }
    }

    // MARK: GLPK through LinearSolver alone: loading a built model (the large LP core, with and
    // without row and column names), re-solving one problem after a cost change from its basis
    // against loading and solving the changed model from scratch, and a MIP under a time limit.
    let large = Inputs.lp[2]
    Benchmark(
        "load large LP into GLPK", configuration: configuration(seconds: 5, iterations: 20),
        closure: { benchmark in
            let model = PlanningModel(scenario: large.scenario).model
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(try! LinearProblem(model)) }
            benchmark.stopMeasurement()
        }, setup: { _ = Inputs.lp })
    Benchmark(
        "load large LP into GLPK with names", configuration: configuration(seconds: 5, iterations: 20),
        closure: { benchmark in
            let model = PlanningModel(scenario: large.scenario, names: true).model
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(try! LinearProblem(model)) }
            benchmark.stopMeasurement()
        }, setup: { _ = Inputs.lp })
    for method in [SolveOptions.Method.dualThenPrimal, .primal, .dual] {
        for warm in [false, true] {
            Benchmark(
                "LP small re-solve after a cost change \(warm ? "warm" : "cold") (\(method), one problem)",
                configuration: configuration(seconds: 5, iterations: 50),
                closure: { benchmark in
                    let options = SolveOptions(method: method, presolve: false)
                    let model = PlanningModel(scenario: Inputs.lp[0].scenario).model
                    let problem = try! LinearProblem(model)
                    let base = problem.solve(options)
                    // The most used column, four times dearer and back, in turn: each re-solve moves.
                    let column = model.columns.max { base[$0] < base[$1] }!
                    let costs = [4 * max(1, model.objective[column.index]), model.objective[column.index]]
                    benchmark.startMeasurement()
                    for (n, _) in benchmark.scaledIterations.enumerated() {
                        let cost = costs[n % 2]
                        if warm {
                            try! problem.setObjective(column: column, cost)
                            blackHole(problem.solve(options))
                        } else {
                            var changed = model
                            changed.setObjective(column: column, cost)
                            blackHole(try! LinearProblem(changed).solve(options))
                        }
                    }
                    benchmark.stopMeasurement()
                }, setup: { _ = Inputs.lp })
        }
    }
    Benchmark(
        "MIP generated medium, 1 s time limit, gap 0", configuration: configuration(seconds: 10, iterations: 5),
        closure: { benchmark in
            let problem = try! LinearProblem(PlanningModel(scenario: Inputs.mip[1].scenario).model)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(problem.solve(SolveOptions(timeLimit: 1, mipGap: 0))) }
            benchmark.stopMeasurement()
        }, setup: { _ = Inputs.mip })
}
