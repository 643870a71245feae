import Foundation
import SourcingModel
import SourcingScenario

/// Where the repository's files are, found from this file's path.
public enum Repository {
    /// The repository's root folder.
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// `models/`: the example models and the scenario JSON Schema.
    public static let models = root.appendingPathComponent("models")

    /// A file under the root, by its relative path.
    public static func file(_ relativePath: String) -> URL { root.appendingPathComponent(relativePath) }
}

/// The example models in `models/`, read (and solved) with the real loader and GLPK.
public enum ExampleModels {
    /// The models every list below must include: a listing that misses one (an unreadable
    /// folder, a wrong path) fails the tests that use it instead of running them on nothing.
    public static let known = [
        "aesa-radar-modules", "arctic-security-cutter", "joint-coproduction", "naval-portfolio", "rare-earth-magnets",
    ]

    /// The file names in `models/` with one of `extensions`, sorted. When the folder cannot be
    /// read or lacks a known model, the one name is a sentence saying so: a test that takes these
    /// as arguments then fails on it (opening a file of that name) rather than passing on none.
    public static func files(extensions: Set<String> = ["yaml"]) -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: Repository.models.path)
        } catch {
            return ["models/ cannot be listed (\(error.localizedDescription))"]
        }
        let chosen = names.filter {
            extensions.contains(($0 as NSString).pathExtension) && !$0.hasSuffix(".schema.json")
        }
        .sorted()
        let stems = Set(names.map { ($0 as NSString).deletingPathExtension })
        let missing = known.filter { !stems.contains($0) }
        guard missing.isEmpty, !chosen.isEmpty else {
            return ["models/ lacks \(missing.joined(separator: ", ")) (found \(names.sorted()))"]
        }
        return chosen
    }

    /// The stems of the YAML models (`arctic-security-cutter`, …), sorted; see `files`.
    public static var names: [String] { files().map { $0.hasSuffix(".yaml") ? String($0.dropLast(5)) : $0 } }

    /// The path of model `name` (a stem: `arctic-security-cutter`, or a file name).
    public static func path(_ name: String) -> String {
        Repository.models.appendingPathComponent(name.contains(".") ? name : "\(name).yaml").path
    }

    /// Model `name`, decoded, with the identity a plan of it records.
    public static func scenario(_ name: String) throws -> (Scenario, ScenarioIdentity) {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path(name))))
        let scenario = try ScenarioLoader().decode(bytes, format: .yaml)
        return (scenario, ScenarioIdentity(name: scenario.name, bytes: bytes))
    }

    /// Model `name` solved with the default options (real GLPK), its solve time set to 0: the one
    /// figure that differs between runs.
    public static func plan(_ name: String, options: PlanOptions = PlanOptions()) throws -> Plan {
        let (scenario, identity) = try scenario(name)
        var plan = try scenario.solve(identity: identity, options: options)
        plan.solver.seconds = 0
        return plan
    }
}
