import OneThingSupport

/// Results computed by several cores at once (`DispatchQueue.concurrentPerform`), each
/// worker storing the results of the indices it handled; read back in index order once
/// every worker is done.
final class IndexedResults<Value: Sendable>: Sendable {
    private let slots: Locked<[Value?]>

    init(count: Int) { slots = Locked(Array(repeating: nil, count: count)) }

    /// Stores a worker's results, one lock for all of them.
    func store(_ results: [(Int, Value)]) {
        slots.withLock { slots in
            for (index, value) in results { slots[index] = value }
        }
    }

    /// Every result in index order; throws if a worker left an index without one.
    func inOrder() throws -> [Value] {
        try slots.withLock { slots in
            try slots.map { slot in
                guard let slot else { throw IndexedResultMissing() }
                return slot
            }
        }
    }
}

/// An index left without a result: a defect of the caller, reported instead of crashing.
struct IndexedResultMissing: Error, CustomStringConvertible {
    var description: String { "a parallel step produced no result for one of its inputs" }
}
