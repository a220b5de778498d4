import CRdKafka
import Foundation

/// A group consumer that pulls on demand (see <doc:ThreadingModel>).
///
/// Auto commit and auto offset store are off: the application commits what it has
/// processed. Every blocking call (`rd_kafka_consumer_poll`, `rd_kafka_commit`, the close
/// handshake) runs on the consumer's own thread, one at a time.
///
/// Rebalances are served inside `poll`, so call `poll` at least every
/// `max.poll.interval.ms` (default 300 s) or the group evicts this member.
public final class KafkaConsumer: Sendable {
    private let core: ConsumerCore

    /// Group consumer; auto commit and auto offset store are OFF; `auto.offset.reset=earliest` by default.
    ///
    /// `onAssignment` hears every change with the member's group generation; on a revoke
    /// it runs before the partitions are given up, on the consumer's thread (inside
    /// `poll`), so it may block briefly to finish work for them (it must not await this
    /// consumer), and the positions it returns are committed with those stored so far.
    public init(configuration: KafkaConfiguration, groupID: String,
                onRebalance: (@Sendable (RebalanceEvent) -> Void)? = nil,
                onAssignment: (@Sendable (AssignmentChange) -> [TopicPartitionOffset])? = nil) throws(KafkaError) {
        core = try ConsumerCore(configuration: configuration, groupID: groupID, onRebalance: onRebalance,
                                onAssignment: onAssignment)
    }

    deinit {
        core.shutdown(timeout: .seconds(5), then: { _ in })
    }

    public func subscribe(topics: [String]) throws(KafkaError) {
        try core.subscribe(topics: topics)
    }

    /// Pulls at most `maxMessages` (waiting up to `timeout` for the first), on a thread the
    /// layer owns; never blocks a Swift concurrency thread. Empty array on timeout.
    /// Pulling only on demand means librdkafka's queue limits bound memory.
    public func poll(maxMessages: Int, timeout: Duration) async throws(KafkaError) -> [ConsumedMessage] {
        try await core.poll(maxMessages: maxMessages, timeout: timeout)
    }

    /// Pauses fetching for every partition assigned now, so `poll` can go on serving the
    /// group (heartbeats, rebalances, `max.poll.interval.ms`) while the application cannot
    /// take messages. Messages already fetched for them are dropped by librdkafka and
    /// fetched again after `resumePaused()` from the position the application reached.
    /// Returns how many partitions it paused. Partitions assigned later are not paused:
    /// call it again after a poll that returned messages.
    @discardableResult
    public func pauseAssigned() async throws(KafkaError) -> Int {
        try await core.pauseAssigned()
    }

    /// Resumes every partition `pauseAssigned` paused (those still assigned).
    public func resumePaused() async throws(KafkaError) {
        try await core.resumePaused()
    }

    /// The fatal error librdkafka raised on this consumer, if any: it is unusable from then on.
    public var fatalError: KafkaError? { core.fatalError }

    /// Commits `offset + 1` of each given message's partition (what has been processed).
    /// Waits for the broker's answer at most `timeout` (then `.timeout`; the commit may
    /// still land later), so an unreachable coordinator never holds the consumer's thread.
    public func commit(_ processed: [ConsumedMessage], timeout: Duration = .seconds(5)) async throws(KafkaError) {
        var next: [TopicPartition: Int64] = [:]
        for message in processed {
            let key = TopicPartition(topic: message.topic, partition: message.partition)
            next[key] = max(next[key] ?? Int64.min, message.offset + 1)
        }
        let offsets = next.map { TopicPartitionOffset(topic: $0.key.topic, partition: $0.key.partition, offset: $0.value) }
        try await core.commit(offsets: offsets, timeout: timeout)
    }

    /// Commits the given positions; offsets are "next to read". Bounded like `commit(_:)`.
    ///
    /// `onlyAssigned`: first drops every position of a partition this member is not
    /// assigned at that moment (checked on the consumer's thread, where rebalances are
    /// applied, so no rebalance can slip between the check and the commit). A classic
    /// group coordinator accepts any partition from a current member, so this is what
    /// keeps a member from committing for partitions a rebalance gave to another.
    /// `keep`, when given, is asked about each position on the consumer's thread too (so
    /// it sees the state the rebalance callbacks left, with no rebalance in between);
    /// positions it refuses are dropped as well. Returns the positions dropped.
    @discardableResult
    public func commit(offsets: [TopicPartitionOffset], onlyAssigned: Bool = false,
                       keep: (@Sendable (TopicPartitionOffset) -> Bool)? = nil,
                       timeout: Duration = .seconds(5)) async throws(KafkaError) -> [TopicPartitionOffset] {
        try await core.commit(offsets: offsets, onlyAssigned: onlyAssigned, keep: keep, timeout: timeout)
    }

    /// The group's committed offsets ("next to read") for these partitions, asked of the
    /// coordinator (a broker round trip, bounded by `timeout`); a partition with no
    /// committed offset is absent. Runs on the consumer's thread, behind a running `poll`.
    public func committed(_ partitions: [TopicPartition], timeout: Duration = .seconds(5)) async throws(KafkaError) -> [TopicPartition: Int64] {
        try await core.committed(partitions, timeout: timeout)
    }

    /// The lag of every partition currently assigned to this consumer whose lag is known
    /// (see `PartitionLag` for the definition and which partitions are left out), sorted
    /// by topic then partition. Only local librdkafka state is read (no broker round
    /// trip), on the consumer's own thread, so it waits behind a running `poll` at most.
    public func lag() async throws(KafkaError) -> [PartitionLag] {
        try await core.lag()
    }

    /// Leaves the group (serving the final rebalance, which commits what was stored) and
    /// destroys the handle. Bounded by `timeout`: past it the handle is destroyed without
    /// waiting further and `.timeout` is thrown. Idempotent.
    public func close(timeout: Duration) async throws(KafkaError) {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<Void, KafkaError>, Never>) in
            core.shutdown(timeout: timeout, then: { continuation.resume(returning: $0) })
        }
        try result.get()
    }
}

/// The consumer's state and the only code that calls librdkafka's consumer functions.
final class ConsumerCore: @unchecked Sendable {
    private let handle: KafkaHandle
    private let context: ConsumerContext
    private let thread: KafkaClientThread
    private let close = CloseOnce<Result<Void, KafkaError>>()

    init(configuration: KafkaConfiguration, groupID: String,
         onRebalance: (@Sendable (RebalanceEvent) -> Void)?,
         onAssignment: (@Sendable (AssignmentChange) -> [TopicPartitionOffset])?) throws(KafkaError) {
        let context = ConsumerContext(onRebalance: onRebalance, onAssignment: onAssignment,
                                      logHandler: configuration.logHandler)
        let handle = try NativeConfiguration.makeHandle(
            type: RD_KAFKA_CONSUMER, properties: configuration.consumerProperties(groupID: groupID),
            context: context
        ) { conf in
            rd_kafka_conf_set_rebalance_cb(conf, consumerRebalanceCallback)
            rd_kafka_conf_set_error_cb(conf, clientErrorCallback)
        }
        // Serve the main queue (errors, rebalances) from rd_kafka_consumer_poll.
        try handle.withPointer("consumer") { (rk) throws(KafkaError) in
            let error = rd_kafka_poll_set_consumer(rk)
            if error != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(error, detail: "cannot route events to the consumer queue") }
        }
        self.handle = handle
        self.context = context
        self.thread = KafkaClientThread(name: "kafka-consumer")
    }

    func subscribe(topics: [String]) throws(KafkaError) {
        try handle.withPointer("consumer") { (rk) throws(KafkaError) in
            guard let list = rd_kafka_topic_partition_list_new(Int32(clamping: topics.count)) else {
                throw KafkaError(kind: .fatal, message: "cannot allocate a topic list")
            }
            defer { rd_kafka_topic_partition_list_destroy(list) }
            for topic in topics {
                _ = rd_kafka_topic_partition_list_add(list, topic, -1)   // RD_KAFKA_PARTITION_UA
            }
            let error = rd_kafka_subscribe(rk, list)
            if error != RD_KAFKA_RESP_ERR_NO_ERROR {
                throw KafkaError(error, detail: "cannot subscribe to \(topics.joined(separator: ", "))")
            }
        }
    }

    func poll(maxMessages: Int, timeout: Duration) async throws(KafkaError) -> [ConsumedMessage] {
        let handle = self.handle
        let context = self.context
        let limit = max(1, maxMessages)
        let result: Result<[ConsumedMessage], KafkaError> = await thread.perform("consumer") {
            guard let rk = handle.pointerForOwner else { return .failure(.closed("consumer")) }
            if let fatal = context.fatalError { return .failure(fatal) }
            var messages: [ConsumedMessage] = []
            var wait = timeout.milliseconds
            let deadline = ContinuousClock.now + timeout
            while messages.count < limit {
                guard let raw = rd_kafka_consumer_poll(rk, wait) else {
                    // Nothing yet: keep waiting for the first record until the deadline
                    // (a rebalance callback may have ended the wait early).
                    if messages.isEmpty && ContinuousClock.now < deadline {
                        wait = (deadline - ContinuousClock.now).milliseconds
                        continue
                    }
                    break
                }
                defer { rd_kafka_message_destroy(raw) }
                wait = 0
                if raw.pointee.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                    // Consumer errors are informational (librdkafka recovers) unless fatal.
                    let error = KafkaError(raw.pointee.err, detail: Self.errorText(raw))
                    if raw.pointee.err == RD_KAFKA_RESP_ERR__FATAL {
                        return .failure(context.fatalError ?? error)
                    }
                    context.recordBrokerError(error.message)
                    continue
                }
                messages.append(Self.copy(raw))
            }
            return .success(messages)
        }
        return try result.get()
    }

    var fatalError: KafkaError? { context.fatalError }

    /// Partitions paused by `pauseAssigned`; touched only on the consumer's thread.
    private var paused: [TopicPartition] = []

    func pauseAssigned() async throws(KafkaError) -> Int {
        let handle = self.handle
        let result: Result<Int, KafkaError> = await thread.perform("consumer") { [self] in
            guard let rk = handle.pointerForOwner else { return .failure(.closed("consumer")) }
            var assignment: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
            let error = rd_kafka_assignment(rk, &assignment)
            guard error == RD_KAFKA_RESP_ERR_NO_ERROR, let assignment else {
                return .failure(KafkaError(error, detail: "cannot read the assignment"))
            }
            defer { rd_kafka_topic_partition_list_destroy(assignment) }
            guard assignment.pointee.cnt > 0 else { return .success(0) }
            let pausing = rd_kafka_pause_partitions(rk, assignment)
            if pausing != RD_KAFKA_RESP_ERR_NO_ERROR { return .failure(KafkaError(pausing, detail: "cannot pause")) }
            let partitions = Rebalance.topicPartitions(of: assignment)
            for partition in partitions where !paused.contains(partition) { paused.append(partition) }
            return .success(partitions.count)
        }
        return try result.get()
    }

    func resumePaused() async throws(KafkaError) {
        let handle = self.handle
        let result: Result<Void, KafkaError> = await thread.perform("consumer") { [self] in
            guard let rk = handle.pointerForOwner else { return .failure(.closed("consumer")) }
            guard !paused.isEmpty else { return .success(()) }
            guard let list = rd_kafka_topic_partition_list_new(Int32(clamping: paused.count)) else {
                return .failure(KafkaError(kind: .fatal, message: "cannot allocate a partition list"))
            }
            defer { rd_kafka_topic_partition_list_destroy(list) }
            for partition in paused { _ = rd_kafka_topic_partition_list_add(list, partition.topic, partition.partition) }
            // Partitions revoked meanwhile report an error of their own: nothing to resume.
            let error = rd_kafka_resume_partitions(rk, list)
            if error != RD_KAFKA_RESP_ERR_NO_ERROR { return .failure(KafkaError(error, detail: "cannot resume")) }
            paused.removeAll()
            return .success(())
        }
        try result.get()
    }

    @discardableResult
    func commit(offsets requested: [TopicPartitionOffset], onlyAssigned: Bool = false,
                keep: (@Sendable (TopicPartitionOffset) -> Bool)? = nil,
                timeout: Duration) async throws(KafkaError) -> [TopicPartitionOffset] {
        guard !requested.isEmpty else { return [] }
        let handle = self.handle
        let context = self.context
        let result: Result<[TopicPartitionOffset], KafkaError> = await thread.perform("consumer") {
            guard let rk = handle.pointerForOwner else { return .failure(.closed("consumer")) }
            var offsets = requested
            var dropped: [TopicPartitionOffset] = []
            if onlyAssigned {
                let assigned = Self.assignment(rk)
                dropped = offsets.filter { !assigned.contains(TopicPartition(topic: $0.topic, partition: $0.partition)) }
                offsets = offsets.filter { assigned.contains(TopicPartition(topic: $0.topic, partition: $0.partition)) }
            }
            if let keep {
                dropped += offsets.filter { !keep($0) }
                offsets = offsets.filter(keep)
            }
            if offsets.isEmpty { return .success(dropped) }
            guard let list = rd_kafka_topic_partition_list_new(Int32(clamping: offsets.count)) else {
                return .failure(KafkaError(kind: .fatal, message: "cannot allocate an offset list"))
            }
            defer { rd_kafka_topic_partition_list_destroy(list) }
            for position in offsets {
                if let element = rd_kafka_topic_partition_list_add(list, position.topic, position.partition) {
                    element.pointee.offset = position.offset
                }
            }
            // Stored offsets are what the revoke handler commits if this commit fails.
            _ = rd_kafka_offsets_store(rk, list)
            for index in 0..<Int(list.pointee.cnt) { list.pointee.elems[index].err = RD_KAFKA_RESP_ERR_NO_ERROR }
            // rd_kafka_commit(sync) would wait as long as the coordinator takes, with the
            // consumer's thread (and so every poll and the close) stuck behind it. The
            // queue variant posts the result as an event, which is awaited with a bound.
            guard let queue = rd_kafka_queue_new(rk) else {
                return .failure(KafkaError(kind: .fatal, message: "cannot allocate the commit queue"))
            }
            defer { rd_kafka_queue_destroy(queue) }
            let error = rd_kafka_commit_queue(rk, list, queue, nil, nil)
            if error != RD_KAFKA_RESP_ERR_NO_ERROR {
                return .failure(KafkaError(error, detail: "offset commit failed"))
            }
            guard let event = rd_kafka_queue_poll(queue, timeout.milliseconds) else {
                return .failure(KafkaError(RD_KAFKA_RESP_ERR__TIMED_OUT, detail: "offset commit not answered within \(timeout)"))
            }
            defer { rd_kafka_event_destroy(event) }
            let outcome = rd_kafka_event_error(event)
            if outcome != RD_KAFKA_RESP_ERR_NO_ERROR {
                return .failure(KafkaError(outcome, detail: "offset commit failed"))
            }
            if let committed = rd_kafka_event_topic_partition_list(event) {
                for index in 0..<Int(committed.pointee.cnt) {
                    let element = committed.pointee.elems[index]
                    if element.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                        let topic = element.topic.map { String(cString: $0) } ?? ""
                        return .failure(KafkaError(element.err, detail: "offset commit failed for \(topic)[\(element.partition)]"))
                    }
                }
            }
            context.recordCommitted(offsets)
            return .success(dropped)
        }
        return try result.get()
    }

    /// The partitions assigned to this member now; empty when it cannot be read.
    private static func assignment(_ rk: OpaquePointer) -> Set<TopicPartition> {
        var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        guard rd_kafka_assignment(rk, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return [] }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        return Set(Rebalance.topicPartitions(of: list))
    }

    func committed(_ partitions: [TopicPartition], timeout: Duration) async throws(KafkaError) -> [TopicPartition: Int64] {
        guard !partitions.isEmpty else { return [:] }
        let handle = self.handle
        let result: Result<[TopicPartition: Int64], KafkaError> = await thread.perform("consumer") {
            guard let rk = handle.pointerForOwner else { return .failure(.closed("consumer")) }
            guard let list = rd_kafka_topic_partition_list_new(Int32(clamping: partitions.count)) else {
                return .failure(KafkaError(kind: .fatal, message: "cannot allocate a partition list"))
            }
            defer { rd_kafka_topic_partition_list_destroy(list) }
            for partition in partitions { _ = rd_kafka_topic_partition_list_add(list, partition.topic, partition.partition) }
            let error = rd_kafka_committed(rk, list, timeout.milliseconds)
            if error != RD_KAFKA_RESP_ERR_NO_ERROR {
                return .failure(KafkaError(error, detail: "cannot read the committed offsets"))
            }
            var offsets: [TopicPartition: Int64] = [:]
            for index in 0..<Int(list.pointee.cnt) {
                let element = list.pointee.elems[index]
                guard element.err == RD_KAFKA_RESP_ERR_NO_ERROR, element.offset >= 0 else { continue }
                offsets[TopicPartition(topic: element.topic.map { String(cString: $0) } ?? "",
                                       partition: element.partition)] = element.offset
            }
            return .success(offsets)
        }
        return try result.get()
    }

    func lag() async throws(KafkaError) -> [PartitionLag] {
        let handle = self.handle
        let context = self.context
        let result: Result<[PartitionLag], KafkaError> = await thread.perform("consumer") {
            guard let rk = handle.pointerForOwner else { return .failure(.closed("consumer")) }
            if let fatal = context.fatalError { return .failure(fatal) }
            return ConsumerLagReader.read(rk, committed: context.committedOffsets)
        }
        return try result.get()
    }

    /// Leaves the group with `rd_kafka_consumer_close_queue`, serving its queue (rebalance
    /// events) until `rd_kafka_consumer_closed` or the deadline, then destroys the handle.
    func shutdown(timeout: Duration, then done: @escaping @Sendable (Result<Void, KafkaError>) -> Void) {
        guard close.join(done) else { return }

        let handle = self.handle
        let context = self.context
        thread.stop { [self] in
            var result: Result<Void, KafkaError> = .success(())
            if let rk = handle.pointerForOwner {
                switch Self.leaveGroup(rk, context: context, timeout: timeout) {
                case .left:
                    handle.destroy()
                case .failed(let error):
                    result = .failure(error)
                    // After a timed-out close, do not let rd_kafka_destroy block on it again.
                    handle.destroy(flags: Int32(RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE))
                case .abandoned(let error):
                    result = .failure(error)
                    handle.abandon()
                }
            }
            close.finish(result)
        }
    }

    /// How a close's leaving of the group ended.
    private enum LeaveOutcome {
        case left
        /// The handle may still be destroyed (without a second close).
        case failed(KafkaError)
        /// A rebalance's handling is stuck inside librdkafka (`ClosingRebalance`): the
        /// handle must not be destroyed under it.
        case abandoned(KafkaError)
    }

    private static func leaveGroup(_ rk: OpaquePointer, context: ConsumerContext, timeout: Duration) -> LeaveOutcome {
        guard let queue = rd_kafka_queue_new(rk) else {
            return .failed(KafkaError(kind: .fatal, message: "cannot allocate the close queue"))
        }
        if let problem = rd_kafka_consumer_close_queue(rk, queue) {
            let error = KafkaError(rd_kafka_error_code(problem),
                                   detail: String(cString: rd_kafka_error_string(problem)))
            rd_kafka_error_destroy(problem)
            rd_kafka_queue_destroy(queue)
            return .failed(error)
        }
        let deadline = ContinuousClock.now + timeout
        while rd_kafka_consumer_closed(rk) == 0 {
            let remaining = deadline - ContinuousClock.now
            if remaining <= .zero {
                rd_kafka_queue_destroy(queue)
                return .failed(KafkaError(RD_KAFKA_RESP_ERR__TIMED_OUT,
                                          detail: "consumer did not leave its group within \(timeout)"))
            }
            guard let event = rd_kafka_queue_poll(queue, min(remaining, .milliseconds(100)).milliseconds) else { continue }
            guard rd_kafka_event_type(event) == RD_KAFKA_EVENT_REBALANCE else {
                rd_kafka_event_destroy(event)
                continue
            }
            // The queue is left to the abandoned thread too: its event came from it.
            guard ClosingRebalance.serve(rk, event: event, context: context, within: deadline - ContinuousClock.now) else {
                return .abandoned(KafkaError(RD_KAFKA_RESP_ERR__TIMED_OUT,
                                             detail: "a rebalance served while leaving the group did not return within \(timeout); "
                                                 + "the consumer's handle is abandoned"))
            }
        }
        rd_kafka_queue_destroy(queue)
        return .left
    }

    /// A consumer error event carries its text as the payload, `len` bytes without a NUL.
    static func errorText(_ raw: UnsafeMutablePointer<rd_kafka_message_t>) -> String {
        guard let payload = raw.pointee.payload, raw.pointee.len > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: payload, count: raw.pointee.len), as: UTF8.self)
    }

    static func copy(_ raw: UnsafeMutablePointer<rd_kafka_message_t>) -> ConsumedMessage {
        let message = raw.pointee
        let topic = message.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        let key = message.key.map { Array(UnsafeRawBufferPointer(start: $0, count: message.key_len)) }
        let value = message.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: message.len)) }
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let millis = rd_kafka_message_timestamp(raw, &timestampType)
        let timestamp = millis >= 0 ? Date(timeIntervalSince1970: Double(millis) / 1000) : nil
        return ConsumedMessage(topic: topic, partition: message.partition, offset: message.offset,
                               key: key, value: value, headers: KafkaHeader.copyAll(from: raw),
                               timestamp: timestamp)
    }
}
