/// Builds the `WorkingCalendar` from the catalogue's `calendar/<year>.json` files, one
/// per published year, and checks them the way the State Council's notices read: the
/// days off of each holiday as a range, the adjusted working days (调休) on weekends.
enum CalendarLoader {
    static let folder = "calendar/"

    /// `files` keyed by catalogue path; only `calendar/*.json` are read. No such file
    /// gives the weekday rule everywhere.
    static func load(files: [String: [UInt8]]) throws(CatalogueError) -> WorkingCalendar {
        var daysOff = Set<Int>()
        var working = Set<Int>()
        var years: [Int] = []
        for path in files.keys.sorted() where path.hasPrefix(folder) && path.hasSuffix(".json") {
            let year = try loadYear(path: path, bytes: files[path], daysOff: &daysOff, working: &working)
            years.append(year)
        }
        guard let first = years.min(), let last = years.max() else { return .weekdaysOnly }
        guard years.count == last - first + 1 else {
            throw CatalogueError(file: folder, reason: "the calendar years must follow each other without a gap (found \(years.sorted()))")
        }
        return WorkingCalendar(daysOff: daysOff, adjustedWorkingDays: working, years: first...last)
    }

    private static func loadYear(path: String, bytes: [UInt8]?, daysOff: inout Set<Int>, working: inout Set<Int>) throws(CatalogueError) -> Int {
        let reader = CatalogueReader(file: path)
        let root = try reader.parse(bytes)
        try reader.allowOnly(root, ["year", "source", "holidays"])
        guard let year = try reader.int(root, "year"), (1...9999).contains(year) else { throw reader.fail("year must be an integer") }
        guard path == folder + "\(year).json" else { throw reader.fail("the file for year \(year) must be named \(folder)\(year).json") }
        _ = try reader.string(root, "source")
        for (position, item) in try reader.array(root, "holidays").enumerated() {
            let context = "holidays[\(position)]."
            guard let holiday = item.objectValue else { throw reader.fail("\(context) must be an object") }
            try reader.allowOnly(holiday, ["name", "daysOff", "adjustedWorkingDays"], context: context)
            let name = try reader.string(holiday, "name", context: context)
            let range = try reader.object(holiday, "daysOff", context: context)
            try reader.allowOnly(range, ["from", "to"], context: context + "daysOff.")
            let from = try date(range, "from", context + "daysOff.", reader)
            let to = try date(range, "to", context + "daysOff.", reader)
            guard from.year == year, from <= to, to.daysSinceEpoch - from.daysSinceEpoch < 31 else {
                throw reader.fail("\(context)daysOff of \(name) must start in \(year) and run forward, at most a month")
            }
            for day in from.daysSinceEpoch...to.daysSinceEpoch {
                guard daysOff.insert(day).inserted else {
                    throw reader.fail("\(context)\(CivilDate(daysSinceEpoch: day)) is a day off twice")
                }
            }
            for text in try reader.strings(holiday, "adjustedWorkingDays", context: context) {
                guard let day = CivilDate(iso: text) else { throw reader.fail("\(context)adjustedWorkingDays: \(text) is not a yyyy-MM-dd date") }
                guard WorkingCalendar.isWeekend(day.daysSinceEpoch) else {
                    throw reader.fail("\(context)adjustedWorkingDays: \(text) is not a Saturday or Sunday")
                }
                guard working.insert(day.daysSinceEpoch).inserted else {
                    throw reader.fail("\(context)adjustedWorkingDays: \(text) is listed twice")
                }
            }
        }
        if let clash = daysOff.intersection(working).min() {
            throw reader.fail("\(CivilDate(daysSinceEpoch: clash)) is both a day off and an adjusted working day")
        }
        return year
    }

    private static func date(_ object: JSONObject, _ key: String, _ context: String, _ reader: CatalogueReader) throws(CatalogueError) -> CivilDate {
        let text = try reader.string(object, key, context: context)
        guard let date = CivilDate(iso: text) else { throw reader.fail("\(context)\(key): \(text) is not a yyyy-MM-dd date") }
        return date
    }
}
