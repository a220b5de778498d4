import OneThingExchange
import OneThingStore
import OneThingSupport

/// `hubctl evidence APPLICATION_ID`: what the evidence log holds for one application, as
/// proof of what was exchanged: each message consumed or produced (who signed it, its
/// SM3 digest, when, its link in the chain) and each reveal of its personal data, and
/// whether a signed checkpoint already vouches for the row.
struct EvidenceCommand {
    let applicationID: String

    func run(_ session: HubctlStore, _ presentation: Presentation) throws(HubctlFailure) -> CommandOutput {
        let (rows, checkpoint) = try session.read { reader in
            (try reader.evidence(applicationID: applicationID), try reader.lastEvidenceCheckpoint())
        }
        guard !rows.isEmpty else { throw .notFound("no evidence for application \(applicationID) in the store") }
        let vouchedThrough = (checkpoint?.seq ?? 1) - 1
        return CommandOutput(text: { text(rows, vouchedThrough: vouchedThrough, presentation) },
                             json: { json(rows, vouchedThrough: vouchedThrough, presentation) })
    }

    private func text(_ rows: [EvidenceRecord], vouchedThrough: Int64, _ presentation: Presentation) -> String {
        var table = TextTable([.init("SEQ", .right), .init("TIME"), .init("KIND"), .init("TOPIC"), .init("EVENT ID"),
                               .init("SIGNER"), .init("SM3 DIGEST"), .init("SIGNED")])
        for row in rows {
            table.append(["\(row.seq)", presentation.date(row.at), row.kind.rawValue, row.topic ?? "-", row.eventID ?? "-",
                          row.signer, row.digest, row.signature == nil ? "no" : (row.algorithm ?? "yes")])
        }
        let vouched = rows.filter { $0.seq <= vouchedThrough }.count
        return "Evidence for \(applicationID)\n" + table.rendered()
            + "\n\(rows.count) row\(rows.count == 1 ? "" : "s"), \(vouched) vouched for by a signed checkpoint; "
            + "`hubctl verify` checks the whole chain.\n"
    }

    private func json(_ rows: [EvidenceRecord], vouchedThrough: Int64, _ presentation: Presentation) -> JSONValue {
        Presentation.object([
            ("applicationId", .string(applicationID)),
            ("rows", .array(rows.map { row in
                Presentation.object([
                    ("seq", .int(row.seq)), ("at", presentation.json(row.at)), ("kind", .string(row.kind.rawValue)),
                    ("topic", Presentation.json(row.topic)), ("eventType", Presentation.json(row.eventType)),
                    ("eventId", Presentation.json(row.eventID)), ("signer", .string(row.signer)),
                    ("digest", .string(row.digest)), ("signature", Presentation.json(row.signature)),
                    ("algorithm", Presentation.json(row.algorithm)), ("previous", .string(row.previous)),
                    ("hash", .string(row.hash)), ("vouched", .bool(row.seq <= vouchedThrough)),
                ])
            })),
        ])
    }
}
