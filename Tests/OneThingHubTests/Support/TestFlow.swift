import Foundation
import OneThingCatalogueFiles
import OneThingExchange
@testable import OneThingHub
import OneThingTestSupport

/// The real retirement catalogue from the package's Topics/ folder.
enum TestFlow {
    static let catalogueDirectory: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Topics").path

    static let retirement: Flow = {
        do {
            let catalogue = try Catalogue.load(files: try CatalogueFiles.read(directory: catalogueDirectory))
            guard let flow = catalogue.flow(named: "retirement") else { throw TestFailure("no retirement flow") }
            return flow
        } catch {
            preconditionFailure("the test catalogue does not load: \(error)")
        }
    }()
}

