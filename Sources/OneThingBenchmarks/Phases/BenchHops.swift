import Foundation
import OneThingExchange
import OneThingHub
import OneThingSupport

/// The hub's hop, seen from the departments: for every request that depended on an
/// earlier reply, the time from the department handing the triggering reply to
/// librdkafka until the dependent request came out of its poll.
///
/// The trigger is the reply after which the flow first considers the matter ready
/// (`Flow.readyToSend` over the approvals sent so far, in send order): the hub cannot
/// have sent the request before consuming that reply. Matters ready at acceptance (no
/// prerequisite) are not hops and are skipped.
///
/// What it includes: two Kafka trips on the mock (reply to the hub; request to the
/// departments, each with producer linger and the consumer's fetch wait), plus the hub's
/// poll, decode, engine step, store transaction, outbox publish and delivery wait.
enum BenchHops {
    struct Hop: Sendable {
        /// Reply sent -> dependent request out of the departments' poll.
        let total: Double
        /// Reply sent -> the hub handed the dependent request to its producer (the
        /// request's Kafka CreateTime; wall clocks, millisecond precision).
        let toHubProduce: Double
    }

    static func milliseconds(events: [String: [BenchResponder.Event]], plans: [String: MatterPlan], flow: Flow) -> [Hop] {
        var hops: [Hop] = []
        for (applicationID, log) in events {
            guard let plan = plans[applicationID] else { continue }
            let replies = log.filter { $0.kind == .replySent }
            let initial = Set(flow.readyToSend(plan, states: Dictionary(uniqueKeysWithValues: plan.applicable.map { ($0, MatterState.waiting) })))
            for arrival in log where arrival.kind == .requestArrived && !initial.contains(arrival.matter) {
                var states = Dictionary(uniqueKeysWithValues: plan.applicable.map { ($0, MatterState.waiting) })
                for reply in replies where reply.matter != arrival.matter {
                    states[reply.matter] = .approved
                    if flow.readyToSend(plan, states: states).contains(arrival.matter) {
                        if arrival.at >= reply.at {
                            hops.append(Hop(total: BenchClock.seconds(from: reply.at, to: arrival.at) * 1000,
                                            toHubProduce: (arrival.wall - reply.wall) * 1000))
                        }
                        break
                    }
                }
            }
        }
        return hops
    }
}

extension BenchHops {
    /// A request the hub delivered, timed on the hub's own side: from the poll that
    /// returned the batch that caused it to its delivery report.
    struct HubSideRequest: Sendable {
        let request: RequestID
        let milliseconds: Double
        /// The part of it until the batch's transaction committed (routing, engine, store);
        /// the rest is the producer's linger, the broker's acknowledgement and the report.
        let untilCommitted: Double
    }

    /// The requests (not cancels: their ids are not request ids) among a batch's rows.
    static func requests(in batch: ObservedBatchDeliveries, requestTopics: Set<String>) -> [HubSideRequest] {
        var found: [HubSideRequest] = []
        for (row, confirmed) in zip(batch.rows, batch.confirmedAt) where requestTopics.contains(row.topic) {
            guard let confirmed,
                  let idHeader = row.headers.first(where: { $0.key == "ce_id" }),
                  let request = RequestID(parsing: String(decoding: idHeader.value, as: UTF8.self)) else { continue }
            let elapsed = confirmed - batch.consumedAt
            found.append(HubSideRequest(request: request, milliseconds: elapsed.inSeconds * 1000,
                                        untilCommitted: batch.processingWall.inSeconds * 1000))
        }
        return found
    }

    /// The hub's own hop as the issue defines it: a reply consumed to the dependent
    /// request's delivery confirmed. A request is dependent when its matter was not ready
    /// at acceptance (so only a consumed reply can have released it); first revisions only.
    static func hubSide(_ delivered: [HubSideRequest], plans: [String: MatterPlan], flow: Flow) -> [HubSideRequest] {
        var initial: [String: Set<String>] = [:]
        for (id, plan) in plans {
            let waiting = Dictionary(uniqueKeysWithValues: plan.applicable.map { ($0, MatterState.waiting) })
            initial[id] = Set(flow.readyToSend(plan, states: waiting))
        }
        return delivered.compactMap { sample in
            guard sample.request.revision == 1, let ready = initial[sample.request.applicationID],
                  !ready.contains(sample.request.matter) else { return nil }
            return sample
        }
    }
}
