import OneThingExchange
import OneThingStore
import OneThingSupport

/// What `hubctl show` prints of an application's promises (`PromiseRecords`): the
/// evaluations channels gave (好差评), the rectifications they opened (整改), the
/// supervision cards (督办) and the notices sent to the applicant (一次告知). The same for
/// a stored application and an archived one, so what retention moved out of the store
/// still reads as it did. Level names come from the catalogue when it is at hand; the
/// codes stand alone without it.
struct PromisesSection {
    let promises: PromiseRecords
    let policy: PromisePolicy?
    let presentation: Presentation

    /// Text sections, only those with something in them (most applications have notices
    /// only).
    func text() -> [String] {
        var sections: [String] = []
        if !promises.evaluations.isEmpty {
            var table = TextTable([.init("CHANNEL"), .init("TARGET"), .init("DEPARTMENT"), .init("LEVEL"),
                                   .init("AT"), .init("COMMENT")])
            for item in promises.evaluations {
                table.append([item.channel, item.target, item.department, levelText(item.level),
                              presentation.date(item.at), item.comment ?? "-"])
            }
            sections.append("Evaluations (好差评)\n" + table.rendered(indent: "  "))
        }
        if !promises.rectifications.isEmpty {
            var table = TextTable([.init("RECTIFICATION"), .init("DEPARTMENT"), .init("TARGET"), .init("LEVEL"),
                                   .init("OPENED"), .init("DEADLINE"), .init("CLOSED"), .init("NOTE")])
            for item in promises.rectifications {
                table.append([item.id, item.department, item.matter ?? EvaluationRecord.applicationTarget,
                              levelText(item.level), presentation.date(item.openedAt), presentation.date(item.deadline),
                              item.closedAt.map { presentation.date($0) } ?? (item.overdueNotified ? "open (OVERDUE)" : "open"),
                              item.note ?? "-"])
            }
            sections.append("Rectifications (整改)\n" + table.rendered(indent: "  "))
        }
        if !promises.cards.isEmpty {
            var table = TextTable([.init("CARD"), .init("SUBJECT"), .init("DEPARTMENT"), .init("LEVEL"), .init("TO"),
                                   .init("OPENED"), .init("STAGE"), .init("CLOSED"), .init("NOTE")])
            for card in promises.cards {
                table.append([card.id, card.subject, card.department, cardLevelText(card.level), card.recipient,
                              presentation.date(card.openedAt), CardsCommand.stage(card),
                              card.closedAt.map { presentation.date($0) } ?? "open", card.note ?? "-"])
            }
            sections.append("Supervision cards (督办)\n" + table.rendered(indent: "  "))
        }
        if !promises.notices.isEmpty {
            var table = TextTable([.init("NOTICE"), .init("KIND"), .init("AT"), .init("COVERS")])
            for notice in promises.notices {
                table.append([notice.id, notice.kind, presentation.date(notice.at),
                              notice.covers.isEmpty ? "-" : notice.covers.joined(separator: ", ")])
            }
            sections.append("Notices to the applicant (一次告知)\n" + table.rendered(indent: "  "))
        }
        return sections
    }

    /// `"promises"` of `show --json`: every list present, empty when there is nothing.
    func json() -> JSONValue {
        Presentation.object([
            ("evaluations", .array(promises.evaluations.map { item in
                Presentation.object([
                    ("channel", .string(item.channel)), ("matter", Presentation.json(item.matter)),
                    ("target", .string(item.target)), ("department", .string(item.department)),
                    ("level", .string(item.level)), ("levelName", Presentation.json(levelName(item.level))),
                    ("score", .int(Int64(item.score))), ("comment", Presentation.json(item.comment)),
                    ("at", presentation.json(item.at)), ("eventId", .string(item.eventID)),
                ])
            })),
            ("rectifications", .array(promises.rectifications.map { item in
                Presentation.object([
                    ("id", .string(item.id)), ("department", .string(item.department)),
                    ("matter", Presentation.json(item.matter)), ("channel", .string(item.channel)),
                    ("level", .string(item.level)), ("comment", Presentation.json(item.comment)),
                    ("openedAt", presentation.json(item.openedAt)), ("deadline", presentation.json(item.deadline)),
                    ("closedAt", presentation.json(item.closedAt)), ("note", Presentation.json(item.note)),
                    ("overdueNotified", .bool(item.overdueNotified)),
                ])
            })),
            ("cards", .array(promises.cards.map { card in
                Presentation.object([
                    ("id", .string(card.id)), ("subject", .string(card.subject)),
                    ("department", .string(card.department)), ("level", .string(card.level)),
                    ("recipient", .string(card.recipient)), ("stage", .string(CardsCommand.stage(card))),
                    ("openedAt", presentation.json(card.openedAt)), ("acknowledgedAt", presentation.json(card.acknowledgedAt)),
                    ("rectifiedAt", presentation.json(card.rectifiedAt)), ("note", Presentation.json(card.note)),
                    ("closedAt", presentation.json(card.closedAt)),
                ])
            })),
            ("notices", .array(promises.notices.map { notice in
                Presentation.object([
                    ("id", .string(notice.id)), ("kind", .string(notice.kind)), ("at", presentation.json(notice.at)),
                    ("covers", .array(notice.covers.map(JSONValue.string))),
                ])
            })),
        ])
    }

    private func levelName(_ code: String) -> String? {
        policy?.evaluations.levels.first { $0.code == code }?.name
    }

    private func levelText(_ code: String) -> String {
        levelName(code).map { "\($0) (\(code))" } ?? code
    }

    private func cardLevelText(_ code: String) -> String {
        policy?.supervision.cards.first { $0.level == code }.map { "\($0.name) (\(code))" } ?? code
    }
}
