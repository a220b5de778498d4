import Foundation
import OneThingExchange

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
