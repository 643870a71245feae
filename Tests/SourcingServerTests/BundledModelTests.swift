import Foundation
import Testing

@testable import SourcingServer

/// The models built into the binary are exactly the files of `models/`, byte for byte.
@Suite struct BundledModelTests {
    let modelsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../models").standardized

    @Test func everyModelFileIsBundled() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: modelsFolder.path)
            .filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(Bundled.modelFiles.sorted() == files)
    }

    @Test func bundledBytesAreTheFiles() throws {
        for model in Bundled.models {
            let bytes = try Data(contentsOf: modelsFolder.appendingPathComponent(model.file))
            #expect(Array(bytes) == model.bytes, "\(model.file)")
        }
        #expect(
            Array(try Data(contentsOf: modelsFolder.appendingPathComponent("scenario.schema.json")))
                == Bundled.scenarioSchema)
    }

    @Test func modelsDecodeAndDescribeThemselves() {
        #expect(
            ModelCatalog.entries.map(\.name) == [
                "Arctic Security Cutter (US-Finland phased onshoring, illustrative)",
                "AESA radar modules (illustrative)",
                "Rare-earth magnets (NdFeB) with embargo what-if (illustrative)",
                "Joint interceptor co-production (illustrative)",
                "Naval portfolio (shared dock, furnished pods and radars, illustrative)",
            ])
        #expect(ModelCatalog.entries.allSatisfy { $0.items > 0 && $0.sources > 0 && !$0.model.description.isEmpty })
    }
}
