/// Work done by a store's write transactions since it was opened (`writeStatistics()`).
/// Unlike times, these counts are the same on a quiet and on a busy machine.
public struct StoreWriteStatistics: Sendable, Equatable {
    /// Write transactions committed.
    public var transactions: Int
    /// Pages written to the write-ahead log by those commits (4 KiB each by default).
    public var pagesWritten: Int

    public init(transactions: Int, pagesWritten: Int) {
        self.transactions = transactions
        self.pagesWritten = pagesWritten
    }

    /// The work done between `earlier` and `self`.
    public static func - (later: StoreWriteStatistics, earlier: StoreWriteStatistics) -> StoreWriteStatistics {
        StoreWriteStatistics(transactions: later.transactions - earlier.transactions,
                             pagesWritten: later.pagesWritten - earlier.pagesWritten)
    }
}
