import CRdKafka

/// Builds an `rd_kafka_conf_t` and turns it into an `rd_kafka_t`, owning the conf on every
/// path: the conf is destroyed here when a property is rejected, and also when
/// `rd_kafka_new` fails (it frees the conf only on success). A context that carries a log
/// handler (`KafkaLogSource`) gets librdkafka's log lines. No handle is made on a
/// librdkafka older than `LibrdkafkaVersion.minimum`.
enum NativeConfiguration {
    /// Callbacks to install on the conf before the handle is made.
    typealias Install = (OpaquePointer) -> Void

    static func makeHandle(
        type: rd_kafka_type_t,
        properties: [(String, String)],
        context: AnyObject?,
        install: Install = { _ in }
    ) throws(KafkaError) -> KafkaHandle {
        try LibrdkafkaVersion.requireSupported()
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaError(kind: .fatal, message: "rd_kafka_conf_new returned no configuration")
        }
        var errstr = [CChar](repeating: 0, count: 512)
        for (name, value) in properties {
            let result = rd_kafka_conf_set(conf, name, value, &errstr, errstr.count)
            if result != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                let reason = String(errstr: errstr)
                throw KafkaError(kind: .configuration,
                                 message: "property \(name)=\"\(value)\" rejected: \(reason)")
            }
        }
        if let context {
            rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(context).toOpaque())
        }
        // Only with a handler: without one librdkafka keeps printing to stderr itself.
        if let source = context as? KafkaLogSource, source.logHandler != nil {
            rd_kafka_conf_set_log_cb(conf, clientLogCallback)
        }
        install(conf)
        guard let rk = rd_kafka_new(type, conf, &errstr, errstr.count) else {
            rd_kafka_conf_destroy(conf)
            throw KafkaError(kind: .configuration,
                             message: "could not create client: \(String(errstr: errstr))")
        }
        return KafkaHandle(rk, context: context)
    }
}
