/// Who may change an application after it was accepted, from the flow's `channels.json`:
/// least privilege for the channels (窗口, 网上, 银行, 单位, 代办 ...) that hand in
/// applications. A channel is known by its `ce_source`; the engine compares sources and
/// field paths and knows no channel or field by name.
///
/// - A channel may supplement or withdraw only the applications it submitted, unless the
///   flow names it as acting for the applicant (`actsForApplicant`).
/// - A supplement may change only the fields listed for its channel (`supplementFields`).
/// - Fields protected after acceptance (where money goes) change only through a channel
///   allowed to (`changesProtectedFields`), and only with a reason, which is recorded.
public struct ChannelPolicy: Sendable, Hashable {
    /// What one channel (or every channel not listed) may do.
    public struct Channel: Sendable, Hashable {
        /// The `ce_source` it is known by; it also covers sources below it
        /// (`/channels/bank` covers `/channels/bank/icbc`). Empty for `otherChannels`.
        public let source: String
        /// May supplement and withdraw applications other channels submitted.
        public let actsForApplicant: Bool
        /// Dotted paths a supplement from it may change (a path covers the fields below
        /// it); `*` is every field. The form's immutable fields stay immutable regardless.
        public let supplementFields: [String]
        /// May change `protectedAfterAcceptance` fields (with a reason).
        public let changesProtectedFields: Bool

        public init(source: String, actsForApplicant: Bool = false, supplementFields: [String],
                    changesProtectedFields: Bool = false) {
            self.source = source
            self.actsForApplicant = actsForApplicant
            self.supplementFields = supplementFields
            self.changesProtectedFields = changesProtectedFields
        }

        /// Whether a supplement from this channel may change the field at `path`.
        public func maySupplement(_ path: String) -> Bool {
            supplementFields.contains { $0 == "*" || ChannelPolicy.covers($0, path) }
        }
    }

    /// The channels named, most specific source first.
    public let channels: [Channel]
    /// What a channel not named may do.
    public let otherChannels: Channel
    /// Fields that, once the application is accepted, change only through a channel with
    /// `changesProtectedFields` and with a recorded reason.
    public let protectedAfterAcceptance: [String]

    public init(channels: [Channel], otherChannels: Channel, protectedAfterAcceptance: [String]) {
        self.channels = channels.sorted { $0.source.count > $1.source.count }
        self.otherChannels = otherChannels
        self.protectedAfterAcceptance = protectedAfterAcceptance
    }

    /// A flow without `channels.json`: each channel still acts only on what it submitted,
    /// but may change any field the form lets change, and nothing is protected.
    public static let ownApplicationsOnly = ChannelPolicy(
        channels: [], otherChannels: Channel(source: "", supplementFields: ["*"]), protectedAfterAcceptance: [])

    /// The rules for a `ce_source`: the named channel whose source is it or above it
    /// (the longest such), else `otherChannels`.
    public func channel(_ source: String) -> Channel {
        channels.first { source == $0.source || source.hasPrefix($0.source + "/") } ?? otherChannels
    }

    /// Whether the event from `source` may act on an application `submitter` handed in.
    /// An application whose submitter is unknown (empty: stored before the hub recorded
    /// it) is open only to channels acting for the applicant, since every event on the
    /// wire names its source.
    public func mayActOn(applicationSubmittedBy submitter: String, source: String) -> Bool {
        source == submitter || channel(source).actsForApplicant
    }

    /// Whether the field at `path` is protected after acceptance (it, a field below it
    /// or the block above it).
    public func isProtected(_ path: String) -> Bool {
        protectedAfterAcceptance.contains { Self.covers($0, path) || Self.covers(path, $0) }
    }

    /// Whether `outer` names the field `path` or a block it lies in.
    static func covers(_ outer: String, _ path: String) -> Bool {
        path == outer || (path.hasPrefix(outer) && path.dropFirst(outer.count).first == ".")
    }
}
