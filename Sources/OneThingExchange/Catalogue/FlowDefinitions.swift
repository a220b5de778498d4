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
    /// The short display name: what lists, trees and the demo show.
    public let title: String
    /// The full official name of the service matter (事项名称) as the province lists it:
    /// what reports to other government systems carry (statistics, 好差评, supervision),
    /// so they match the province's own service catalogue. The title when the catalogue
    /// gives none.
    public let officialName: String
    /// The group this matter belongs to (alternatives of which one applies), if any.
    public let group: String?
    /// Calendar time or working days (`"5wd"`), unscaled.
    public let timeLimit: TimeLimit
    /// Matter codes or group names that must be approved before this matter is sent.
    public let requires: [String]
    /// Matter codes or group names that must be final before this matter is sent.
    public let after: [String]
    /// Canonical output names, in catalogue order.
    public let outputs: [String]
    /// The outputs the catalogue marks `public`, in catalogue order: the only ones status
    /// snapshots carry (certificate numbers, dates, decisions). The others (amounts,
    /// addresses) are `internal`: they reach only the departments whose requests use them.
    public let publicOutputs: [String]

    public init(code: String, department: String, title: String, officialName: String? = nil, group: String?,
                timeLimit: TimeLimit, requires: [String], after: [String], outputs: [String], publicOutputs: [String]) {
        self.code = code
        self.department = department
        self.title = title
        self.officialName = officialName.flatMap { $0.isEmpty ? nil : $0 } ?? title
        self.group = group
        self.timeLimit = timeLimit
        self.requires = requires
        self.after = after
        self.outputs = outputs
        self.publicOutputs = publicOutputs
    }
}

/// The topic names of a flow, all under its prefix.
public struct FlowTopics: Sendable, Hashable {
    public let prefix: String
    public let departmentCodes: [String]

    // The names are built once: routing asks for them at every message.
    public let applications: String
    public let status: String
    public let deadletter: String
    /// The compacted state topic: every application's whole state, keyed by its id, on the
    /// partition of its input (the hub's source of truth across instances).
    public let state: String
    /// The hub's internal topic for inputs that arrived on a partition other than their
    /// application's owner partition (a sender partitioning keys another way): the
    /// instance that read one forwards it here, keyed by the application id, so it lands
    /// on the owner partition and is read by the owner (as Kafka Streams repartitions).
    public let repartition: String
    /// Administrators' orders (`hubctl resend` / `withdraw` against a cluster), keyed by
    /// the application id so each lands on its application's owner partition and is
    /// carried out by the instance that owns it, in its pipeline.
    public let orders: String
    /// Further topics the hub publishes on, named by the catalogue (the promises'
    /// evaluations, notifications and supervision topics): created with the others and
    /// partitioned like them, since they are keyed by application id too.
    public internal(set) var published: [String] = []
    /// The evidence log (`OneThingEvidence`): every row of every instance's hash chain,
    /// kept for ever (`retention.ms=-1`, not compacted), so the proof of what was
    /// exchanged survives the loss of a disk.
    public let evidence: String
    private let requestTopics: [String: String]
    private let replyTopics: [String: String]
    private let departmentOfReplyTopic: [String: String]

    public init(prefix: String, departmentCodes: [String]) {
        self.prefix = prefix
        self.departmentCodes = departmentCodes
        applications = prefix + ".applications"
        status = prefix + ".status"
        deadletter = prefix + ".deadletter"
        state = prefix + ".state"
        repartition = prefix + ".repartition"
        orders = prefix + ".orders"
        evidence = prefix + ".evidence"
        var requests: [String: String] = [:], replies: [String: String] = [:], ofReply: [String: String] = [:]
        for code in departmentCodes {
            requests[code] = Self.requests(prefix: prefix, code)
            let reply = Self.replies(prefix: prefix, code)
            replies[code] = reply
            if ofReply[reply] == nil { ofReply[reply] = code }
        }
        requestTopics = requests
        replyTopics = replies
        departmentOfReplyTopic = ofReply
    }

    public func requests(_ department: String) -> String {
        requestTopics[department] ?? Self.requests(prefix: prefix, department)
    }

    public func replies(_ department: String) -> String {
        replyTopics[department] ?? Self.replies(prefix: prefix, department)
    }

    private static func requests(prefix: String, _ department: String) -> String { prefix + ".requests." + department }
    private static func replies(prefix: String, _ department: String) -> String { prefix + ".replies." + department }

    /// Every topic of the flow: intake, status, dead letters, state, repartition, orders,
    /// evidence, then requests and replies per department, then the catalogue's
    /// `published` topics.
    public var all: [String] {
        [applications, status, deadletter, state, repartition, orders, evidence]
            + departmentCodes.flatMap { [requests($0), replies($0)] } + published
    }

    /// The department whose reply topic this is, if any.
    public func department(ofReplyTopic topic: String) -> String? {
        departmentOfReplyTopic[topic]
    }
}

/// The `ce_type`s of a flow, all under its stem (e.g. `gov.onething.<flow>`).
public struct FlowEventTypes: Sendable, Hashable {
    public let stem: String
    // Built once, like the topic names: every message is checked against them.
    public let submitted: String
    public let supplemented: String
    public let withdrawn: String
    public let request: String
    public let cancel: String
    public let reply: String
    public let status: String
    /// An administrator's order on the orders topic (see `AdministratorOrder`).
    public let order: String
    /// Rows of the evidence log, on the evidence topic.
    public let evidence: String

    public init(stem: String) {
        self.stem = stem
        submitted = stem + ".submitted"
        supplemented = stem + ".supplemented"
        withdrawn = stem + ".withdrawn"
        request = stem + ".request"
        cancel = stem + ".cancel"
        reply = stem + ".reply"
        status = stem + ".status"
        order = stem + ".order"
        evidence = stem + ".evidence"
    }
}
