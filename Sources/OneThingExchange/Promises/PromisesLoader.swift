/// Reads `<flow>/promises.json` (see `PromisePolicy`). The file is optional: a flow
/// without it makes no promises beyond the exchange itself.
enum PromisesLoader {
    static let fileName = "promises.json"

    static func load(folder: String, files: [String: [UInt8]], prefix: String, stem: String, departments: [String],
                     dueSoonFraction: Double) throws(CatalogueError) -> PromisePolicy? {
        guard let bytes = files[fileName] else { return nil }
        let reader = CatalogueReader(file: folder + fileName)
        let root = try reader.parse(bytes)
        try reader.allowOnly(root, ["evaluations", "notifications", "supervision"])
        func topic(_ object: JSONObject, _ context: String) throws(CatalogueError) -> String {
            let suffix = try reader.string(object, "topic", context: context)
            guard suffix.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else {
                throw reader.fail("\(context)topic must be a topic name suffix (letters, digits, '.', '-', '_')")
            }
            return prefix + "." + suffix
        }
        let evaluations = try loadEvaluations(try reader.object(root, "evaluations"), reader: reader,
                                              departments: departments, topic: topic)
        let notifications = try loadNotifications(try reader.object(root, "notifications"), reader: reader, topic: topic)
        let supervision = try loadSupervision(try reader.object(root, "supervision"), reader: reader,
                                              departments: departments, dueSoonFraction: dueSoonFraction, topic: topic)
        let policy = PromisePolicy(evaluations: evaluations, notifications: notifications, supervision: supervision,
                                   types: PromiseEventTypes(stem: stem))
        guard Set(policy.topics).count == policy.topics.count else {
            throw reader.fail("evaluations, notifications and supervision need three different topics")
        }
        return policy
    }

    private static func loadEvaluations(_ object: JSONObject, reader: CatalogueReader, departments: [String],
                                        topic: (JSONObject, String) throws(CatalogueError) -> String) throws(CatalogueError) -> EvaluationPolicy {
        let context = "evaluations."
        try reader.allowOnly(object, ["topic", "levels", "applicationDepartment", "rectificationTimeLimit", "maxCommentLength"],
                             context: context)
        var levels: [SatisfactionLevel] = []
        for item in try reader.array(object, "levels", context: context) {
            guard let level = item.objectValue else { throw reader.fail("\(context)levels must list objects") }
            try reader.allowOnly(level, ["code", "name", "score", "rectify"], context: context + "levels: ")
            let code = try reader.string(level, "code", context: context)
            guard let score = try reader.int(level, "score", context: context), score >= 1, score <= 5 else {
                throw reader.fail("\(context)level \(code) needs a score from 1 to 5")
            }
            levels.append(SatisfactionLevel(code: code, name: try reader.string(level, "name", context: context),
                                            score: score, opensRectification: try reader.bool(level, "rectify", context: context)))
        }
        guard !levels.isEmpty, Set(levels.map(\.code)).count == levels.count, Set(levels.map(\.name)).count == levels.count else {
            throw reader.fail("\(context)levels must list levels with distinct codes and names")
        }
        let lead = try reader.string(object, "applicationDepartment", context: context)
        guard departments.contains(lead) else { throw reader.fail("\(context)applicationDepartment names unknown department \(lead)") }
        let maxComment = try reader.int(object, "maxCommentLength", context: context) ?? 500
        guard maxComment > 0 else { throw reader.fail("\(context)maxCommentLength must be positive") }
        return EvaluationPolicy(topic: try topic(object, context), levels: levels, applicationDepartment: lead,
                                rectificationTimeLimit: try reader.timeLimit(object, "rectificationTimeLimit", context: context),
                                maxCommentLength: maxComment)
    }

    /// Kinds a notice template may exist for: acceptance, the gathered supplement notice,
    /// and each outcome.
    static let noticeKinds: Set<String> = ["accepted", "supplement", "completed", "partially-completed", "rejected", "withdrawn"]

    private static func loadNotifications(_ object: JSONObject, reader: CatalogueReader,
                                          topic: (JSONObject, String) throws(CatalogueError) -> String) throws(CatalogueError) -> NotificationPolicy {
        let context = "notifications."
        try reader.allowOnly(object, ["topic", "phoneField", "supplementWindow", "supplementMaxWait", "templates", "item",
                                      "itemSeparator"], context: context)
        var templates: [String: String] = [:]
        for (kind, value) in try reader.object(object, "templates", context: context) {
            guard noticeKinds.contains(kind) else {
                throw reader.fail("\(context)templates: unknown kind \(kind) (known: \(noticeKinds.sorted().joined(separator: ", ")))")
            }
            guard let text = value.stringValue, !text.isEmpty else { throw reader.fail("\(context)templates.\(kind) must be text") }
            templates[kind] = text
        }
        let window = try reader.duration(object, "supplementWindow", context: context)
        let maxWait = try reader.duration(object, "supplementMaxWait", context: context)
        guard maxWait >= window else { throw reader.fail("\(context)supplementMaxWait must not be shorter than supplementWindow") }
        return NotificationPolicy(topic: try topic(object, context),
                                  phoneField: try reader.string(object, "phoneField", context: context),
                                  supplementWindow: window, supplementMaxWait: maxWait, templates: templates,
                                  itemTemplate: try reader.string(object, "item", context: context),
                                  itemSeparator: try reader.optionalString(object, "itemSeparator", context: context) ?? "；")
    }

    private static func loadSupervision(_ object: JSONObject, reader: CatalogueReader, departments: [String], dueSoonFraction: Double,
                                        topic: (JSONObject, String) throws(CatalogueError) -> String) throws(CatalogueError) -> SupervisionPolicy {
        let context = "supervision."
        try reader.allowOnly(object, ["topic", "supervisingOffice", "liaisons", "cards"], context: context)
        func contact(_ value: JSONObject, _ where: String) throws(CatalogueError) -> Contact {
            try reader.allowOnly(value, ["name", "phone"], context: context + `where` + ": ")
            return Contact(name: try reader.string(value, "name", context: context + `where` + "."),
                           phone: try reader.string(value, "phone", context: context + `where` + "."))
        }
        let office = try contact(try reader.object(object, "supervisingOffice", context: context), "supervisingOffice")
        var liaisons: [String: Contact] = [:]
        for (department, value) in try reader.object(object, "liaisons", context: context) {
            guard departments.contains(department) else { throw reader.fail("\(context)liaisons names unknown department \(department)") }
            guard let entry = value.objectValue else { throw reader.fail("\(context)liaisons.\(department) must be an object") }
            liaisons[department] = try contact(entry, "liaisons.\(department)")
        }
        for department in departments where liaisons[department] == nil {
            throw reader.fail("\(context)liaisons has no liaison for department \(department)")
        }
        var cards: [CardLevel] = []
        for item in try reader.array(object, "cards", context: context) {
            guard let card = item.objectValue else { throw reader.fail("\(context)cards must list objects") }
            try reader.allowOnly(card, ["level", "name", "at", "to"], context: context + "cards: ")
            let level = try reader.string(card, "level", context: context)
            let fraction: Double
            switch card["at"] {
            case .some(let value) where value.stringValue == "due-soon": fraction = dueSoonFraction
            case .some(let value) where value.stringValue == "overdue": fraction = 1
            case .some(let value) where (value.doubleValue ?? 0) > 0: fraction = value.doubleValue ?? 1
            default: throw reader.fail("\(context)card \(level): at must be \"due-soon\", \"overdue\" or a positive share of the time limit")
            }
            let to = try reader.string(card, "to", context: context)
            guard let recipient = CardRecipient(rawValue: to) else {
                throw reader.fail("\(context)card \(level): to must be liaison or supervising-office")
            }
            cards.append(CardLevel(level: level, name: try reader.string(card, "name", context: context),
                                   fraction: fraction, recipient: recipient))
        }
        guard Set(cards.map(\.level)).count == cards.count else { throw reader.fail("\(context)cards must have distinct levels") }
        return SupervisionPolicy(topic: try topic(object, context), supervisingOffice: office, liaisons: liaisons,
                                 cards: cards.sorted { $0.fraction < $1.fraction })
    }
}
