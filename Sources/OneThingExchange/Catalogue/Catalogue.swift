/// Every flow found in the catalogue files. The caller reads the files (this module does
/// no I/O) and passes them keyed by their path relative to the catalogue folder, e.g.
/// `<flow>/flow.json`, `<flow>/application.json`,
/// `<flow>/departments/<department>.json`, and `calendar/<year>.json` (the working-day
/// calendar every flow counts `wd` limits with). Other files (README.md, asyncapi.json)
/// are ignored.
public struct Catalogue: Sendable {
    public let flows: [Flow]
    public let calendar: WorkingCalendar

    public static func load(files: [String: [UInt8]]) throws(CatalogueError) -> Catalogue {
        let calendar = try CalendarLoader.load(files: files)
        var flows: [Flow] = []
        for path in files.keys.sorted() where path.hasSuffix("/flow.json") {
            let folder = String(path.dropLast("flow.json".count))
            let flowFiles = files.filter { $0.key.hasPrefix(folder) }
                .reduce(into: [String: [UInt8]]()) { $0[String($1.key.dropFirst(folder.count))] = $1.value }
            var flow = try FlowLoader.load(folder: folder, files: flowFiles, calendar: calendar)
            flow.promises = try PromisesLoader.load(folder: folder, files: flowFiles, prefix: flow.topics.prefix, stem: flow.eventTypes.stem,
                                                    departments: flow.departments.map(\.code),
                                                    dueSoonFraction: flow.dueSoonFraction)
            flow.topics.published = flow.promises?.topics ?? []
            for topic in flow.topics.published where flow.topics.all.filter({ $0 == topic }).count > 1 {
                throw CatalogueError(file: folder + "promises.json", reason: "topic \(topic) is already a topic of the flow")
            }
            flows.append(flow)
        }
        guard !flows.isEmpty else { throw CatalogueError(file: "(catalogue)", reason: "no <flow>/flow.json file was given") }
        var names = Set<String>()
        for flow in flows where !names.insert(flow.name).inserted {
            throw CatalogueError(file: flow.name + "/flow.json", reason: "flow name \(flow.name) is defined twice")
        }
        return Catalogue(flows: flows, calendar: calendar)
    }

    public func flow(named name: String) -> Flow? { flows.first { $0.name == name } }
}
