/// Where an application is kept, as `StoreReader.applicationPartition(id:)` finds it.
public enum StoredPartition: Sendable, Hashable {
    /// Not in this store.
    case absent
    /// Stored, owned by this partition number; nil for a row stored before the store
    /// tracked partitions (it belongs to whichever instance holds the file).
    case stored(Int32?)
}

/// The SQL condition "owned by one of these partitions, or by none recorded".
enum PartitionFilter {
    /// Partition numbers are integers, so they are written into the text directly (a set
    /// of a few numbers; no user input reaches it).
    static func sql(column: String, _ partitions: Set<Int32>) -> String {
        let list = partitions.sorted().map(String.init).joined(separator: ", ")
        return "(\(column) IS NULL OR \(column) IN (\(list)))"
    }
}
