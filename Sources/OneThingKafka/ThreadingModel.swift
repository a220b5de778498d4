/// OneThingKafka: a thin, safe Swift layer over librdkafka, and the only module that
/// imports it.
///
/// # Threading model
///
/// **Threads.** Besides librdkafka's own internal threads (one per broker, a main thread,
/// the mock cluster's thread), each client owns exactly one OS thread of its own, a
/// `KafkaClientThread`:
/// - `KafkaProducer`: "kafka-producer-poll" loops `rd_kafka_poll(rk, 100)`. That call
///   runs the delivery-report callback (`dr_msg_cb`) and `error_cb`, so **send
///   completions run on this thread**. After each poll it signals the room condition and
///   enqueues records parked by async `send` while the queue was full. `flush` and
///   `close` run on it as jobs (`rd_kafka_flush` polls itself).
/// - `KafkaConsumer`: "kafka-consumer" runs jobs only: `poll` (`rd_kafka_consumer_poll`
///   with a timeout), `commit` (`rd_kafka_commit_queue` on a private queue, whose result
///   event is awaited with a bound, so a silent coordinator cannot hold the thread), `lag` (local reads only:
///   assignment, positions, cached watermarks) and `close`. The main queue
///   is routed to the consumer queue (`rd_kafka_poll_set_consumer`), so `rebalance_cb`
///   and `error_cb` run **inside poll, on this thread**, and the Swift `onRebalance`
///   callback with them. Nothing is fetched unless the caller polls, so librdkafka's
///   queue limits (`queued.max.messages.kbytes`) bound memory.
/// - `KafkaAdmin`: "kafka-admin" runs CreateTopics (result read from a private queue) and
///   metadata requests as jobs.
/// - `MockCluster` has no thread of ours; the mock brokers run on librdkafka's thread.
///
/// **Log lines.** With `KafkaConfiguration.logHandler` set, `log_cb` is installed and
/// librdkafka calls the handler **directly from its internal threads** (broker threads,
/// its main thread) and from whichever thread runs `rd_kafka_new` (configuration warnings)
/// or `rd_kafka_destroy`; `log.queue` is not used, so no poll is needed and lines from
/// several threads may arrive concurrently. The handler must therefore be thread-safe and
/// quick, and must not call back into the client that logged. Without a handler librdkafka
/// prints to stderr itself.
///
/// Async methods hand a job to the client's thread and suspend on a continuation, so **no
/// Swift concurrency thread ever blocks**. The one blocking entry point is the callback
/// flavour of `KafkaProducer.send(_:completion:)`, documented to wait for queue room on
/// the calling (non-async) thread; async `send` parks instead of waiting.
///
/// **Ownership of C pointers.**
/// - `rd_kafka_conf_t`: created and owned by `NativeConfiguration.makeHandle`; destroyed
///   there on any failure (also when `rd_kafka_new` fails); on success `rd_kafka_new` owns it.
/// - `rd_kafka_t`: owned by one `KafkaHandle`, destroyed exactly once by the client's thread
///   at close (or in `deinit`). Other threads touch it only under the handle's lock.
/// - Conf opaque (`ProducerContext`, `ConsumerContext`, `LogOnlyContext` for admin and
///   mock-cluster handles): passed unretained to librdkafka, retained by the `KafkaHandle`
///   and released only after `rd_kafka_destroy` returns. It also carries the log handler,
///   which `log_cb` finds via `rd_kafka_opaque`, so no log line can outlive it either.
/// - Message opaque (`_private`): a `DeliveryBox` retained per record, released exactly
///   once, by the delivery report, or at once when `producev` refuses the record. `close`
///   flushes, purges and serves the purged reports before destroying, so none is left.
/// - `rd_kafka_headers_t` for produce: ours until `producev` succeeds, destroyed by us if
///   it fails. Consumed messages, their headers, partition lists, events, queues, admin
///   options and metadata are destroyed by the function that obtained them (`defer`).
/// - `rd_kafka_mock_cluster_t`: owned by `MockCluster`, destroyed before its own handle.
public enum OneThingKafka {
    /// The librdkafka version this layer needs at least (KIP-482 tagged fields, #4278).
    public static let minimumLibrdkafkaVersion = "2.2.0"
}
