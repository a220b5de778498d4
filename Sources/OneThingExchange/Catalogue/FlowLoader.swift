/// Builds a `Flow` from its folder of files: `flow.json` (matters, limits),
/// `application.json` (form rules) and `departments/<code>.json` (mappings), and checks
/// that they agree with each other, so a bad edit fails at start-up, not mid-flow.
enum FlowLoader {
    static func load(folder: String, files: [String: [UInt8]], calendar: WorkingCalendar) throws(CatalogueError) -> Flow {
        let reader = CatalogueReader(file: folder + "flow.json")
        let root = try reader.parse(files["flow.json"])
        try reader.allowOnly(root, ["name", "title", "topicPrefix", "eventTypeStem", "overallTimeLimit", "previousTimeLimit", "acknowledgementTimeout",
                                    "maxResends", "dueSoonFraction", "departments", "rejectsApplication", "matters"])
        let name = try reader.string(root, "name")
        let prefix = try reader.optionalString(root, "topicPrefix") ?? name
        let stem = try reader.string(root, "eventTypeStem")
        let departmentCodes = try reader.strings(root, "departments")
        guard !departmentCodes.isEmpty, Set(departmentCodes).count == departmentCodes.count else {
            throw reader.fail("departments must list distinct department codes")
        }
        let dueSoon = root["dueSoonFraction"]?.doubleValue ?? 0.8
        guard dueSoon > 0, dueSoon < 1 else { throw reader.fail("dueSoonFraction must be between 0 and 1") }
        let maxResends = try reader.int(root, "maxResends") ?? 3
        guard maxResends >= 0 else { throw reader.fail("maxResends must not be negative") }

        var models: [String: MatterModel] = [:]
        var order: [String] = []
        var groups: [String: [String]] = [:]
        for (position, item) in try reader.array(root, "matters").enumerated() {
            guard let matter = item.objectValue else { throw reader.fail("matters[\(position)] must be an object") }
            let model = try loadMatter(matter, position: position, reader: reader)
            guard departmentCodes.contains(model.definition.department) else {
                throw reader.fail("matter \(model.definition.code) names unknown department \(model.definition.department)")
            }
            guard models[model.definition.code] == nil else { throw reader.fail("matter \(model.definition.code) is defined twice") }
            models[model.definition.code] = model
            order.append(model.definition.code)
            if let group = model.definition.group { groups[group, default: []].append(model.definition.code) }
        }
        guard !order.isEmpty else { throw reader.fail("matters must not be empty") }
        for group in groups.keys where models[group] != nil {
            throw reader.fail("group \(group) has the name of a matter")
        }
        func known(_ reference: String) -> Bool { models[reference] != nil || groups[reference] != nil }
        for code in order {
            guard let definition = models[code]?.definition else { continue }
            for reference in definition.requires + definition.after where !known(reference) {
                throw reader.fail("matter \(code) depends on unknown matter or group \(reference)")
            }
        }
        try checkAcyclic(order: order, models: models, groups: groups, reader: reader)
        let rejecting = try reader.strings(root, "rejectsApplication")
        for reference in rejecting where !known(reference) {
            throw reader.fail("rejectsApplication names unknown matter or group \(reference)")
        }

        let form = try FormLoader.load(file: folder + "application.json", bytes: files["application.json"])
        let channels = try ChannelPolicyLoader.load(file: folder + "channels.json", bytes: files["channels.json"], form: form)
        var mappings: [String: DepartmentMapping] = [:]
        var departments: [DepartmentDefinition] = []
        let matterList = order.compactMap { models[$0] }
        for code in departmentCodes {
            let path = "departments/\(code).json"
            let mapping = try MappingLoader.load(file: folder + path, bytes: files[path], code: code,
                                                 matters: matterList, groups: groups)
            mappings[code] = mapping
            departments.append(DepartmentDefinition(code: code, title: mapping.title, contentType: mapping.contentType))
        }

        return Flow(name: name,
                    topics: FlowTopics(prefix: prefix, departmentCodes: departmentCodes),
                    eventTypes: FlowEventTypes(stem: stem),
                    departments: departments,
                    matters: matterList.map(\.definition),
                    overallTimeLimit: try reader.timeLimit(root, "overallTimeLimit"),
                    previousTimeLimit: root["previousTimeLimit"] == nil ? nil : try reader.timeLimit(root, "previousTimeLimit"),
                    acknowledgementTimeout: try reader.duration(root, "acknowledgementTimeout"),
                    maxResends: maxResends,
                    dueSoonFraction: dueSoon,
                    calendar: calendar,
                    channels: channels,
                    models: models, groups: groups, rejecting: rejecting, form: form, mappings: mappings,
                    memberLists: Flow.memberLists(models: models, groups: groups))
    }

    private static func loadMatter(_ matter: JSONObject, position: Int, reader: CatalogueReader) throws(CatalogueError) -> MatterModel {
        let context = "matters[\(position)]."
        try reader.allowOnly(matter, ["code", "department", "title", "officialName", "group", "timeLimit", "requires", "after", "applicableWhen",
                                      "otherwise", "notApplicableWhen", "outputs"], context: context)
        let code = try reader.string(matter, "code", context: context)
        var outputs: [String] = []
        var publicOutputs: [String] = []
        var types: [String: OutputType] = [:]
        for item in try reader.array(matter, "outputs", context: context) {
            guard let output = item.objectValue else { throw reader.fail("\(context)outputs must list objects") }
            try reader.allowOnly(output, ["name", "type", "visibility"], context: context + "outputs: ")
            let name = try reader.string(output, "name", context: context)
            let typeName = try reader.string(output, "type", context: context)
            guard let type = OutputType(rawValue: typeName) else { throw reader.fail("\(context)output \(name) has unknown type \(typeName)") }
            guard types[name] == nil else { throw reader.fail("\(context)output \(name) is listed twice") }
            switch try reader.optionalString(output, "visibility", context: context) ?? "internal" {
            case "public": publicOutputs.append(name)
            case "internal": break
            case let other: throw reader.fail("\(context)output \(name) has visibility \(other); it must be public or internal")
            }
            outputs.append(name)
            types[name] = type
        }
        var exclusions: [Exclusion] = []
        for item in try reader.array(matter, "notApplicableWhen", context: context) {
            guard let exclusion = item.objectValue, let rule = try reader.rule(exclusion["when"]) else {
                throw reader.fail("\(context)notApplicableWhen must list {\"when\", \"reason\"}")
            }
            exclusions.append(Exclusion(when: rule, reason: try reader.string(exclusion, "reason", context: context)))
        }
        let definition = MatterDefinition(
            code: code,
            department: try reader.string(matter, "department", context: context),
            title: try reader.string(matter, "title", context: context),
            officialName: try reader.optionalString(matter, "officialName", context: context),
            group: try reader.optionalString(matter, "group", context: context),
            timeLimit: try reader.timeLimit(matter, "timeLimit", context: context),
            requires: try reader.strings(matter, "requires", context: context),
            after: try reader.strings(matter, "after", context: context),
            outputs: outputs,
            publicOutputs: publicOutputs)
        return MatterModel(definition: definition,
                           applicableWhen: try reader.rule(matter["applicableWhen"]) ?? .always,
                           otherwise: try reader.optionalString(matter, "otherwise", context: context) ?? "does not apply to this application",
                           notApplicableWhen: exclusions,
                           outputTypes: types)
    }

    /// Dependencies must form a DAG, or matters would wait for each other forever.
    private static func checkAcyclic(order: [String], models: [String: MatterModel], groups: [String: [String]],
                                     reader: CatalogueReader) throws(CatalogueError) {
        func edges(_ code: String) -> [String] {
            guard let definition = models[code]?.definition else { return [] }
            return (definition.requires + definition.after).flatMap { groups[$0] ?? [$0] }
        }
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        func visit(_ code: String) -> Bool {
            if state[code] == 2 { return true }
            if state[code] == 1 { return false }
            state[code] = 1
            for next in edges(code) where !visit(next) { return false }
            state[code] = 2
            return true
        }
        for code in order where !visit(code) {
            throw reader.fail("the dependencies of matter \(code) form a cycle")
        }
    }
}
