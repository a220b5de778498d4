import Foundation
import OneThingExchange
import OneThingStore

/// When each promise timer of an application falls due: a card level reached by a
/// running matter or an open rectification, a rectification's deadline, and the gathered
/// supplement notice. Like `TimerSchedule`, pure: the engine asks it at every step.
struct PromiseSchedule {
    let engine: HubEngine
    let policy: PromisePolicy

    /// The instant `level` is reached by a matter whose clock runs (sent or received) and
    /// that has no card of this level yet: `fraction` of its time limit after its start,
    /// counted back from its deadline. As for `matter-due-soon` (`TimerSchedule`), the
    /// limit is the span from the start to the deadline with the supplement pauses taken
    /// out, so a working-day limit stretched by holidays stretches its cards too.
    func cardDue(_ level: CardLevel, matter: MatterRecord, cards: [CardRecord]) -> Date? {
        guard matter.state == .sent || matter.state == .received, let deadline = matter.deadline, let sentAt = matter.sentAt,
              !cards.contains(where: { $0.subject == matter.code && $0.level == level.level }) else { return nil }
        let limit = max(0, deadline.timeIntervalSince(sentAt) - matter.pausedSeconds)
        return deadline.addingTimeInterval(-(1 - level.fraction) * limit)
    }

    /// The same for an open rectification: rectifications escalate like matters.
    func cardDue(_ level: CardLevel, rectification: RectificationRecord, cards: [CardRecord]) -> Date? {
        guard rectification.closedAt == nil,
              !cards.contains(where: { $0.subject == rectification.id && $0.level == level.level }) else { return nil }
        let limit = max(0, rectification.deadline.timeIntervalSince(rectification.openedAt))
        return rectification.deadline.addingTimeInterval(-(1 - level.fraction) * limit)
    }

    func rectificationOverdueAt(_ rectification: RectificationRecord) -> Date? {
        guard rectification.closedAt == nil, !rectification.overdueNotified else { return nil }
        return rectification.deadline
    }

    /// The supplement requests no notice covered yet, and when their one notice is due:
    /// `supplementWindow` after the first of them, later while another matter is still
    /// with its department (it may ask for more), but no later than `supplementMaxWait`.
    func supplementNotice(of record: ApplicationRecord) -> (due: Date, matters: [MatterRecord])? {
        let covered = Set(record.promises.notices.flatMap(\.covers))
        let open = record.matters.filter { $0.state == .supplementRequired && !covered.contains(Self.coverKey($0)) }
        guard let since = open.compactMap(\.supplementSince).min() else { return nil }
        let deciding = record.matters.contains { $0.state == .sent || $0.state == .received }
        let wait = deciding ? policy.notifications.supplementMaxWait : policy.notifications.supplementWindow
        return (since.addingTimeInterval(engine.scaled(wait)), open)
    }

    /// How a notice names a supplement request it covers: the matter and its revision
    /// (a later request for the same matter is a new one).
    static func coverKey(_ matter: MatterRecord) -> String { "\(matter.code):r\(matter.revision)" }

    func nextTimer(of record: ApplicationRecord) -> Date? {
        guard record.state != .invalid else { return nil }
        var candidates: [Date] = []
        let cards = record.promises.cards
        for level in policy.supervision.cards {
            for matter in record.matters {
                if let due = cardDue(level, matter: matter, cards: cards) { candidates.append(due) }
            }
            for rectification in record.promises.rectifications {
                if let due = cardDue(level, rectification: rectification, cards: cards) { candidates.append(due) }
            }
        }
        for rectification in record.promises.rectifications {
            if let due = rectificationOverdueAt(rectification) { candidates.append(due) }
        }
        if let notice = supplementNotice(of: record) { candidates.append(notice.due) }
        return candidates.min()
    }
}
