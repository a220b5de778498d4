import Foundation
import OneThingExchange
import OneThingKafka
import OneThingStore

/// hubctl's view of every application of a cluster of hubd, whichever instance owns it:
/// the flow's compacted state topic read into a fresh store in a temporary directory,
/// exactly as an instance restores a partition it is assigned (`ChangelogRestore`), so
/// `list`, `show`, `overdue` and `stats` run unchanged on it.
///
/// Why the state topic and not the members' ops ports: it is the truth the instances
/// themselves restore from, it answers while an instance is down or restoring, and
/// hubctl needs nothing but the brokers (no list of members, no port open to it).
/// What the state topic does not carry (each instance's history, its dead-letter table)
/// stays with `--store` on the owner's host.
struct ClusterView {
    let session: HubctlStore
    /// The flow's common partition count (of its state topic).
    let partitionCount: Int32
    private let directory: URL

    /// Reads the state topic. With `applicationID`, the partition that owns it
    /// (`murmur2(id) mod N`, where the hub keeps it) comes first and the others are read
    /// only when it is not there.
    static func open(cluster: HubctlCluster, flow: Flow, applicationID: String? = nil) throws(HubctlFailure) -> ClusterView {
        let configuration = ClusterAccess.configuration(cluster)
        let count = try ClusterAccess.partitionCount(of: flow.topics.state, configuration: configuration)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hubctl-view-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .store("cannot create a working directory for the cluster's view: \(error)")
        }
        let path = directory.appendingPathComponent("view.sqlite").path
        do {
            let store = try CorrelationStore(path: path)
            let all = Array(0..<count)
            if let applicationID {
                let owner = KeyPartitioner.partition(forKey: applicationID, partitionCount: count)
                try restore([owner], of: flow.topics.state, into: store, configuration: configuration)
                if try store.read({ try $0.application(id: applicationID) }) == nil {
                    try restore(all.filter { $0 != owner }, of: flow.topics.state, into: store, configuration: configuration)
                }
            } else {
                try restore(all, of: flow.topics.state, into: store, configuration: configuration)
            }
            return ClusterView(session: HubctlStore(store: store, path: path), partitionCount: count, directory: directory)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            if let failure = error as? HubctlFailure { throw failure }
            throw .store("cannot read the state topic \(flow.topics.state) from \(cluster.bootstrapServers): \(error)")
        }
    }

    /// Removes the view's working directory.
    func close() {
        try? FileManager.default.removeItem(at: directory)
    }

    private static func restore(_ partitions: [Int32], of topic: String, into store: CorrelationStore,
                                configuration: KafkaConfiguration) throws {
        guard !partitions.isEmpty else { return }
        var restores: [Int32: ChangelogRestore] = [:]
        for partition in partitions { restores[partition] = ChangelogRestore(store: store, topic: topic, partition: partition) }
        try PartitionReader.read(
            configuration: configuration, topic: topic,
            partitions: Dictionary(uniqueKeysWithValues: partitions.map { ($0, Int64?.none) }),
            onChunk: { partition, chunk in
                try restores[partition]?.apply(chunk.map { message in
                    ChangelogEntry(offset: message.offset, key: message.key, value: message.value,
                                   headers: message.headers.map { StoredHeader(key: $0.key, value: $0.value ?? []) })
                })
            },
            onEnd: { partition, next in _ = try restores[partition]?.finish(nextOffset: next) })
    }
}

/// The Kafka side of hubctl against a cluster: client settings and the flow's layout.
enum ClusterAccess {
    static func configuration(_ cluster: HubctlCluster) -> KafkaConfiguration {
        var configuration = KafkaConfiguration(bootstrapServers: cluster.bootstrapServers, properties: cluster.kafkaProperties)
        configuration.clientID = "onething-hubctl"
        return configuration
    }

    /// The partition count of `topic`, as the cluster lists it.
    static func partitionCount(of topic: String, configuration: KafkaConfiguration) throws(HubctlFailure) -> Int32 {
        let listed: [TopicMetadata]
        do {
            let admin = try KafkaAdmin(configuration: configuration)
            listed = try BlockingWait.run { try await admin.listTopics(timeout: .seconds(10)) }
        } catch {
            throw .store("cannot reach the cluster at \(configuration.bootstrapServers): \(error)")
        }
        guard let found = listed.first(where: { $0.name == topic }), found.partitionCount > 0 else {
            throw .store("the cluster has no topic \(topic); create the flow's topics with 'hubd topics create'")
        }
        return Int32(clamping: found.partitionCount)
    }
}
