import OneThingExchange
import OneThingStore
import OneThingSupport

/// `hubctl deadletters`: what the hub refused, newest first. The message value is not
/// shown (it may hold a whole application with personal data), only its size; the key
/// is the application id the channel used. The hub's own outgoing messages that Kafka
/// refused for good (`undeliverable`, or `too-large` for Kafka) are marked
/// "outgoing": their origin is the destination they did not reach, and
/// `hubctl resend APPLICATION MATTER` can send them again once the cause is fixed.
struct DeadLettersCommand {
    let limit: Int

    func run(_ session: HubctlStore, _ presentation: Presentation) throws(HubctlFailure) -> CommandOutput {
        let (letters, total) = try session.read { reader in
            (try reader.deadLetters(limit: limit), try reader.deadLetterCount())
        }
        return CommandOutput(text: { text(letters, total: total, presentation) }, json: { json(letters, total: total, presentation) })
    }

    private static func key(_ bytes: [UInt8]?) -> String? {
        bytes.map { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether the dead letter is one of the hub's own messages that Kafka did not take.
    static func isOutgoing(_ letter: DeadLetterRecord) -> Bool {
        letter.headers.contains { $0.key == "dlq_direction" && $0.value == Array("outgoing".utf8) }
    }

    private static func origin(_ letter: DeadLetterRecord) -> String {
        isOutgoing(letter) ? "outgoing to \(letter.topic) (undeliverable)" : "\(letter.topic)/\(letter.partition)/\(letter.offset)"
    }

    private func text(_ letters: [DeadLetterRecord], total: Int, _ presentation: Presentation) -> String {
        guard !letters.isEmpty else { return "No dead letters.\n" }
        var table = TextTable([.init("ID", .right), .init("TIME"), .init("CODE"), .init("ORIGIN"), .init("KEY"),
                               .init("REASON")])
        for letter in letters {
            table.append(["\(letter.id)", presentation.date(letter.at), letter.code,
                          Self.origin(letter), Self.key(letter.key) ?? "-",
                          letter.reason])
        }
        return table.rendered() + "\n\(letters.count) of \(total) dead letter\(total == 1 ? "" : "s")\n"
    }

    private func json(_ letters: [DeadLetterRecord], total: Int, _ presentation: Presentation) -> JSONValue {
        let items: [JSONValue] = letters.map { letter in
            Presentation.object([
                ("id", .int(letter.id)),
                ("at", presentation.json(letter.at)),
                ("code", .string(letter.code)),
                ("direction", .string(Self.isOutgoing(letter) ? "outgoing" : "incoming")),
                ("reason", .string(letter.reason)),
                ("topic", .string(letter.topic)),
                ("partition", .int(Int64(letter.partition))),
                ("offset", .int(letter.offset)),
                ("key", Presentation.json(Self.key(letter.key))),
                ("valueBytes", letter.value.map { .int(Int64($0.count)) } ?? .null),
                ("headers", .array(letter.headers.map { .string($0.key) })),
            ])
        }
        return Presentation.object([("total", .int(Int64(total))), ("count", .int(Int64(letters.count))),
                                    ("deadLetters", .array(items))])
    }
}
