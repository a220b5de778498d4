/// How a piece of personal data is shown when it must not be shown in full: in `hubd`'s logs
/// always, in `hubctl`'s output unless `--reveal` is given. It lives in the pure domain so both
/// the daemon and the admin CLI mask alike.
///
/// Each kind keeps just enough for a clerk to match the record with the person in front of
/// them (the region code and check digits of an ID number, a surname, a phone's carrier
/// prefix and last digits, an account's last four), and replaces every other character by
/// one `*`, so the masked text keeps the original's length. Values too short for their
/// kind's rule would be revealed by it, so they are masked with the generic rule.
/// Characters are Swift `Character`s (grapheme clusters): `韦小宝` has three.
public enum PersonalDataMask: String, Sendable, Hashable, CaseIterable {
    /// Resident ID number: first 6 and last 4 kept. `450103196001011798` -> `450103********1798`.
    case idNumber
    /// Personal name: first character kept. `韦小宝` -> `韦**`; a one-character name -> `*`.
    case name
    /// Phone number: first 3 and last 4 kept. `13900000000` -> `139****0000`.
    case phone
    /// Bank or provident-fund account: last 4 kept. `6222020200001235678` -> `***************5678`.
    case bankAccount
    /// Anything else personal (addresses, free text): every character masked.
    case generic

    /// The masked form of `value`.
    public func apply(to value: String) -> String {
        let characters = Array(value)
        switch self {
        case .idNumber where characters.count >= 11:
            return Self.keep(characters, first: 6, last: 4)
        case .name where characters.count >= 2:
            return Self.keep(characters, first: 1, last: 0)
        case .phone where characters.count >= 8:
            return Self.keep(characters, first: 3, last: 4)
        case .bankAccount where characters.count >= 8:
            return Self.keep(characters, first: 0, last: 4)
        default:
            return String(repeating: "*", count: characters.count)
        }
    }

    private static func keep(_ characters: [Character], first: Int, last: Int) -> String {
        let hidden = characters.count - first - last
        return String(characters.prefix(first)) + String(repeating: "*", count: hidden) + String(characters.suffix(last))
    }
}
