import CRdKafka
import Foundation

/// Reads one partition from an offset up to its end as it is when the read starts,
/// outside any consumer group (nothing is committed): how the hub rebuilds a state
/// partition it was just assigned.
///
/// Blocking, by design: it runs where the hub must not go on before the partition is
/// rebuilt, i.e. on the group consumer's own thread inside its rebalance callback (no
/// input of the new assignment is handed out until the callback returns). Never call it
/// on a Swift concurrency thread: use `readDetached` there.
public enum PartitionReader {
    /// Reads `topic`/`partition` from `offset` (nil or below the log start: from the
    /// beginning) to its end as of the read (see `bulkReadProperties`), handing `onChunk` up to `chunkSize`
    /// records at a time in offset order. Returns the offset after the last record
    /// (where the next read starts). Fails with `.timeout` when the records do not come
    /// within `timeout` of each other.
    public static func read(configuration: KafkaConfiguration, topic: String, partition: Int32, from offset: Int64?,
                            chunkSize: Int = 2_000, timeout: Duration = .seconds(30),
                            onChunk: ([ConsumedMessage]) throws -> Void) throws -> Int64 {
        var properties = configuration.consumerProperties(groupID: "onething-partition-reader")
        properties.append(contentsOf: bulkReadProperties(for: configuration))
        let handle = try NativeConfiguration.makeHandle(type: RD_KAFKA_CONSUMER, properties: properties, context: nil)
        defer { handle.destroy() }
        guard let rk = handle.pointerForOwner else { throw KafkaError.closed("partition reader") }
        var low: Int64 = 0, high: Int64 = 0
        let watermarks = rd_kafka_query_watermark_offsets(rk, topic, partition, &low, &high, timeout.milliseconds)
        guard watermarks == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(watermarks, detail: "cannot read the end of \(topic)[\(partition)]")
        }
        let start = max(offset ?? low, low)
        guard start <= high else { return start }
        guard let list = rd_kafka_topic_partition_list_new(1) else {
            throw KafkaError(kind: .fatal, message: "cannot allocate a partition list")
        }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        rd_kafka_topic_partition_list_add(list, topic, partition)?.pointee.offset = start
        let assigned = rd_kafka_assign(rk, list)
        guard assigned == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(assigned, detail: "cannot read \(topic)[\(partition)]")
        }
        defer { _ = rd_kafka_assign(rk, nil) }
        var next = start
        var chunk: [ConsumedMessage] = []
        chunk.reserveCapacity(chunkSize)
        var lastProgress = ContinuousClock.now
        var atEnd = false
        while !atEnd {
            guard let raw = rd_kafka_consumer_poll(rk, 100) else {
                if ContinuousClock.now - lastProgress > timeout {
                    throw KafkaError(RD_KAFKA_RESP_ERR__TIMED_OUT, detail: "\(topic)[\(partition)] stopped at offset \(next) of \(high)")
                }
                continue
            }
            defer { rd_kafka_message_destroy(raw) }
            if raw.pointee.err == RD_KAFKA_RESP_ERR__PARTITION_EOF {
                // The end as the fetch saw it, once at or past the queried one (see `bulkReadProperties`).
                if next >= high { atEnd = true }
                lastProgress = ContinuousClock.now
                continue
            }
            if raw.pointee.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                if raw.pointee.err == RD_KAFKA_RESP_ERR__FATAL {
                    throw KafkaError(raw.pointee.err, detail: ConsumerCore.errorText(raw))
                }
                continue   // informational; librdkafka retries
            }
            let message = ConsumerCore.copy(raw)
            lastProgress = ContinuousClock.now
            next = message.offset + 1
            chunk.append(message)
            if chunk.count >= chunkSize {
                try onChunk(chunk)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        if !chunk.isEmpty { try onChunk(chunk) }
        return next
    }

    /// `read` for several partitions of `topic` through one client (a client's start-up,
    /// metadata and fetch sessions are paid once, not per partition): each from its
    /// offset (nil: the beginning) to its end as of the read (see `bulkReadProperties`). `onChunk` gets a
    /// partition's records in offset order; `onEnd` the offset after its last record once
    /// it is read to its end. Blocking, like `read`.
    ///
    /// `shouldStop` is asked between polls (at least every 100 ms) and while a partition's
    /// end is asked of its leader (at least every `watermarkSlice`): when it says yes, the
    /// read ends by throwing `Stopped`, whatever is left unread. The caller may count
    /// those calls as signs of life: the reader is waiting or reading, not hung.
    public static func read(configuration: KafkaConfiguration, topic: String, partitions: [Int32: Int64?],
                            chunkSize: Int = 2_000, timeout: Duration = .seconds(30),
                            shouldStop: () -> Bool = { false },
                            onChunk: (Int32, [ConsumedMessage]) throws -> Void,
                            onEnd: (Int32, Int64) throws -> Void) throws {
        guard !partitions.isEmpty else { return }
        var properties = configuration.consumerProperties(groupID: "onething-partition-reader")
        properties.append(contentsOf: bulkReadProperties(for: configuration))
        let handle = try NativeConfiguration.makeHandle(type: RD_KAFKA_CONSUMER, properties: properties, context: nil)
        defer { handle.destroy() }
        guard let rk = handle.pointerForOwner else { throw KafkaError.closed("partition reader") }
        var ends: [Int32: Int64] = [:]
        var next: [Int32: Int64] = [:]
        for (partition, offset) in partitions {
            let (low, high) = try watermarks(rk, topic: topic, partition: partition, timeout: timeout, shouldStop: shouldStop)
            let start = max(offset ?? low, low)
            if start <= high {
                ends[partition] = high
                next[partition] = start
            } else {
                try onEnd(partition, start)
            }
        }
        guard !ends.isEmpty else { return }
        guard let list = rd_kafka_topic_partition_list_new(Int32(ends.count)) else {
            throw KafkaError(kind: .fatal, message: "cannot allocate a partition list")
        }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for (partition, start) in next { rd_kafka_topic_partition_list_add(list, topic, partition)?.pointee.offset = start }
        let assigned = rd_kafka_assign(rk, list)
        guard assigned == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(assigned, detail: "cannot read \(topic)")
        }
        defer { _ = rd_kafka_assign(rk, nil) }
        var chunks: [Int32: [ConsumedMessage]] = [:]
        var lastProgress = ContinuousClock.now
        while !ends.isEmpty {
            if shouldStop() { throw Stopped() }
            guard let raw = rd_kafka_consumer_poll(rk, 100) else {
                if ContinuousClock.now - lastProgress > timeout {
                    throw KafkaError(RD_KAFKA_RESP_ERR__TIMED_OUT, detail: "\(topic): \(ends.count) partition(s) not read to their end")
                }
                continue
            }
            defer { rd_kafka_message_destroy(raw) }
            if raw.pointee.err == RD_KAFKA_RESP_ERR__PARTITION_EOF {
                // The end as the fetch saw it, once at or past the queried one (see `bulkReadProperties`).
                lastProgress = ContinuousClock.now
                let partition = raw.pointee.partition
                guard let end = ends[partition], let position = next[partition], position >= end else { continue }
                if let chunk = chunks.removeValue(forKey: partition), !chunk.isEmpty { try onChunk(partition, chunk) }
                ends[partition] = nil
                try onEnd(partition, position)
                continue
            }
            if raw.pointee.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                if raw.pointee.err == RD_KAFKA_RESP_ERR__FATAL {
                    throw KafkaError(raw.pointee.err, detail: ConsumerCore.errorText(raw))
                }
                continue
            }
            let message = ConsumerCore.copy(raw)
            lastProgress = ContinuousClock.now
            guard ends[message.partition] != nil else { continue }
            next[message.partition] = message.offset + 1
            chunks[message.partition, default: []].append(message)
            if chunks[message.partition, default: []].count >= chunkSize {
                try onChunk(message.partition, chunks.removeValue(forKey: message.partition) ?? [])
            }
        }
    }

    /// A read ended by its `shouldStop` before every partition was read to its end.
    public struct Stopped: Error, Sendable {}

    /// Where a read ends: at the partition-EOF event of a fetch made at or past the high
    /// watermark queried first, not at that watermark itself. Why: a broker may answer
    /// the watermark query short of its log's end. Tansu (0.6) answers with the base
    /// offset of the partition's last record batch + 1, so when that batch holds several
    /// records (the hub produces a batch's state records together) the last of them were
    /// left unread: the new owner restored an application one state behind and hubctl
    /// listed it so until the next record reached the partition. A fetch returns whole
    /// batches, and librdkafka reports the end after the records it fetched. A start
    /// equal to the queried watermark is therefore read too (one fetch); only a start
    /// beyond it returns at once.
    ///
    /// Consumer settings for reading partitions from end to end as fast as the broker
    /// gives them (after the configuration's own, so they win):
    /// - `enable.partition.eof=true`: the end of each partition is reported (see above);
    /// - `fetch.wait.max.ms=10`: an idle fetch is not held long (the mock cluster holds
    ///   it for the whole wait even when data arrives meanwhile);
    /// - `fetch.queue.backoff.ms=1`: when the reader falls behind and the pre-fetch queue
    ///   is full, fetching resumes as soon as there is room, not a second later (the
    ///   default), which left the reader idle with an empty queue;
    /// - `max.partition.fetch.bytes=8388608`: a partition's fetch may bring 8 MiB (not 1),
    ///   so a restore of few partitions needs fewer round trips;
    /// - `fetch.max.bytes`: a whole fetch brings at most as much (not 50 MiB), unless the
    ///   configuration's `message.max.bytes` is larger (librdkafka refuses a fetch limit
    ///   below it). A client receives a fetch's response whole before it hands out any of
    ///   its records, so the reader, and the store's writer behind it, waited for the
    ///   first 50 MiB to be gathered, sent and received before the first record of a
    ///   restore of many partitions; fetches of 8 MiB come back one after another as
    ///   fast as they are taken.
    static func bulkReadProperties(for configuration: KafkaConfiguration) -> [(String, String)] {
        let fetchBytes = max(8_388_608, KafkaConfiguration.messageMaxBytes(in: configuration.properties))
        return [
            ("enable.partition.eof", "true"),
            ("fetch.wait.max.ms", "10"),
            ("fetch.queue.backoff.ms", "1"),
            ("max.partition.fetch.bytes", "8388608"),
            ("fetch.max.bytes", String(fetchBytes)),
        ]
    }

    /// `read` on a thread of its own, for callers on Swift concurrency threads (tests,
    /// tools); `onChunk` runs on that thread.
    public static func readDetached(configuration: KafkaConfiguration, topic: String, partition: Int32, from offset: Int64?,
                                    chunkSize: Int = 2_000, timeout: Duration = .seconds(30),
                                    onChunk: @escaping @Sendable ([ConsumedMessage]) throws -> Void) async throws -> Int64 {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int64, Error>) in
            let thread = Thread {
                do {
                    continuation.resume(returning: try read(configuration: configuration, topic: topic, partition: partition,
                                                            from: offset, chunkSize: chunkSize, timeout: timeout, onChunk: onChunk))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = "kafka-partition-reader"
            thread.start()
        }
    }
}
