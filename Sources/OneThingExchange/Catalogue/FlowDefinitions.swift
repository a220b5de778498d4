/// A department as the flow knows it: its code and the media type of its documents.
public struct DepartmentDefinition: Sendable, Hashable {
    public let code: String
    public let title: String
    /// `application/json` or `application/xml`: the `content-type` of its requests and replies.
    public let contentType: String
}

/// One matter (服务事项) of a flow, as the catalogue lists it.
public struct MatterDefinition: Sendable, Hashable {
    public let code: String
    public let department: String
    public let title: String
    /// The group this matter belongs to (alternatives of which one applies), if any.
    public let group: String?
    /// Seconds, unscaled.
    public let timeLimit: Double
    /// Matter codes or group names that must be approved before this matter is sent.
    public let requires: [String]
    /// Matter codes or group names that must be final before this matter is sent.
    public let after: [String]
    /// Canonical output names, in catalogue order.
    public let outputs: [String]
}

/// The topic names of a flow, all under its prefix.
public struct FlowTopics: Sendable, Hashable {
    public let prefix: String
    public let departmentCodes: [String]

    public var applications: String { prefix + ".applications" }
    public var status: String { prefix + ".status" }
    public var deadletter: String { prefix + ".deadletter" }
    public func requests(_ department: String) -> String { prefix + ".requests." + department }
    public func replies(_ department: String) -> String { prefix + ".replies." + department }

    /// Every topic of the flow: intake, status, dead letters, then requests and replies
    /// per department.
    public var all: [String] {
        [applications, status, deadletter] + departmentCodes.flatMap { [requests($0), replies($0)] }
    }

    /// The department whose reply topic this is, if any.
    public func department(ofReplyTopic topic: String) -> String? {
        departmentCodes.first { replies($0) == topic }
    }
}

/// The `ce_type`s of a flow, all under its stem (e.g. `gov.onething.<flow>`).
public struct FlowEventTypes: Sendable, Hashable {
    public let stem: String
    public var submitted: String { stem + ".submitted" }
    public var supplemented: String { stem + ".supplemented" }
    public var withdrawn: String { stem + ".withdrawn" }
    public var request: String { stem + ".request" }
    public var cancel: String { stem + ".cancel" }
    public var reply: String { stem + ".reply" }
    public var status: String { stem + ".status" }
}
