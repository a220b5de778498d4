/// Reads a flow's optional `channels.json` (see `ChannelPolicy`, `Topics/README.md`) and
/// checks every field path it names against the form, so a misspelt path cannot silently
/// open or protect nothing.
enum ChannelPolicyLoader {
    static func load(file: String, bytes: [UInt8]?, form: FormSchema) throws(CatalogueError) -> ChannelPolicy {
        guard let bytes else { return .ownApplicationsOnly }
        let reader = CatalogueReader(file: file)
        let root = try reader.parse(bytes)
        try reader.allowOnly(root, ["title", "channels", "otherChannels", "protectedAfterAcceptance"])
        let protected = try reader.strings(root, "protectedAfterAcceptance")
        for path in protected { try check(path, form: form, reader: reader, context: "protectedAfterAcceptance: ") }
        var channels: [ChannelPolicy.Channel] = []
        for (position, item) in try reader.array(root, "channels").enumerated() {
            guard let object = item.objectValue else { throw reader.fail("channels[\(position)] must be an object") }
            let channel = try loadChannel(object, named: true, context: "channels[\(position)].", form: form, reader: reader)
            guard !channels.contains(where: { $0.source == channel.source }) else {
                throw reader.fail("channel \(channel.source) is listed twice")
            }
            channels.append(channel)
        }
        let others = try loadChannel(try reader.object(root, "otherChannels"), named: false, context: "otherChannels.",
                                     form: form, reader: reader)
        return ChannelPolicy(channels: channels, otherChannels: others, protectedAfterAcceptance: protected)
    }

    private static func loadChannel(_ object: JSONObject, named: Bool, context: String, form: FormSchema,
                                    reader: CatalogueReader) throws(CatalogueError) -> ChannelPolicy.Channel {
        try reader.allowOnly(object, named ? ["source", "title", "actsForApplicant", "supplementFields", "changesProtectedFields"]
                                           : ["supplementFields"], context: context)
        let source = named ? try reader.string(object, "source", context: context) : ""
        if named, !source.hasPrefix("/") || source.hasSuffix("/") {
            throw reader.fail("\(context)source must be a path like /channels/window")
        }
        guard object["supplementFields"] != nil else { throw reader.fail("\(context)supplementFields is missing") }
        let fields = try reader.strings(object, "supplementFields", context: context)
        for path in fields where path != "*" { try check(path, form: form, reader: reader, context: context + "supplementFields: ") }
        return ChannelPolicy.Channel(source: source,
                                     actsForApplicant: named ? try reader.bool(object, "actsForApplicant", context: context) : false,
                                     supplementFields: fields,
                                     changesProtectedFields: named ? try reader.bool(object, "changesProtectedFields", context: context) : false)
    }

    private static func check(_ path: String, form: FormSchema, reader: CatalogueReader, context: String) throws(CatalogueError) {
        guard form.hasField(path) else { throw reader.fail("\(context)\(path) is not a field of the form") }
    }
}

extension FormSchema {
    /// Whether a dotted path (no array indices; a path through an array names its
    /// elements' fields) is a field of the form.
    func hasField(_ path: String) -> Bool {
        var fields = self.fields
        var found = false
        for name in path.split(separator: ".", omittingEmptySubsequences: false) {
            guard let field = fields.first(where: { $0.name == name }) else { return false }
            found = true
            switch field.kind {
            case .object(let inner): fields = inner
            case .array(let item):
                if case .object(let inner) = item.kind { fields = inner } else { fields = [] }
            default: fields = []
            }
        }
        return found
    }
}
