import OneThingCatalogueFiles
import OneThingExchange

/// The flow catalogue for `show`'s matter graph and `overdue`'s due-soon share, found the
/// way hubd finds it (`CatalogueLocator`: `--catalogue` / `ONETHING_CATALOGUE`, else an
/// installed or checked-out `Topics/`).
///
/// hubctl works without a catalogue (it only draws less), so failures come back as a
/// sentence to show the operator, never as an exit code.
struct CatalogueSource {
    var explicitPath: String?

    /// The catalogue, or why there is none.
    func load() -> Result<Catalogue, CatalogueUnavailable> {
        do {
            return .success(try CatalogueLocator().loadCatalogue(explicit: explicitPath).catalogue)
        } catch {
            return .failure(CatalogueUnavailable(reason: error.description))
        }
    }
}

/// Why no catalogue is at hand: shown to the operator beside the flat matter list.
struct CatalogueUnavailable: Error, Sendable, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}
