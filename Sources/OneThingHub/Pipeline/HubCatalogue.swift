import Foundation
import OneThingCatalogueFiles
import OneThingExchange

/// Finding, reading and loading the catalogue for the executables.
public enum HubCatalogue {
    /// Locates the catalogue (explicit directory, else the installed or checked-out
    /// `Topics/`), reads its files and loads it.
    public static func load(directory explicit: String?) throws -> Catalogue {
        try CatalogueLocator().loadCatalogue(explicit: explicit).catalogue
    }

    /// The flow `hubd run` serves. Decision: one daemon serves one flow (its topics, its
    /// store); a catalogue with several flows needs one daemon per flow, each with its own
    /// catalogue directory, so the choice is never implicit.
    public static func servedFlow(of catalogue: Catalogue) throws -> Flow {
        guard catalogue.flows.count == 1, let flow = catalogue.flows.first else {
            throw HubCatalogueError(message: "the catalogue has \(catalogue.flows.count) flows ("
                + catalogue.flows.map(\.name).joined(separator: ", ")
                + "); hubd run serves exactly one: point --catalogue at a directory with one flow")
        }
        return flow
    }
}

public struct HubCatalogueError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
