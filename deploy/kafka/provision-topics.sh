#!/usr/bin/env bash
# Production topic provisioning with Apache Kafka's own tools (kafka-topics.sh), for
# operators who manage topics outside the hub. `hubd topics create` does the same through
# the Kafka admin API. Not runnable on the project's CI: no Apache Kafka distribution can
# be fetched there.
#
#   BOOTSTRAP=kafka-1:9093 COMMAND_CONFIG=admin.properties deploy/kafka/provision-topics.sh
#
# Settings: replication factor 3 with min.insync.replicas=2 (one broker may fail without
# losing an acknowledged write: the hub's producer uses acks=all via idempotence), the
# same partition count on every topic (all messages of one application share the key,
# and equal counts keep an application's intake and replies on the same partition
# number, so one hub instance owns it), the status topic compacted (latest snapshot per
# application), the dead-letter topic kept 30 days.
set -euo pipefail
: "${BOOTSTRAP:?set BOOTSTRAP=host:port}"
FLOW=${FLOW:-retirement}
PARTITIONS=${PARTITIONS:-12}
RF=${REPLICATION_FACTOR:-3}
DEPARTMENTS=${DEPARTMENTS:-"hrss police hpf health medicare"}
KT=${KAFKA_TOPICS:-kafka-topics.sh}
extra=()
[ -n "${COMMAND_CONFIG:-}" ] && extra+=(--command-config "$COMMAND_CONFIG")

create() {
  local name=$1; shift
  "$KT" --bootstrap-server "$BOOTSTRAP" "${extra[@]}" --create --if-not-exists \
    --topic "$name" --partitions "$PARTITIONS" --replication-factor "$RF" \
    --config min.insync.replicas=2 "$@"
}

create "$FLOW.applications" --config retention.ms=2592000000
for d in $DEPARTMENTS; do
  create "$FLOW.requests.$d" --config retention.ms=2592000000
  create "$FLOW.replies.$d" --config retention.ms=2592000000
done
create "$FLOW.status" --config cleanup.policy=compact --config min.compaction.lag.ms=60000
create "$FLOW.deadletter" --config retention.ms=2592000000
# The hub's state kept in Kafka: never deleted by age, only superseded per application.
create "$FLOW.state" --config cleanup.policy=compact --config min.compaction.lag.ms=60000
# The hub's own: inputs forwarded to their application's owner partition (a sender that
# partitions keys otherwise); read within seconds, so a week is ample.
create "$FLOW.repartition" --config retention.ms=604800000
# Administrators' orders (hubctl against the cluster) for the owner of an application.
create "$FLOW.orders" --config retention.ms=604800000
# The promises (Topics/<flow>/promises.json): evaluations for the province's 好差评 system,
# notices for the SMS or app gateway, cards and rectifications for supervision. Events,
# not snapshots: kept by age like intake.
create "$FLOW.evaluations" --config retention.ms=2592000000
create "$FLOW.notifications" --config retention.ms=2592000000
create "$FLOW.supervision" --config retention.ms=2592000000
# The evidence log (hash-chained rows of every message exchanged): proof, kept for ever,
# never compacted.
create "$FLOW.evidence" --config cleanup.policy=delete --config retention.ms=-1 --config retention.bytes=-1
