/// The retirement types a unified application can carry.
public enum RetirementKind: String, Sendable, Hashable, CaseIterable {
    case normal
    case specialWork = "special-work"
    case disability
}

/// Who the applicant is, which sets the statutory age of a normal retirement.
public enum ApplicantGroup: String, Sendable, Hashable, CaseIterable {
    case man, womanCadre = "woman-cadre", womanWorker = "woman-worker"

    var statutoryGroup: StatutoryAge.Group {
        switch self {
        case .man: return .men
        case .womanCadre: return .womenCadres
        case .womanWorker: return .womenWorkers
        }
    }
}

/// What one generated application contains: the choices that decide which matters apply.
public struct ApplicationOptions: Sendable, Hashable {
    public var kind: RetirementKind
    public var group: ApplicantGroup
    public var channel: String
    /// Pension deemed periods (视同缴费): makes M04 apply.
    public var deemedPeriods: Bool
    /// medical.claimDeemedYears (needs deemed periods): makes M07 apply.
    public var claimMedicalDeemedYears: Bool
    public var housingFund: Bool
    public var familyPlanning: Bool
    public var fiscalFundedEmployer: Bool
    /// A flexible worker (灵活就业人员, `insuredCategory: flexible`): no employer block,
    /// so the family-planning reward (M09) does not apply.
    public var flexibleWorker: Bool

    public init(kind: RetirementKind = .normal, group: ApplicantGroup = .man, channel: String = "online",
                deemedPeriods: Bool = false, claimMedicalDeemedYears: Bool = false, housingFund: Bool = false,
                familyPlanning: Bool = false, fiscalFundedEmployer: Bool = false, flexibleWorker: Bool = false) {
        self.kind = kind
        self.group = group
        self.channel = channel
        self.deemedPeriods = deemedPeriods
        self.claimMedicalDeemedYears = claimMedicalDeemedYears && deemedPeriods
        self.housingFund = housingFund
        self.familyPlanning = familyPlanning
        self.fiscalFundedEmployer = fiscalFundedEmployer && !flexibleWorker
        self.flexibleWorker = flexibleWorker
    }

    /// Channels whose applications must name an agent (`agent` in
    /// `Topics/retirement/application.json`).
    public var needsAgent: Bool { channel == "proxy" || channel == "community" }

    public static let channels = ["online", "mobile", "window", "community", "bank", "employer", "proxy"]
}

/// A deliberate fault, and the error the hub must report for it.
public enum ApplicationDefect: String, Sendable, Hashable, CaseIterable {
    /// The applicant's ID number with a wrong check character.
    case badChecksum = "bad-checksum"
    /// A field the form does not know (a misspelt optional block).
    case unknownField = "unknown-field"
    /// A normal retirement requested before the statutory month.
    case tooEarly = "too-early"

    /// The `code` of the `FieldIssue` the validation must report.
    public var expectedCode: String {
        switch self {
        case .badChecksum: return "checksum"
        case .unknownField: return "unknown-field"
        case .tooEarly: return "too-early"
        }
    }

    /// The dotted path of the field at fault.
    public var expectedField: String {
        switch self {
        case .badChecksum: return "applicant.idNumber"
        case .unknownField: return ApplicationGenerator.unknownFieldPath
        case .tooEarly: return "retirement.requestedDate"
        }
    }
}
