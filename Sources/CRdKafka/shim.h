// The C surface of librdkafka that OneThingKafka uses: the client API, the in-process
// mock cluster, and non-variadic wrappers for the variadic calls Swift cannot make.
#ifndef ONETHING_CRDKAFKA_SHIM_H
#define ONETHING_CRDKAFKA_SHIM_H
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

/// `rd_kafka_producev` is variadic; this produces one message with a key, a value and an
/// owned header list (ownership of `headers` passes to librdkafka on success only).
/// `opaque` comes back in the delivery report as `rkmessage->_private`.
static inline rd_kafka_resp_err_t onething_produce(rd_kafka_t *rk, const char *topic,
                                                   int32_t partition,
                                                   const void *key, size_t key_len,
                                                   const void *value, size_t value_len,
                                                   rd_kafka_headers_t *headers,
                                                   void *opaque) {
    return rd_kafka_producev(rk,
                             RD_KAFKA_V_TOPIC(topic),
                             RD_KAFKA_V_PARTITION(partition),
                             RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                             RD_KAFKA_V_KEY(key, key_len),
                             RD_KAFKA_V_VALUE((void *)value, value_len),
                             RD_KAFKA_V_HEADERS(headers),
                             RD_KAFKA_V_OPAQUE(opaque),
                             RD_KAFKA_V_END);
}
#endif
