import CRdKafka
import Foundation
import OneThingSupport

/// Serves a rebalance event that a closing consumer reads from its close queue, with a
/// bound.
///
/// Why a thread of its own: the calls a rebalance makes (`rd_kafka_rebalance_protocol`,
/// `rd_kafka_assign`, `rd_kafka_incremental_unassign`) post a request to the consumer
/// group's queue and wait for its answer without a timeout. When the group terminates
/// with such a request still queued, librdkafka 2.8.0's `rd_kafka_cgrp_terminated`
/// disables that queue and purges it without answering (librdkafka#4884), and the caller
/// waits for ever. During a close the race is real: an event served from the close queue
/// may be one the group no longer waits for, and the group is terminating. The closing
/// thread therefore waits for the event's handling at most until the close's deadline.
///
/// One that does not come back is abandoned with its event: the thread stays parked in
/// librdkafka, and the caller must not destroy the handle under it (a use after free), so
/// it abandons the handle too (`KafkaHandle.abandon`). That costs a thread and a handle in
/// a process that is closing its consumer, instead of a process that never stops.
enum ClosingRebalance {
    /// The event and handle travel to the serving thread; only that thread uses them until
    /// it signals, and after a timeout nobody else does.
    private struct Request: @unchecked Sendable {
        let rk: OpaquePointer
        let event: OpaquePointer
        let context: ConsumerContext
    }

    /// Handles `event` (a rebalance read from the close queue) and destroys it; returns
    /// false when the handling did not finish within `bound` (the event is then left to
    /// the thread still inside librdkafka).
    static func serve(_ rk: OpaquePointer, event: OpaquePointer, context: ConsumerContext, within bound: Duration) -> Bool {
        let request = Request(rk: rk, event: event, context: context)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            Rebalance.handle(request.rk, error: rd_kafka_event_error(request.event),
                             partitions: rd_kafka_event_topic_partition_list(request.event),
                             context: request.context, closing: true)
            done.signal()
        }
        thread.name = "onething.kafka.closing-rebalance"
        thread.start()
        let waited = max(bound, .milliseconds(1))
        guard done.wait(timeout: .now() + .milliseconds(Int(waited.milliseconds))) == .success else { return false }
        rd_kafka_event_destroy(event)
        return true
    }
}
