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

/// `rd_kafka_mock_broker_push_request_error_rtts` is variadic (error, rtt pairs); this
/// pushes one error for the next request with `api_key` that broker `broker_id` serves.
static inline rd_kafka_resp_err_t onething_mock_broker_push_error(rd_kafka_mock_cluster_t *mcluster,
                                                                  int32_t broker_id, int16_t api_key,
                                                                  rd_kafka_resp_err_t error, int rtt_ms) {
    return rd_kafka_mock_broker_push_request_error_rtts(mcluster, broker_id, api_key, 1, error, rtt_ms);
}
#endif
