import Foundation
import OneThingHub
import OneThingKafka
import OneThingStore
import OneThingSupport

/// How fast an instance rebuilds its partitions from the flow's state topic into an empty
/// store, as it does on an assignment (`StateRestorer`: one reader over every partition,
/// records parsed on its thread while those parsed before are written on another, the
/// runs waiting together in one transaction).
///
/// The records are copies of one application's state record as the hub wrote it in the
/// throughput run (`template`), under new ids, one per application as a compacted topic
/// keeps them. The mock cluster keeps about 5 MiB per partition, so they are spread over
/// enough partitions to stay under half of it.
///
/// They are produced partition by partition, so each partition holds a few large batches:
/// the mock broker finds a fetch's offset by walking the partition's batches one by one
/// (a real broker looks it up in its offset index), so the one-record batches of a
/// round-robin production made every fetch cost the mock time in proportion to what the
/// partition held: the figure then measured the mock broker more than the restore.
///
/// Besides the rate, where the time goes: the same partitions read again without parsing
/// or writing (the Kafka side alone), and the records parsed alone on this thread.
struct BenchRestorePhase {
    let template: StateRecord
    let count: Int
    let directory: String
    /// Progress lines (`BenchSuite.progress`).
    var progress: @Sendable (String) -> Void = { _ in }

    struct Figures: Sendable {
        var applications = 0
        var recordBytes = 0
        var partitions: Int32 = 0
        var produceSeconds = 0.0
        /// The restore: read, parse and write, pipelined.
        var restoreSeconds = 0.0
        var restoreCPUSeconds = 0.0
        /// The same records read again to their end, nothing else done with them.
        var readOnlySeconds = 0.0
        /// The records parsed (`ChangelogRestore.prepare`) on one thread, nothing read or written.
        var parseOnlySeconds = 0.0
        var storeBytes = 0
        /// What the restore's transactions wrote into the WAL (`CorrelationStore.writeStatistics`).
        var writes = StoreWriteStatistics(transactions: 0, pagesWritten: 0)

        var applicationsPerSecond: Double { restoreSeconds > 0 ? Double(applications) / restoreSeconds : 0 }
        func microsecondsPerApplication(_ seconds: Double) -> Double { seconds * 1e6 / Double(max(1, applications)) }
    }

    func record(_ index: Int) -> StateRecord {
        var record = template
        let id = "RESTORE-" + String(format: "%07d", index)
        record.application.id = id
        record.application.submittedEventID = "restore-submit-\(index)"
        for position in record.application.matters.indices {
            let code = record.application.matters[position].code
            record.application.matters[position].requestID = record.application.matters[position].requestID.map { _ in
                "\(id):\(code):r1"
            }
        }
        record.processedEvents = record.processedEvents.enumerated().map { offset, event in
            ProcessedEvent(key: "\(event.key)-\(index)-\(offset)", at: event.at)
        }
        record.pendingMessages = []
        return record
    }

    /// `run` on a thread of its own (it blocks on Kafka and SQLite throughout).
    func runDetached() async throws -> Figures {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Figures, any Error>) in
            let thread = Thread { continuation.resume(with: Result { try run() }) }
            thread.name = "bench-restore"
            thread.start()
        }
    }

    func run() throws -> Figures {
        var figures = Figures()
        let sample = StateRecordCodec.encode(record(0))
        figures.recordBytes = sample.count
        let perPartition = max(1, (2 * 1_048_576) / sample.count)
        figures.partitions = Int32(max(1, (count + perPartition - 1) / perPartition))
        let cluster = try MockCluster(brokers: 1)
        let topic = "bench.state"
        try cluster.createTopic(topic, partitions: figures.partitions, replicationFactor: 1)
        let configuration = KafkaConfiguration(bootstrapServers: cluster.bootstrapServers)

        var producerConfiguration = configuration
        // Large batches: see above.
        producerConfiguration.properties["linger.ms"] = "50"
        producerConfiguration.properties["batch.size"] = "1000000"
        let producer = try KafkaProducer(configuration: producerConfiguration)
        let produceStart = BenchClock.now()
        let failures = Locked(0)
        let acknowledged = DispatchSemaphore(value: 0)
        let spread = Int(figures.partitions)
        // Partition by partition (see above); record `index` still goes to partition `index % spread`.
        for index in (0..<spread).lazy.flatMap({ stride(from: $0, to: count, by: spread) }) {
            let state = record(index)
            var message = OutgoingMessage(topic: topic, key: Array(state.application.id.utf8), value: StateRecordCodec.encode(state),
                                          headers: StateRecordCodec.headers(of: state).map { KafkaHeader(key: $0.key, value: $0.value) })
            message.partition = Int32(index % spread)
            try producer.send(message) { result in
                if case .failure = result { failures.withLock { $0 += 1 } }
                acknowledged.signal()
            }
        }
        for _ in 0..<count { acknowledged.wait() }
        figures.produceSeconds = BenchClock.seconds(from: produceStart, to: BenchClock.now())
        guard failures.withLock({ $0 }) == 0 else { throw BenchFailure("restore phase: \(failures.withLock { $0 }) records not produced") }
        let partitions = Array(0..<figures.partitions)

        // The restore into an empty store.
        let path = directory + "/restore.sqlite"
        BenchFiles.removeStore(path)
        let store = try CorrelationStore(path: path)
        let restorer = StateRestorer(configuration: configuration, store: store, topic: topic,
                                     logger: HubLogger(minimumLevel: .warning), metrics: nil, restoring: Locked([]))
        // Marks for `deploy/profile restore`, which counts instructions between them only
        // (it sets ONETHING_PROFILE_PAUSE: seconds to wait after each, so that the
        // profiler's zeroing and dumping land on the mark however slow it is to react).
        let pause = ProcessInfo.processInfo.environment["ONETHING_PROFILE_PAUSE"].flatMap(Double.init) ?? 0
        progress("restore: restoring")
        if pause > 0 { Thread.sleep(forTimeInterval: pause) }
        let cpuStart = BenchProcessCPU.seconds()
        let start = BenchClock.now()
        let summaries = try restorer.restoreTogether(partitions)
        figures.restoreSeconds = BenchClock.seconds(from: start, to: BenchClock.now())
        figures.restoreCPUSeconds = BenchProcessCPU.seconds() - cpuStart
        figures.writes = store.writeStatistics()
        progress("restore: restored")
        if pause > 0 { Thread.sleep(forTimeInterval: pause) }
        figures.applications = summaries.values.reduce(0) { $0 + $1.applied }
        guard figures.applications == count else {
            throw BenchFailure("restore phase: \(figures.applications) of \(count) applications restored")
        }
        try store.checkpoint()
        figures.storeBytes = BenchFiles.storeBytes(path)

        // Where the time goes: the reading alone, then the parsing alone.
        let readStart = BenchClock.now()
        var read = 0
        try PartitionReader.read(configuration: configuration, topic: topic,
                                 partitions: Dictionary(uniqueKeysWithValues: partitions.map { ($0, Int64?.none) }),
                                 onChunk: { _, chunk in read += chunk.count }, onEnd: { _, _ in })
        figures.readOnlySeconds = BenchClock.seconds(from: readStart, to: BenchClock.now())
        guard read == count else { throw BenchFailure("restore phase: read \(read) of \(count) records again") }
        let entries = (0..<min(count, 20_000)).map { index in
            let state = record(index)
            return ChangelogEntry(offset: Int64(index), key: Array(state.application.id.utf8), value: StateRecordCodec.encode(state),
                                  headers: StateRecordCodec.headers(of: state))
        }
        let parseStart = BenchClock.now()
        for slice in stride(from: 0, to: entries.count, by: 2_000) {
            _ = ChangelogRestore.prepare(Array(entries[slice..<min(slice + 2_000, entries.count)]), ownWriter: "bench-restorer")
        }
        figures.parseOnlySeconds = BenchClock.seconds(from: parseStart, to: BenchClock.now()) * Double(count) / Double(entries.count)
        return figures
    }
}
