import OneThingExchange
import OneThingKafka

/// One application ready to submit: its intake message built in advance, so the
/// submitting loop costs the hub's CPU nothing but the produce call.
struct BenchApplication: Sendable {
    let id: String
    let message: OutgoingMessage
    /// Key + value + header bytes, for the mean message size.
    let bytes: Int
    /// The matters that apply (for attributing each dependent request to its trigger).
    let plan: MatterPlan?
}
