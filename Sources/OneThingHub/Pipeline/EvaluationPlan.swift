import Foundation

/// A batch's engine inputs grouped by application and cut into chunks, so the engine can
/// run on one chunk while the store thread writes the previous one.
///
/// Why: running the engine for every input (in parallel, the store thread waiting) and
/// then writing every effect (serially, the other cores idle) adds both times up.
/// Applications are independent, so the inputs of a chunk of applications can be written
/// as soon as that chunk is evaluated: the transaction takes about as long as its writes
/// plus one chunk's evaluation, instead of the sum of both.
///
/// Every input of an application lands in the same chunk, so an application is evaluated
/// in input order from its stored record, exactly as if the batch were applied one
/// message at a time; only the relative order of *different* applications' effects in
/// the outbox changes, and those go to different keys, whose order Kafka does not relate.
struct EvaluationPlan {
    /// Applications in order of first appearance in the batch.
    let applications: [String]
    /// For each application (by position in `applications`), its inputs' indices in order.
    let inputsByApplication: [[Int]]
    /// For each input, its application's chunk.
    let chunkOfInput: [Int]
    /// Ranges over `applications`, in order; never empty ranges.
    let chunks: [Range<Int>]

    /// Groups `inputIDs` (each input's application id, in batch order) and cuts the
    /// applications into chunks of at least `minimumInputs` inputs (the last may be
    /// smaller), at most `maximumChunks` of them.
    init(inputIDs: [String], minimumInputs: Int = 48, maximumChunks: Int = 6) {
        var position: [String: Int] = [:]
        var applications: [String] = []
        var inputsByApplication: [[Int]] = []
        for (index, id) in inputIDs.enumerated() {
            if let known = position[id] {
                inputsByApplication[known].append(index)
            } else {
                position[id] = applications.count
                applications.append(id)
                inputsByApplication.append([index])
            }
        }
        let chunkCount = max(1, min(maximumChunks, inputIDs.count / max(1, minimumInputs)))
        let target = (inputIDs.count + chunkCount - 1) / max(1, chunkCount)
        var chunks: [Range<Int>] = []
        var chunkOfInput = Array(repeating: 0, count: inputIDs.count)
        var start = 0, inChunk = 0
        for (application, indices) in inputsByApplication.enumerated() {
            for index in indices { chunkOfInput[index] = chunks.count }
            inChunk += indices.count
            if inChunk >= target && chunks.count < chunkCount - 1 {
                chunks.append(start..<(application + 1))
                start = application + 1
                inChunk = 0
            }
        }
        if start < applications.count { chunks.append(start..<applications.count) }
        self.applications = applications
        self.inputsByApplication = inputsByApplication
        self.chunkOfInput = chunkOfInput
        self.chunks = chunks
    }
}

/// Engine work running on Dispatch's pool while the store thread goes on; `wait` blocks
/// the calling thread until it is done. Only ever waited for from the store worker's own
/// thread, never from a Swift concurrency thread.
final class BackgroundEvaluation<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Written once by the work before `done` is signalled, read only after the wait.
    private var value: Value?

    init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global(qos: .userInitiated).async {
            self.value = work()
            self.done.signal()
        }
    }

    func wait() throws -> Value {
        done.wait()
        guard let value else { throw IndexedResultMissing() }
        return value
    }
}
