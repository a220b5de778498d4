import OneThingHub
import OneThingSupport

/// What the hub's consumed batches cost on its own thread, summed.
struct BenchProcessingCost: Sendable {
    var messages = 0
    var batches = 0
    var cpuSeconds = 0.0
    var wallSeconds = 0.0

    mutating func add(_ batch: ObservedBatchDeliveries) {
        messages += batch.consumed
        batches += 1
        cpuSeconds += batch.processingCPU.inSeconds
        wallSeconds += batch.processingWall.inSeconds
    }

    var cpuMicrosecondsPerMessage: Double { messages > 0 ? cpuSeconds / Double(messages) * 1e6 : 0 }
    var wallMicrosecondsPerMessage: Double { messages > 0 ? wallSeconds / Double(messages) * 1e6 : 0 }
}
