#!/usr/bin/env bash
# Sourced by the broker scripts here: internal_topics RF MIN_ISR prints the server.properties lines of Kafka's internal
# topics (consumer offsets, transactions, share groups) for a cluster of RF brokers.
internal_topics() {
  printf 'offsets.topic.replication.factor=%s\noffsets.topic.num.partitions=%s\n' "$1" "$1"
  for topic in transaction.state.log share.coordinator.state.topic; do
    printf '%s.replication.factor=%s\n%s.min.isr=%s\n' "$topic" "$1" "$topic" "$2"
  done
}
