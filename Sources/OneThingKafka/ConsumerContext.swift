import CRdKafka
import Foundation
import OneThingSupport

/// The consumer's callback context (the conf opaque). It outlives the handle: the
/// `KafkaHandle` retains it until after `rd_kafka_destroy`.
final class ConsumerContext: Sendable, ClientErrorSink {
    let onRebalance: (@Sendable (RebalanceEvent) -> Void)?
    /// Told every change with its group generation, before the partitions are unassigned
    /// on a revoke; returns positions to commit before they are given up.
    let onAssignment: (@Sendable (AssignmentChange) -> [TopicPartitionOffset])?
    /// Where librdkafka's log lines go (`KafkaLogSource`); nil: librdkafka's stderr default.
    let logHandler: (@Sendable (KafkaLogRecord) -> Void)?
    private struct State {
        var lastBrokerError: String?
        var fatal: KafkaError?
        /// Offsets this member committed for partitions it still holds ("next to read"),
        /// for `ConsumerLag`. Forgotten when a partition is assigned or revoked: after a
        /// rebalance another member may have committed further.
        var committed: [TopicPartition: Int64] = [:]
        /// The group generation of the latest assignment: what a revoke or a loss reports.
        var heldGeneration: Int32?
    }

    private let state = Locked(State())

    init(onRebalance: (@Sendable (RebalanceEvent) -> Void)?,
         onAssignment: (@Sendable (AssignmentChange) -> [TopicPartitionOffset])? = nil,
         logHandler: (@Sendable (KafkaLogRecord) -> Void)?) {
        self.onRebalance = onRebalance
        self.onAssignment = onAssignment
        self.logHandler = logHandler
    }

    func recordBrokerError(_ text: String) {
        state.withLock { $0.lastBrokerError = text }
    }

    func recordFatal(_ error: KafkaError) {
        state.withLock { if $0.fatal == nil { $0.fatal = error } }
    }

    func recordCommitted(_ offsets: [TopicPartitionOffset]) {
        state.withLock { state in
            for offset in offsets {
                state.committed[TopicPartition(topic: offset.topic, partition: offset.partition)] = offset.offset
            }
        }
    }

    func forgetCommitted(_ partitions: [TopicPartition]) {
        state.withLock { state in for partition in partitions { state.committed[partition] = nil } }
    }

    var committedOffsets: [TopicPartition: Int64] { state.withLock { $0.committed } }

    /// Remembers the generation an assignment was made under, for its revoke or loss.
    func holdGeneration(_ generation: Int32?) { state.withLock { $0.heldGeneration = generation } }
    var heldGeneration: Int32? { state.withLock { $0.heldGeneration } }

    var fatalError: KafkaError? { state.withLock { $0.fatal } }
    var lastBrokerErrorText: String? { state.withLock { $0.lastBrokerError } }
}

/// Applies a rebalance for either protocol and reports it.
///
/// Runs on the consumer's own thread: inside `rd_kafka_consumer_poll` (as the
/// `rebalance_cb`) or while `close` serves its queue. COOPERATIVE rebalances change the
/// assignment incrementally; EAGER ones replace it. On revoke the offsets stored by
/// `commit` are committed first (unless the partitions were lost, then they belong to
/// someone else already).
///
/// An EAGER assignment that arrives while `close` leaves the group is declined
/// (`closing`): taking it would start fetching those partitions' committed offsets, and a
/// group that terminates with that fetch in flight trips librdkafka's assertion
/// `!rd_kafka_assignment_in_progress` in `rd_kafka_cgrp_terminated` and aborts the
/// process. A closing consumer reads nothing more anyway. (COOPERATIVE assignments during
/// a close are turned into an unassign by librdkafka itself.)
enum Rebalance {
    static func handle(_ rk: OpaquePointer, error: rd_kafka_resp_err_t,
                       partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
                       context: ConsumerContext?, closing: Bool = false) {
        let cooperative = rd_kafka_rebalance_protocol(rk).map { String(cString: $0) } == "COOPERATIVE"
        let changed = partitions.map(topicPartitions(of:)) ?? []
        // Whatever this member committed before no longer describes what it now holds.
        defer { context?.forgetCommitted(changed) }
        if closing && !cooperative && error == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS {
            _ = rd_kafka_assign(rk, nil)
            return
        }
        switch error {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            if cooperative {
                if let problem = rd_kafka_incremental_assign(rk, partitions) {
                    context?.recordBrokerError("incremental assign failed: " + String(cString: rd_kafka_error_string(problem)))
                    rd_kafka_error_destroy(problem)
                }
            } else {
                let error = rd_kafka_assign(rk, partitions)
                if error != RD_KAFKA_RESP_ERR_NO_ERROR {
                    context?.recordBrokerError("assign failed: " + String(cString: rd_kafka_err2str(error)))
                }
            }
            context?.onRebalance?(.assigned(changed))
            // Asked here, while the group is up; never on a revoke or a loss (see `generation`).
            let current = generation(rk)
            context?.holdGeneration(current)
            _ = context?.onAssignment?(AssignmentChange(kind: .assigned, partitions: changed, generation: current))
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            let lost = rd_kafka_assignment_lost(rk) != 0
            // Before anything is given up: the application finishes what it holds for
            // these partitions and says what it may still commit (not when lost: others
            // own them already).
            let settled = context?.onAssignment?(AssignmentChange(kind: lost ? .lost : .revoked, partitions: changed,
                                                                  generation: context?.heldGeneration)) ?? []
            if !lost {
                store(settled, rk)
                commitStored(rk, within: revokeCommitBound)
            }
            if cooperative {
                if let problem = rd_kafka_incremental_unassign(rk, partitions) { rd_kafka_error_destroy(problem) }
            } else {
                _ = rd_kafka_assign(rk, nil)
            }
            context?.onRebalance?(.revoked(changed))
        default:
            // A rebalance error: drop the assignment so librdkafka can recover.
            if cooperative {
                if let problem = rd_kafka_incremental_unassign(rk, partitions) { rd_kafka_error_destroy(problem) }
            } else {
                _ = rd_kafka_assign(rk, nil)
            }
            context?.recordBrokerError(String(cString: rd_kafka_err2str(error)))
            context?.onRebalance?(.revoked(changed))
            _ = context?.onAssignment?(AssignmentChange(kind: .lost, partitions: changed, generation: context?.heldGeneration))
        }
    }

    /// How long a revocation waits for its commit: a coordinator that does not answer
    /// (broker down, cluster gone while closing) must not hold the consumer's thread, and
    /// so every poll and the close, for ever. Past it the next owner re-reads from the
    /// last commit that did land (at-least-once, de-duplicated by `ce_id`).
    static let revokeCommitBound: Duration = .seconds(2)

    /// Commits the stored offsets of the assignment, waiting at most `bound` for the
    /// coordinator's answer. `rd_kafka_commit` (synchronous) has no bound of its own; the
    /// queue variant posts its result as an event that is awaited with one.
    private static func commitStored(_ rk: OpaquePointer, within bound: Duration) {
        guard let queue = rd_kafka_queue_new(rk) else { return }
        defer { rd_kafka_queue_destroy(queue) }
        guard rd_kafka_commit_queue(rk, nil, queue, nil, nil) == RD_KAFKA_RESP_ERR_NO_ERROR else { return }
        if let event = rd_kafka_queue_poll(queue, bound.milliseconds) { rd_kafka_event_destroy(event) }
    }

    /// Stores positions (next to read) for the commit that follows.
    private static func store(_ offsets: [TopicPartitionOffset], _ rk: OpaquePointer) {
        guard !offsets.isEmpty, let list = rd_kafka_topic_partition_list_new(Int32(clamping: offsets.count)) else { return }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for position in offsets {
            if let element = rd_kafka_topic_partition_list_add(list, position.topic, position.partition) {
                element.pointee.offset = position.offset
            }
        }
        _ = rd_kafka_offsets_store(rk, list)
    }

    /// The member's current group generation (set by the JoinGroup that led to this
    /// rebalance), or nil outside a group.
    ///
    /// `rd_kafka_consumer_group_metadata` asks librdkafka's main thread and waits for its
    /// answer with no bound. While `close` serves a revoke, that thread is busy leaving the
    /// group and never answers: asked from the revoke, it hung the consumer's thread, and
    /// so the close, for good. Only the assignment asks; revokes and losses report the
    /// generation their assignment was made under.
    static func generation(_ rk: OpaquePointer) -> Int32? {
        guard let metadata = rd_kafka_consumer_group_metadata(rk) else { return nil }
        defer { rd_kafka_consumer_group_metadata_destroy(metadata) }
        let value = rd_kafka_consumer_group_metadata_generation_id(metadata)
        return value >= 0 ? value : nil
    }

    static func topicPartitions(of list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> [TopicPartition] {
        let count = Int(list.pointee.cnt)
        guard count > 0, let elements = list.pointee.elems else { return [] }
        return (0..<count).map { index in
            let element = elements[index]
            return TopicPartition(topic: element.topic.map { String(cString: $0) } ?? "",
                                  partition: element.partition)
        }
    }
}

/// `rebalance_cb`: served by `rd_kafka_consumer_poll` on the consumer's thread.
let consumerRebalanceCallback: @convention(c) (
    OpaquePointer?, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
    UnsafeMutableRawPointer?
) -> Void = { rk, error, partitions, opaque in
    guard let rk else { return }
    let context = opaque.map { Unmanaged<ConsumerContext>.fromOpaque($0).takeUnretainedValue() }
    Rebalance.handle(rk, error: error, partitions: partitions, context: context)
}
