/// How simulated departments behave: how often they approve, reject or ask for a
/// supplement, whether they acknowledge first, how slow and how unreliable they are, and
/// forced outcomes for particular matters. The same seed gives the same decisions.
public struct SimulatorBehaviour: Sendable {
    /// Relative weights of the three decisions; they need not add up to 1.
    public var approveRate: Double
    public var rejectRate: Double
    public var supplementRate: Double
    /// Probability that a delivery of a request goes unanswered (drawn again for each
    /// resend, so the hub's resends eventually get through).
    public var silenceRate: Double
    /// Probability that a reply is published twice with the same `ce_id`.
    public var duplicateRate: Double
    /// Send a `received` reply at once, then the decision after `delay`.
    public var acknowledgeFirst: Bool
    /// Mean wait before the decision (each reply waits 50-150 % of it).
    public var delay: Duration
    public var seed: UInt64
    /// Forced outcomes, first match wins; they override the rates.
    public var rules: [MatterRule]

    public init(approveRate: Double = 0.9, rejectRate: Double = 0.05, supplementRate: Double = 0.05,
                silenceRate: Double = 0, duplicateRate: Double = 0, acknowledgeFirst: Bool = false,
                delay: Duration = .zero, seed: UInt64 = 1, rules: [MatterRule] = []) {
        self.approveRate = approveRate
        self.rejectRate = rejectRate
        self.supplementRate = supplementRate
        self.silenceRate = silenceRate
        self.duplicateRate = duplicateRate
        self.acknowledgeFirst = acknowledgeFirst
        self.delay = delay
        self.seed = seed
        self.rules = rules
    }

    /// The rule that applies to a request, if any.
    func rule(department: String, matter: String, applicationID: String) -> MatterRule? {
        rules.first { $0.matches(department: department, matter: matter, applicationID: applicationID) }
    }
}

/// A forced outcome, e.g. "M10 rejects" or "M08 of application X asks for a supplement".
/// A supplement is asked for on the first revision only: the revision a valid supplement
/// brings is approved, as a department satisfied by the new material would.
public struct MatterRule: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        case approve
        case reject(reason: String)
        case supplement(reason: String)
        /// Never answer (exercises resends and stalling).
        case silence
        /// An interface failure where the department's schema has one (medicare).
        case interfaceFailure(code: String, message: String)
    }

    /// nil matches every matter / department / application.
    public var matter: String?
    public var department: String?
    public var applicationIDs: Set<String>?
    /// nil matches every application; else only ids starting with it.
    public var applicationIDPrefix: String?
    public var action: Action
    /// Overrides the behaviour's jittered delay with this exact one (e.g. a slow department
    /// that lets a deadline pass).
    public var delay: Duration?

    public init(matter: String? = nil, department: String? = nil, applicationIDs: Set<String>? = nil,
                applicationIDPrefix: String? = nil, action: Action, delay: Duration? = nil) {
        self.matter = matter
        self.department = department
        self.applicationIDs = applicationIDs
        self.applicationIDPrefix = applicationIDPrefix
        self.action = action
        self.delay = delay
    }

    public static func rejects(_ matter: String, applications: Set<String>? = nil,
                               reason: String = "信息不一致 details do not match our records") -> MatterRule {
        MatterRule(matter: matter, applicationIDs: applications, action: .reject(reason: reason))
    }

    public static func asksSupplement(_ matter: String, applications: Set<String>? = nil,
                                      reason: String = "需补充材料 please supply the missing documents") -> MatterRule {
        MatterRule(matter: matter, applicationIDs: applications, action: .supplement(reason: reason))
    }

    func matches(department: String, matter: String, applicationID: String) -> Bool {
        (self.matter == nil || self.matter == matter) && (self.department == nil || self.department == department)
            && (applicationIDs?.contains(applicationID) ?? true)
            && (applicationIDPrefix.map { applicationID.hasPrefix($0) } ?? true)
    }
}

extension MatterRule {
    /// Reads a command-line rule `MATTER=ACTION[@APPLICATION_ID_PREFIX]`, ACTION one of
    /// `approve`, `reject`, `supplement`, `silence` (e.g. `M10=reject@E2E-R`); nil when
    /// it is not one.
    public init?(parsing text: String) {
        let (head, prefix): (Substring, Substring?) = {
            guard let at = text.firstIndex(of: "@") else { return (text[...], nil) }
            return (text[..<at], text[text.index(after: at)...])
        }()
        let parts = head.split(separator: "=", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, prefix.map({ !$0.isEmpty }) ?? true else { return nil }
        let action: Action
        switch parts[1] {
        case "approve": action = .approve
        case "reject": action = .reject(reason: "信息不一致 details do not match our records")
        case "supplement": action = .supplement(reason: "需补充材料 please supply the missing documents")
        case "silence": action = .silence
        default: return nil
        }
        self.init(matter: String(parts[0]), applicationIDPrefix: prefix.map(String.init), action: action)
    }
}
