import Foundation
import OneThingArchive
import OneThingExchange
import OneThingStore

/// `hubctl show APPLICATION_ID --archive [DIR]`: an application hubd archived (final and
/// older than the retention period), read from the archive's monthly files, shown as
/// `show` shows a stored one, masked (the archive is read-only, so a reveal could not be
/// recorded), with the file it was found in and when it was archived.
struct ArchivedShowCommand {
    let applicationID: String
    /// The archive directory (`ArchiveDirectory.defaultPath(forStore:)` when not given).
    let directory: String
    let history: Bool
    let catalogue: Result<Catalogue, CatalogueUnavailable>

    func run(_ session: HubctlStore, _ presentation: Presentation) throws(HubctlFailure) -> CommandOutput {
        let found = try Self.find(applicationID, in: directory)
        guard let found else {
            throw .notFound("no application \(applicationID) in the archive \(directory)")
        }
        let detail = ApplicationDetail(record: found.archived.application, history: found.archived.history,
                                       orders: found.archived.orders)
        let view = ApplicationView(detail: detail, catalogue: catalogue)
        let path = directory + "/" + found.file
        let archivedAt = found.archived.archivedAt
        let show = ShowCommand(applicationID: applicationID, history: history, reveal: nil, account: "",
                               catalogue: catalogue)
        return CommandOutput(
            text: {
                "Archived \(presentation.dates.human(archivedAt)) in \(path) (no longer in the store).\n\n"
                    + ShowText(view: view, presentation: presentation, history: history, reveal: false).render()
            },
            json: {
                var object = show.json(view, presentation).objectValue ?? JSONObject()
                object["archive"] = Presentation.object([("file", .string(path)),
                                                         ("archivedAt", presentation.json(archivedAt))])
                return .object(object)
            })
    }

    /// The newest archived copy of the application, or nil; a damaged archive is a
    /// store error (exit 3), naming the file.
    static func find(_ id: String, in directory: String) throws(HubctlFailure) -> ArchiveSearch.Found? {
        do {
            return try ArchiveSearch.find(applicationID: id, in: ArchiveDirectory(path: directory))
        } catch {
            throw .store("reading the archive \(directory) failed: \(error)")
        }
    }
}

extension ArchivedShowCommand: AdminCommand {}
