import Foundation

/// One record of a flow's state topic: an application's whole current state, written
/// after every store transaction that changed it, keyed by the application id, to the
/// partition of the application's input. The topic is compacted, so it keeps the newest
/// record of every application, and any instance can rebuild a partition's applications,
/// matters, timers, de-duplication keys and not-yet-published messages from it alone
/// (`ChangelogRestore`). The format is documented in `Topics/README.md`.
public struct StateRecord: Sendable, Hashable {
    /// The version of the JSON format (`StateRecordCodec`); a reader refuses a newer one.
    public static let formatVersion = 1

    /// The application with its matters and timers; its `ownerEpoch` is the record's
    /// owner epoch (the partition's ownership epoch of the instance that wrote it).
    public var application: ApplicationRecord
    /// The id of the store that wrote the record (`CorrelationStore.writerID`): its
    /// `pendingMessages` ids are that store's outbox ids.
    public var writer: String
    /// Every outbox id of `writer` up to this one was acknowledged by the broker when the
    /// record was written (nil: not known). A restore skips pending messages a later
    /// record of the same writer shows as published.
    public var publishedThrough: Int64?
    /// The application's de-duplication keys (CloudEvents source + id of what it
    /// processed), with when each was processed (pruning keeps its meaning).
    public var processedEvents: [ProcessedEvent]
    /// The application's messages still in the writer's outbox, with their original
    /// `ce_id` in the headers: a new owner sends them again (consumers de-duplicate).
    public var pendingMessages: [OutboxMessage]

    public init(application: ApplicationRecord, writer: String, publishedThrough: Int64?,
                processedEvents: [ProcessedEvent], pendingMessages: [OutboxMessage]) {
        self.application = application
        self.writer = writer
        self.publishedThrough = publishedThrough
        self.processedEvents = processedEvents
        self.pendingMessages = pendingMessages
    }

    public var epoch: Int64 { application.ownerEpoch }
}

/// A de-duplication key with the instant it was processed.
public struct ProcessedEvent: Sendable, Hashable {
    public var key: String
    public var at: Date

    public init(key: String, at: Date) {
        self.key = key
        self.at = at
    }
}
