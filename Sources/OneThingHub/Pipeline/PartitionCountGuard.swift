import Foundation
import OneThingKafka

/// The hub refuses to work with a flow whose partition count changed under open
/// applications, rather than trying to move them.
///
/// An application's owner partition is `murmur2(id) mod N`: its intake, replies and state
/// records all sit on that partition number, and the instance owning it keeps its store
/// rows, timers and orders. Adding partitions to the topics (`kafka-topics --alter`)
/// changes N, and with it the owner partition of most open applications, while their
/// state records stay on the old partitions: inputs would be forwarded to owners that do
/// not hold the application. Handling that means re-keying every open application's
/// state onto its new partition, in one step across instances; the hub does not, and
/// says so clearly instead (see the README, "Running several hubd": drain, or create the
/// flow's topics with the partitions the deployment may ever need).
///
/// Checked three ways: at start-up against the applications the store keeps open
/// (`mismatch`), at every assignment (a partition number the count does not have), and
/// once a minute against the cluster's metadata (`HubService.housekeeping`).
enum PartitionCountGuard {
    /// A sentence naming an open application the store keeps on a partition `count`
    /// partitions would not give it, or nil when every one fits.
    static func mismatch(_ stored: [(id: String, partition: Int32)], count: Int32) -> String? {
        guard count > 0 else { return nil }
        for (id, partition) in stored {
            let now = KeyPartitioner.partition(forKey: id, partitionCount: count)
            if now != partition {
                return "the flow's topics have \(count) partitions, but open application \(id) is kept on partition "
                    + "\(partition), where another partition count put it (with \(count) it belongs on \(now)): the "
                    + "partition count changed while applications were open; " + remedy
            }
        }
        return nil
    }

    /// The sentence for a partition number beyond the count the hub started with.
    static func beyond(_ partitions: [Int32], count: Int32) -> String? {
        guard count > 0, let number = partitions.filter({ $0 >= count }).min() else { return nil }
        return "partition \(number) was assigned, but the flow's topics had \(count) partitions when this hub started: "
            + "partitions were added while running; " + remedy
    }

    /// The sentence for a partition count read from the cluster that differs from the one the hub started with.
    static func changed(from count: Int32, to listed: Int32) -> String? {
        guard count > 0, listed != count else { return nil }
        return "the flow's topics now have \(listed) partitions, not the \(count) this hub started with: "
            + "the partition count changed while running; " + remedy
    }

    static let remedy = "the hub stops rather than misroute open applications (an application's partition is "
        + "murmur2(id) mod the count). Let open applications finish with the old count, or move them to a new flow "
        + "with topics created at the final count (see README, Running several hubd)"
}
