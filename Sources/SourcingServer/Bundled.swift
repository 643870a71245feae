import Foundation
import Sourcing

// Files built into the binary (SwiftPM `embedInCode`): the example models of `models/` (linked
// as `Models`), the browser UI and the OpenAPI document (`Web/`). The server never reads them
// from disk, so the binary can be copied anywhere, and no request can name a file.

/// One example model shipped with the tool.
struct BundledModel: Sendable {
    /// The file's name without `.yaml`: what `/v1/models/{id}` takes.
    var id: String
    var file: String
    var bytes: [UInt8]

    /// The model's first comment line (what the file says it is).
    var description: String {
        let text = String(decoding: bytes.prefix(400), as: UTF8.self)
        guard let line = text.split(separator: "\n").first, line.hasPrefix("#") else { return "" }
        return line.dropFirst().trimmingCharacters(in: .whitespaces)
    }
}

enum Bundled {
    /// The models, in the README's order. Kept in step with `models/` by a test.
    static let models: [BundledModel] = [
        BundledModel(
            id: "arctic-security-cutter", file: "arctic-security-cutter.yaml",
            bytes: PackageResources.arctic_security_cutter_yaml),
        BundledModel(
            id: "aesa-radar-modules", file: "aesa-radar-modules.yaml", bytes: PackageResources.aesa_radar_modules_yaml),
        BundledModel(
            id: "rare-earth-magnets", file: "rare-earth-magnets.yaml", bytes: PackageResources.rare_earth_magnets_yaml),
        BundledModel(
            id: "joint-coproduction", file: "joint-coproduction.yaml", bytes: PackageResources.joint_coproduction_yaml),
        BundledModel(id: "naval-portfolio", file: "naval-portfolio.yaml", bytes: PackageResources.naval_portfolio_yaml),
    ]

    /// The names of every bundled model file (for the test that keeps them in step with `models/`).
    static var modelFiles: [String] { models.map(\.file) }

    static func model(_ id: Substring) -> BundledModel? {
        models.first { $0.id == id }
    }

    /// The scenario format's JSON Schema.
    static let scenarioSchema = PackageResources.scenario_schema_json

    /// The OpenAPI 3.1 document of the API.
    static let openAPI = PackageResources.openapi_json

    /// The browser UI: one page, its script and its style sheet.
    static let indexPage = PackageResources.index_html
    static let script = PackageResources.app_js
    static let styleSheet = PackageResources.app_css
}
