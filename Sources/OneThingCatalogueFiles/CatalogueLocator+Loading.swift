import OneThingExchange

extension CatalogueLocator {
    /// Locates the catalogue directory, reads its files and loads them: what `hubd`,
    /// `deptsim` and `hubctl` all do at start-up. The domain stays pure (it only sees
    /// bytes); this module is where the catalogue meets the file system.
    public func loadCatalogue(explicit: String?) throws(CatalogueLoadError) -> (directory: String, catalogue: Catalogue) {
        let directory: String
        let files: [String: [UInt8]]
        do {
            directory = try locate(explicit: explicit)
            files = try CatalogueFiles.read(directory: directory)
        } catch {
            throw .unavailable(error)
        }
        do {
            return (directory, try Catalogue.load(files: files))
        } catch {
            throw .invalid(directory: directory, error)
        }
    }
}

/// Why no catalogue could be loaded: not found or unreadable, or found but refused by
/// the domain (a bad edit under `Topics/`), with the file and the reason.
public enum CatalogueLoadError: Error, Sendable, CustomStringConvertible {
    case unavailable(CatalogueLocationError)
    case invalid(directory: String, CatalogueError)

    public var description: String {
        switch self {
        case .unavailable(let error): return error.message
        case .invalid(let directory, let error): return "the catalogue in \(directory) does not load: \(error)"
        }
    }
}
