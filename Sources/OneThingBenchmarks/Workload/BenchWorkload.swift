import Foundation
import OneThingExchange
import OneThingKafka
import OneThingSimulator

/// Valid applications from the simulator's generator, with their binary-mode
/// `submitted` CloudEvents for the flow's intake topic.
enum BenchWorkload {
    /// One application with every optional block, so that its matters reach every
    /// department: it warms up every client and topic before the clock runs.
    static func warmUp(flow: Flow, prefix: String) -> BenchApplication {
        var generator = ApplicationGenerator(seed: 99, idPrefix: prefix + "W")
        let generated = generator.make(ApplicationOptions(deemedPeriods: true, claimMedicalDeemedYears: true,
                                                          housingFund: true, familyPlanning: true, fiscalFundedEmployer: false))
        return application(flow: flow, generated: generated, eventID: prefix + "-warm-up", time: Timestamp.rfc3339(Date()), withPlan: false)
    }

    static func make(flow: Flow, count: Int, prefix: String, seed: UInt64, withPlans: Bool) -> [BenchApplication] {
        var generator = ApplicationGenerator(seed: seed, idPrefix: prefix)
        let time = Timestamp.rfc3339(Date())
        var result: [BenchApplication] = []
        result.reserveCapacity(count)
        for index in 0..<count {
            result.append(application(flow: flow, generated: generator.next(), eventID: "\(prefix)-submit-\(index)", time: time,
                                      withPlan: withPlans))
        }
        return result
    }

    private static func application(flow: Flow, generated: GeneratedApplication, eventID: String, time: String,
                                withPlan: Bool) -> BenchApplication {
        let event = CloudEvent(id: eventID, source: "/channels/bench", type: flow.eventTypes.submitted,
                               time: time, subject: generated.id, contentType: "application/json",
                               extensions: [:], data: generated.document.serialized())
        let message = ChannelClient.message(event, topic: flow.topics.applications, key: generated.id, mode: .binary)
        var plan: MatterPlan?
        if withPlan, case .valid(let application) = flow.validate(generated.document) {
            plan = flow.plan(application)
        }
        return BenchApplication(id: generated.id, message: message, bytes: BenchSizes.bytes(message), plan: plan)
    }
}
