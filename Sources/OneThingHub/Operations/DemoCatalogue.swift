import Foundation
import OneThingCatalogueFiles
import OneThingExchange

/// The flow `hubd demo` serves: the catalogue's, except that its acknowledgement timeout
/// is raised when, scaled, it would be shorter than `minimumAcknowledgement` seconds.
///
/// Why: the demo squeezes days into seconds (time scale 1e-4), which turns the
/// catalogue's 10 minutes into 60 ms, less than one request/acknowledgement round trip
/// through Kafka. The hub would then resend nearly every request once, and a watcher
/// could not tell those resends from the ones the demo plays on purpose (departments
/// that stay silent). Only the demo's copy of the flow changes: `hubd run` serves the
/// catalogue as written, and the engine scales every duration the same way.
public enum DemoCatalogue {
    /// The served flow, and whether its acknowledgement timeout was raised.
    public static func servedFlow(directory: String?, timeScale: Double,
                                  minimumAcknowledgement: Double) throws -> (flow: Flow, raised: Bool) {
        let folder = try CatalogueLocator().locate(explicit: directory)
        var files = try CatalogueFiles.read(directory: folder)
        let flow = try HubCatalogue.servedFlow(of: Catalogue.load(files: files))
        guard timeScale > 0, flow.acknowledgementTimeout * timeScale < minimumAcknowledgement else { return (flow, false) }
        let seconds = (minimumAcknowledgement / timeScale).rounded(.up)
        for (path, bytes) in files where path.hasSuffix("flow.json") {
            guard case .object(var object)? = try? JSONValue(parsing: bytes),
                  object["name"]?.stringValue == flow.name else { continue }
            object["acknowledgementTimeout"] = .double(seconds)
            files[path] = JSONValue.object(object).serializedPretty()
        }
        let raised = try HubCatalogue.servedFlow(of: Catalogue.load(files: files))
        guard raised.acknowledgementTimeout == seconds else {
            throw HubCatalogueError(message: "the demo could not raise the acknowledgement timeout of flow \(flow.name)")
        }
        return (raised, true)
    }
}
