/// The named checks of a form (`checks` in application.json). Each reads the fields the
/// data names and adds problems to the list; a check whose input already failed its own
/// field rules is skipped, so one mistake is reported once.
struct CrossFieldChecks {
    let document: JSONValue
    var issues: IssueList

    /// A usable string at a path: present, a string, and not already reported.
    private func string(_ path: String) -> String? {
        guard !issues.hasIssue(at: path) else { return nil }
        return document[path: path]?.stringValue
    }

    /// `string("<list>[<index>].<field>")` for an element already in hand, without looking
    /// the list up again (the path text is built only if there are issues to compare).
    private func string(_ field: String, of element: JSONValue, path: () -> String) -> String? {
        guard !issues.hasIssue(at: path()) else { return nil }
        return element[path: field]?.stringValue
    }

    mutating func run(_ check: FormCheck) {
        switch check {
        case let .citizenID(field, birthDate, gender, parity):
            citizenID(field: field, birthDate: birthDate, gender: gender, parity: parity)
        case .creditCode(let field):
            creditCode(field)
        case .statutoryAge(let parameters):
            statutoryAge(parameters)
        case let .ordered(list, from, to):
            for period in periods(list, from: from, to: to) where period.from > period.to {
                let element = "\(list)[\(period.index)]"
                issues.add("\(element).\(to)", .range, "\(element).\(to) must not be before \(element).\(from)")
            }
        case let .before(list, field, limit):
            before(list: list, field: field, limit: limit)
        case let .noOverlap(list, from, to):
            noOverlap(list: list, from: from, to: to)
        case let .trueNeedsNonEmpty(field, needs):
            guard !issues.hasIssue(at: field), document[path: field] == .bool(true) else { return }
            if !(FieldPath(needs).map { Rule.nonEmpty(path: $0).holds(in: document) } ?? false) {
                issues.add(field, .mismatch, "\(field) is true but \(needs) is empty")
            }
        }
    }

    private mutating func citizenID(field: String, birthDate: String?, gender: String?, parity: [String: Parity]) {
        guard let text = string(field) else { return }
        switch CitizenID.parse(text) {
        case .failure(let box):
            switch box.problem {
            case .structure:
                issues.add(field, .format, "\(field) must be 17 digits and a check character (0-9 or X)")
            case .birthDate:
                issues.add(field, .format, "\(field) characters 7-14 are not a real date yyyyMMdd")
            case .checksum(let expected):
                issues.add(field, .checksum, "\(field) has a wrong check character (expected \(expected))")
            }
        case .success(let id):
            if let birthDate, let text = string(birthDate), let date = CivilDate(iso: text), date != id.birthDate {
                issues.add(birthDate, .mismatch, "\(birthDate) \(text) does not agree with the birth date \(id.birthDate.iso) in \(field)")
            }
            if let gender, let value = string(gender), let expected = parity[value] {
                let actual: Parity = id.sequenceIsOdd ? .odd : .even
                if actual != expected {
                    issues.add(gender, .mismatch, "\(gender) \(value) does not agree with \(field) (its 17th digit is \(actual.rawValue))")
                }
            }
        }
    }

    private mutating func creditCode(_ field: String) {
        guard let text = string(field) else { return }
        switch CreditCode.check(text) {
        case .valid: return
        case .structure:
            issues.add(field, .format, "\(field) must be 18 characters of 0-9 and A-Y without I, O, S, V, Z")
        case .checksum(let expected):
            issues.add(field, .checksum, "\(field) has a wrong check character (expected \(expected))")
        }
    }

    private mutating func statutoryAge(_ check: StatutoryAgeCheck) {
        guard check.when.holds(in: document),
              let birthText = string(check.birthDate), let birth = CivilDate(iso: birthText),
              let requestedText = string(check.requestedDate), let requested = CivilDate(iso: requestedText),
              let row = check.table.first(where: { $0.when.holds(in: document) }) else { return }
        let statutory = row.statutoryMonth(bornIn: birth.monthIndex)
        if requested.monthIndex < statutory {
            let age = row.originalAgeMonths + row.delay(bornIn: birth.monthIndex)
            issues.add(check.requestedDate, .tooEarly,
                       "\(check.requestedDate) \(requestedText) is before the \(check.label) \(statutory.text) "
                       + "(\(row.who) born \(birth.monthIndex.text): age \(age / 12) years \(age % 12) months)")
        }
    }

    /// The valid `(from, to)` months of a list's elements, by index.
    private func periods(_ list: String, from: String, to: String) -> [(index: Int, from: MonthIndex, to: MonthIndex)] {
        guard let items = document[path: list]?.arrayValue else { return [] }
        var result: [(index: Int, from: MonthIndex, to: MonthIndex)] = []
        for (index, item) in items.enumerated() {
            guard let fromText = string(from, of: item, path: { "\(list)[\(index)].\(from)" }),
                  let toText = string(to, of: item, path: { "\(list)[\(index)].\(to)" }),
                  let start = monthOf(fromText), let end = monthOf(toText) else { continue }
            result.append((index, start, end))
        }
        return result
    }

    private func monthOf(_ text: String) -> MonthIndex? {
        parseMonth(text) ?? CivilDate(iso: text)?.monthIndex
    }

    private mutating func before(list: String, field: String, limit: String) {
        guard let limitText = string(limit), let limitMonth = monthOf(limitText),
              let items = document[path: list]?.arrayValue else { return }
        for (index, item) in items.enumerated() {
            let path = { "\(list)[\(index)].\(field)" }
            guard let text = string(field, of: item, path: path), let month = monthOf(text) else { continue }
            if month >= limitMonth {
                issues.add(path(), .range, "\(path()) \(text) must be before \(limit) \(limitText)")
            }
        }
    }

    private mutating func noOverlap(list: String, from: String, to: String) {
        let valid = periods(list, from: from, to: to).filter { $0.from <= $0.to }
        for (position, later) in valid.enumerated() {
            if let earlier = valid[..<position].first(where: { $0.from <= later.to && later.from <= $0.to }) {
                issues.add("\(list)[\(later.index)]", .overlap,
                           "\(list)[\(later.index)] overlaps \(list)[\(earlier.index)]")
            }
        }
    }
}
