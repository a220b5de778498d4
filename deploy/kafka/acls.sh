#!/usr/bin/env bash
# Kafka ACLs for the hub and each department system (kafka-acls.sh). Each department's
# principal may read its own request topic and write its own reply topic, nothing else;
# channels may write the intake topic and read status; the hub reads intake and replies,
# writes requests, status and dead letters, keeps its state topic, reads orders, and uses
# its consumer group and an idempotent producer; administrators (hubctl against the
# cluster) read the state and dead letters and write orders. Not runnable on the project's CI (no Apache Kafka there).
#
#   BOOTSTRAP=kafka-1:9093 COMMAND_CONFIG=admin.properties deploy/kafka/acls.sh
set -euo pipefail
: "${BOOTSTRAP:?set BOOTSTRAP=host:port}"
FLOW=${FLOW:-retirement}
DEPARTMENTS=${DEPARTMENTS:-"hrss police hpf health medicare"}
HUB=${HUB_PRINCIPAL:-User:onething-hub}
CHANNELS=${CHANNEL_PRINCIPAL:-User:onething-channels}
ADMINS=${ADMIN_PRINCIPAL:-User:onething-admins}
GROUP=${HUB_GROUP:-onething-hub}
KA=${KAFKA_ACLS:-kafka-acls.sh}
extra=()
[ -n "${COMMAND_CONFIG:-}" ] && extra+=(--command-config "$COMMAND_CONFIG")
acl() { "$KA" --bootstrap-server "$BOOTSTRAP" "${extra[@]}" --add "$@"; }

# The hub.
acl --allow-principal "$HUB" --operation Read --operation Describe --topic "$FLOW.applications"
acl --allow-principal "$HUB" --operation Read --group "$GROUP"
acl --allow-principal "$HUB" --operation Write --operation Describe --topic "$FLOW.status"
acl --allow-principal "$HUB" --operation Write --operation Describe --topic "$FLOW.deadletter"
acl --allow-principal "$HUB" --operation Read --operation Write --operation Describe --topic "$FLOW.repartition"
acl --allow-principal "$HUB" --operation Read --operation Write --operation Describe --topic "$FLOW.state"
acl --allow-principal "$HUB" --operation Read --operation Describe --topic "$FLOW.orders"
# The evidence log: the hub appends; auditors read it with a principal of their own.
acl --allow-principal "$HUB" --operation Write --operation Describe --topic "$FLOW.evidence"
acl --allow-principal "$HUB" --operation IdempotentWrite --cluster
for t in evaluations notifications supervision; do
  acl --allow-principal "$HUB" --operation Write --operation Describe --topic "$FLOW.$t"
done
for d in $DEPARTMENTS; do
  acl --allow-principal "$HUB" --operation Write --operation Describe --topic "$FLOW.requests.$d"
  acl --allow-principal "$HUB" --operation Read --operation Describe --topic "$FLOW.replies.$d"
done

# Channels (online, window, bank, ...): submit, supplement, withdraw; follow progress.
acl --allow-principal "$CHANNELS" --operation Write --operation Describe --topic "$FLOW.applications"
acl --allow-principal "$CHANNELS" --operation Read --operation Describe --topic "$FLOW.status"
acl --allow-principal "$CHANNELS" --operation Read --group "onething-channels" --resource-pattern-type prefixed

# Administrators (hubctl --bootstrap-servers): read the state and dead letters, give orders.
acl --allow-principal "$ADMINS" --operation Read --operation Describe --topic "$FLOW.state"
acl --allow-principal "$ADMINS" --operation Read --operation Describe --topic "$FLOW.deadletter"
acl --allow-principal "$ADMINS" --operation Write --operation Describe --topic "$FLOW.orders"
acl --allow-principal "$ADMINS" --operation IdempotentWrite --cluster

# Each department: its own request topic in, its own reply topic out, nothing else.
for d in $DEPARTMENTS; do
  p="User:dept-$d"
  acl --allow-principal "$p" --operation Read --operation Describe --topic "$FLOW.requests.$d"
  acl --allow-principal "$p" --operation Write --operation Describe --topic "$FLOW.replies.$d"
  acl --allow-principal "$p" --operation Read --group "dept-$d" --resource-pattern-type prefixed
  # Cards and rectifications reach departments on the supervision topic (each reads all
  # and answers only its own on its reply topic: the hub refuses any other).
  acl --allow-principal "$p" --operation Read --operation Describe --topic "$FLOW.supervision"
done
