import Foundation
import OneThingExchange
import OneThingStore

/// 督办. Cards open on the clock (`openDueCards`, from `keepPromises`) and close when their
/// matter is final or their rectification closed; in between, the department says on its
/// reply topic that it saw a card (`card-acknowledged`) and what it did about it
/// (`card-rectified`, with a note), and closes a rectification (`rectified`, with a
/// note). Each change is an event on the supervision topic. A message naming a card or
/// rectification the application does not have, or another department's, is a dead letter;
/// a repeat of what was already recorded is history only.
extension EngineStep {
    mutating func answer(_ answer: SupervisionAnswer) {
        guard let policy = flow.promises, let current = record, current.state != .invalid else {
            deadLetter = DeadLetterVerdict(code: DeadLetterVerdict.orphanReply,
                                           reason: "The \(answer.kind.rawValue) message names application \(applicationID), which the hub does not have.")
            return
        }
        let fields = answer.data.objectValue
        let note = fields?["note"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let wire = PromiseMessages(flow: flow, policy: policy, applicationID: applicationID, now: now)
        switch answer.kind {
        case .cardAcknowledged, .cardRectified:
            guard let cardID = fields?["cardId"]?.stringValue,
                  let index = current.promises.cards.firstIndex(where: { $0.id == cardID }) else {
                deadLetter = DeadLetterVerdict(code: DeadLetterVerdict.orphanReply,
                                               reason: "The \(answer.kind.rawValue) message names card \(fields?["cardId"]?.stringValue ?? "(none)"), which application \(applicationID) does not have.")
                return
            }
            var card = current.promises.cards[index]
            guard card.department == answer.department else {
                deadLetter = DeadLetterVerdict(code: DeadLetterVerdict.wrongDepartment,
                                               reason: "Card \(cardID) is \(card.department)'s, but the message came on \(answer.department)'s reply topic.")
                return
            }
            if answer.kind == .cardRectified && note == nil {
                deadLetter = DeadLetterVerdict(code: DeadLetterVerdict.protocolError,
                                               reason: "A card-rectified message must say what was done (a non-empty note).")
                return
            }
            let event: String
            if answer.kind == .cardAcknowledged {
                guard card.acknowledgedAt == nil else {
                    self.note("card-duplicate", matter: subjectMatter(card), eventID: answer.eventID, "Card \(cardID) was already acknowledged.")
                    return
                }
                card.acknowledgedAt = now
                event = "card-acknowledged"
            } else {
                if card.acknowledgedAt == nil { card.acknowledgedAt = now }
                card.rectifiedAt = now
                card.note = note
                event = "card-rectified"
            }
            record?.promises.cards[index] = card
            messages.append(wire.card(card, event: event, subjectMatter: subjectMatter(card), deadline: subjectDeadline(card)))
            self.note(event, matter: subjectMatter(card), eventID: answer.eventID,
                      "\(answer.department) \(event == "card-acknowledged" ? "acknowledged" : "reported the rectification of") card \(cardID).")
        case .rectified:
            guard let rectificationID = fields?["rectificationId"]?.stringValue,
                  let index = current.promises.rectifications.firstIndex(where: { $0.id == rectificationID }) else {
                deadLetter = DeadLetterVerdict(code: DeadLetterVerdict.orphanReply,
                                               reason: "The rectified message names rectification \(fields?["rectificationId"]?.stringValue ?? "(none)"), which application \(applicationID) does not have.")
                return
            }
            var item = current.promises.rectifications[index]
            guard item.department == answer.department else {
                deadLetter = DeadLetterVerdict(code: DeadLetterVerdict.wrongDepartment,
                                               reason: "Rectification \(rectificationID) is \(item.department)'s, but the message came on \(answer.department)'s reply topic.")
                return
            }
            guard let note else {
                deadLetter = DeadLetterVerdict(code: DeadLetterVerdict.protocolError,
                                               reason: "A rectified message must say what was done (a non-empty note).")
                return
            }
            guard item.closedAt == nil else {
                self.note("rectification-duplicate", matter: item.matter, eventID: answer.eventID,
                          "Rectification \(rectificationID) was already closed.")
                return
            }
            item.closedAt = now
            item.note = note
            record?.promises.rectifications[index] = item
            messages.append(wire.rectification(item, event: "rectification-closed"))
            self.note("rectification-closed", matter: item.matter, eventID: answer.eventID,
                      "\(answer.department) closed rectification \(rectificationID).")
        }
    }

    /// Opens every card whose level was reached by now, closes cards whose matter is
    /// final or whose rectification is closed, and announces overdue rectifications once.
    mutating func superviseCards(policy: PromisePolicy, wire: PromiseMessages) {
        guard var current = record else { return }
        let schedule = PromiseSchedule(engine: engine, policy: policy)
        for index in current.promises.cards.indices where current.promises.cards[index].closedAt == nil {
            let card = current.promises.cards[index]
            let finished: Bool
            if let matter = current.matter(card.subject) {
                finished = matter.state.isFinal
            } else {
                finished = current.promises.rectifications.first { $0.id == card.subject }?.closedAt != nil
            }
            guard finished else { continue }
            current.promises.cards[index].closedAt = now
            messages.append(wire.card(current.promises.cards[index], event: "card-closed", subjectMatter: subjectMatter(card),
                                      deadline: nil))
            note("card-closed", matter: subjectMatter(card), "Card \(card.id) (\(card.level)) closed: \(card.subject) is done.")
        }
        for level in policy.supervision.cards {
            for matter in current.matters {
                guard let due = schedule.cardDue(level, matter: matter, cards: current.promises.cards), due <= now else { continue }
                open(level, subject: matter.code, department: matter.department, deadline: matter.deadline,
                     into: &current, wire: wire)
            }
            for rectification in current.promises.rectifications {
                guard let due = schedule.cardDue(level, rectification: rectification, cards: current.promises.cards),
                      due <= now else { continue }
                open(level, subject: rectification.id, department: rectification.department,
                     deadline: rectification.deadline, into: &current, wire: wire)
            }
        }
        for index in current.promises.rectifications.indices {
            guard let due = schedule.rectificationOverdueAt(current.promises.rectifications[index]), due <= now else { continue }
            current.promises.rectifications[index].overdueNotified = true
            let item = current.promises.rectifications[index]
            messages.append(wire.rectification(item, event: "rectification-overdue"))
            note("rectification-overdue", matter: item.matter, "Rectification \(item.id) passed its deadline without being closed.")
        }
        record = current
    }

    private mutating func open(_ level: CardLevel, subject: String, department: String, deadline: Date?,
                               into current: inout ApplicationRecord, wire: PromiseMessages) {
        let card = CardRecord(id: "\(applicationID):card:\(current.promises.cards.count + 1)", subject: subject,
                              department: department, level: level.level, recipient: level.recipient.rawValue, openedAt: now)
        current.promises.cards.append(card)
        let matter = current.matter(subject)?.code
        messages.append(wire.card(card, event: "card-opened", subjectMatter: matter, deadline: deadline))
        note("card-opened", matter: matter, "A \(level.name) (\(level.level)) card went to \(department) for \(subject).")
    }

    private func subjectMatter(_ card: CardRecord) -> String? {
        record?.matter(card.subject)?.code ?? record?.promises.rectifications.first { $0.id == card.subject }?.matter
    }

    private func subjectDeadline(_ card: CardRecord) -> Date? {
        record?.matter(card.subject)?.deadline ?? record?.promises.rectifications.first { $0.id == card.subject }?.deadline
    }
}
