/// Work done by a store's write transactions since it was opened (`writeStatistics()`).
/// Unlike times, these counts are the same on a quiet and on a busy machine.
/// `package`: the benchmark (onething-bench) reads them; the store's users need not.
package struct StoreWriteStatistics: Sendable, Equatable {
    /// Write transactions committed.
    package var transactions: Int
    /// Pages written to the write-ahead log by those commits (4 KiB each by default).
    package var pagesWritten: Int

    package init(transactions: Int, pagesWritten: Int) {
        self.transactions = transactions
        self.pagesWritten = pagesWritten
    }

    /// The work done between `earlier` and `self`.
    package static func - (later: StoreWriteStatistics, earlier: StoreWriteStatistics) -> StoreWriteStatistics {
        StoreWriteStatistics(transactions: later.transactions - earlier.transactions,
                             pagesWritten: later.pagesWritten - earlier.pagesWritten)
    }
}
