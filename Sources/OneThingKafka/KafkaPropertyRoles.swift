/// Which librdkafka properties belong to one client role only.
///
/// Taken from the C/P column of librdkafka's CONFIGURATION.md, version 2.8.0 (global and
/// topic tables; `C` = consumer only, `P` = producer only, `*` = both). One
/// `KafkaConfiguration`, with the operator's `--kafka` pass-through, serves every client of
/// a process; librdkafka would warn (CONFWARN) about each property of the other role and
/// ignore it, so the pass-through is filtered per role before the client is made instead.
/// Names not listed here (the `*` ones, and any unknown name) pass unchanged: librdkafka
/// still validates them. Update the table when moving to a newer librdkafka.
enum KafkaPropertyRoles {
    /// The `C` rows of CONFIGURATION.md 2.8.0.
    static let consumerOnly: Set<String> = [
        // global
        "group.id", "group.instance.id", "partition.assignment.strategy", "session.timeout.ms",
        "heartbeat.interval.ms", "group.protocol.type", "group.protocol", "group.remote.assignor",
        "coordinator.query.interval.ms", "max.poll.interval.ms", "enable.auto.commit",
        "auto.commit.interval.ms", "enable.auto.offset.store", "queued.min.messages",
        "queued.max.messages.kbytes", "fetch.wait.max.ms", "fetch.queue.backoff.ms",
        "fetch.message.max.bytes", "max.partition.fetch.bytes", "fetch.max.bytes",
        "fetch.min.bytes", "fetch.error.backoff.ms", "offset.store.method", "isolation.level",
        "consume_cb", "rebalance_cb", "offset_commit_cb", "enable.partition.eof", "check.crcs",
        // topic
        "auto.commit.enable", "auto.offset.reset", "offset.store.path",
        "offset.store.sync.interval.ms", "consume.callback.max.messages",
    ]

    /// The `P` rows of CONFIGURATION.md 2.8.0.
    static let producerOnly: Set<String> = [
        // global
        "transactional.id", "transaction.timeout.ms", "enable.idempotence",
        "enable.gapless.guarantee", "queue.buffering.max.messages", "queue.buffering.max.kbytes",
        "queue.buffering.max.ms", "linger.ms", "message.send.max.retries", "retries",
        "queue.buffering.backpressure.threshold", "compression.codec", "compression.type",
        "batch.num.messages", "batch.size", "delivery.report.only.error", "dr_cb", "dr_msg_cb",
        "sticky.partitioning.linger.ms",
        // topic
        "request.required.acks", "acks", "request.timeout.ms", "message.timeout.ms",
        "delivery.timeout.ms", "queuing.strategy", "produce.offset.report", "partitioner",
        "partitioner_cb", "msg_order_cmp", "compression.level",
    ]

    /// Whether a client of `role` should be given property `name`.
    ///
    /// Admin handles are plain producer handles that never produce nor consume, so they
    /// keep only the properties of both roles.
    static func applies(_ name: String, to role: KafkaClientRole) -> Bool {
        switch role {
        case .producer: !consumerOnly.contains(name)
        case .consumer: !producerOnly.contains(name)
        case .admin: !consumerOnly.contains(name) && !producerOnly.contains(name)
        }
    }
}

/// The kind of client a configuration is turned into.
enum KafkaClientRole: Sendable {
    case producer, consumer, admin
}
