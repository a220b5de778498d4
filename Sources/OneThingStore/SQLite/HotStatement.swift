/// A statement of the hub's hot path, found in the connection's cache by a number fixed
/// for its shape instead of by its SQL text.
///
/// Why: the pipeline runs several statements per consumed message. Finding a prepared
/// statement by its text meant hashing and comparing hundreds of bytes each time, and
/// an `UPDATE` of only the changed columns first built its text. A number is hashed in
/// one step, and the text is built only the first time a connection prepares that shape.
struct HotStatement: Hashable {
    let key: Int

    /// One constant statement; its SQL is given where it runs (`StoreWriter`, `ApplicationRows`).
    private init(_ key: Int) { self.key = key }

    static let insertProcessed = HotStatement(1)
    static let appendHistory = HotStatement(2)
    static let enqueue = HotStatement(3)
    static let deletePublishedRange = HotStatement(4)
    static let upsertApplication = HotStatement(5)
    static let upsertMatter = HotStatement(6)
    static let deleteMatter = HotStatement(7)
    static let deleteOtherMatters = HotStatement(8)
    static let selectApplication = HotStatement(9)
    static let selectMatters = HotStatement(10)
    static let dataVersion = HotStatement(11)

    /// `UPDATE <table> SET <the columns in mask>`: one shape per table and set of columns.
    /// `table` tells the tables apart (a few), `mask` has one bit per column (< 2^32).
    static func update(table: Int, columns mask: UInt32) -> HotStatement {
        HotStatement((table + 1) << 32 | Int(mask))
    }
}
