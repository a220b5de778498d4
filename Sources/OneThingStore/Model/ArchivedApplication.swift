import Foundation

/// Everything the store holds about one final application, as it goes into an archive
/// file (one JSON line each, see `ArchiveRecordCodec`) before the store forgets it:
/// the application with its matters and its promises (evaluations, rectifications,
/// cards, notices: `ApplicationRecord.promises`), its whole history, the administrators'
/// orders and its de-duplication keys.
public struct ArchivedApplication: Sendable, Hashable {
    public var application: ApplicationRecord
    public var history: [HistoryEntry]
    public var orders: [AdminOrder]
    public var processedEvents: [ProcessedEvent]
    /// When it was archived.
    public var archivedAt: Date
    /// The store it came from (`CorrelationStore.writerID`).
    public var writer: String

    public init(application: ApplicationRecord, history: [HistoryEntry], orders: [AdminOrder],
                processedEvents: [ProcessedEvent], archivedAt: Date, writer: String) {
        self.application = application
        self.history = history
        self.orders = orders
        self.processedEvents = processedEvents
        self.archivedAt = archivedAt
        self.writer = writer
    }

    public var id: String { application.id }
}

/// The batch of applications being archived (`StoreWriter.beginArchiveBatch`): the
/// archive file it goes to and that file's size before it, so a batch interrupted by a
/// crash is cut off the file again.
public struct ArchiveBatch: Sendable, Hashable {
    public var id: Int64
    /// The file's name inside the archive directory.
    public var file: String
    public var startOffset: Int64
    public var applicationIDs: [String]

    public init(id: Int64, file: String, startOffset: Int64, applicationIDs: [String]) {
        self.id = id
        self.file = file
        self.startOffset = startOffset
        self.applicationIDs = applicationIDs
    }
}
