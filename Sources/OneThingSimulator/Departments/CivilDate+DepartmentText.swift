import OneThingExchange

extension CivilDate {
    /// A date as a department system may write it in any field: `yyyy-MM-dd`, `yyyyMMdd`
    /// or `yyyy/MM/dd`. The simulator reads requests without knowing their schema, so it
    /// accepts every form a catalogue format names, and only years a retirement case can
    /// mention (1900 to 2200), so that other eight-digit values (codes, amounts in fen)
    /// are not taken for dates.
    init?(departmentText text: String) {
        guard let date = CivilDate(iso: text) ?? CivilDate(digits: text, separator: nil)
                ?? CivilDate(digits: text, separator: "/"),
              (1900...2200).contains(date.year) else { return nil }
        self = date
    }
}
