import Foundation
import OneThingExchange
import OneThingStore
@testable import OneThingHub

/// What the promise tests need beyond `EngineHarness`: the promises' topics and types,
/// evaluations and department answers as inputs, and an application driven to its end.
extension EngineHarness {
    var policy: PromisePolicy {
        guard let policy = flow.promises else { preconditionFailure("the test catalogue has no promises.json") }
        return policy
    }

    /// Parsed bodies of the last step's messages on a topic.
    func lastBodies(on topic: String) -> [JSONObject] {
        lastMessages(on: topic).compactMap { try? JSONValue(parsing: $0.value).objectValue }
    }

    /// Parsed bodies of every message so far on a topic.
    func allBodies(on topic: String) -> [JSONObject] {
        messages.filter { $0.topic == topic }.compactMap { try? JSONValue(parsing: $0.value).objectValue }
    }

    @discardableResult
    mutating func evaluate(_ level: String, matter: String? = nil, comment: String? = nil,
                           channel: String = "/channels/online") -> EngineResult {
        var fields: [(String, JSONValue)] = [("applicationId", .string(id)), ("level", .string(level))]
        if let matter { fields.append(("matter", .string(matter))) }
        if let comment { fields.append(("comment", .string(comment))) }
        return apply(.evaluated(eventID: nextEventID(), data: .object(JSONObject(fields)), source: channel))
    }

    @discardableResult
    mutating func answer(_ kind: SupervisionAnswer.Kind, department: String, fields: [(String, JSONValue)]) -> EngineResult {
        let data = JSONValue.object(JSONObject([("applicationId", .string(id))] + fields))
        return apply(.supervisionAnswer(SupervisionAnswer(kind: kind, eventID: nextEventID(),
                                                          source: "/departments/\(department)", department: department,
                                                          data: data)))
    }

    /// Approves every matter with its department until the application is final.
    mutating func approveAll() {
        var rounds = 0
        while record?.outcome == nil, rounds < 20 {
            rounds += 1
            for matter in record?.matters ?? [] where matter.state == .sent || matter.state == .received {
                approve(matter.code)
            }
        }
    }
}
