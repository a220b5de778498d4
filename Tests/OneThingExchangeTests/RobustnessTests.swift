import Testing
@testable import OneThingExchange

/// Thousands of random and mutated inputs (fixed seeds, our own PRNG): nothing crashes,
/// every input yields a valid result or typed errors.
@Suite struct RobustnessTests {
    let flow: Flow
    init() throws { flow = try #require(Fixtures.retirement) }

    static let knownCodes: Set<String> = ["required", "unknown-field", "type", "format", "range", "checksum", "mismatch",
                                          "too-early", "overlap", "immutable"]

    static func randomScalar(_ random: inout SplitMix64) -> JSONValue {
        switch random.below(9) {
        case 0: return .null
        case 1: return .bool(random.chance(50))
        case 2: return .int(Int64(bitPattern: random.next()) % 1000)
        case 3: return .double(Double(random.below(10_000)) / 7)
        case 4: return .string(random.pick(["", " ", "male", "female", "normal", "disability", "special-work", "proxy",
                                            "1965-02-29", "2025-06-01", "2025-13", "1983-07", "450103", "韦", "\u{0}", "X",
                                            "9999-12-31", "0000-00-00", "13907710000", "<&>", "\"", "\\u0000"]))
        case 5: return .array([])
        case 6: return .object(JSONObject())
        case 7: return .string(String(repeating: "9", count: random.below(40)))
        default: return .string(Checksums.citizenID(year: 1950 + random.below(50), month: 1 + random.below(12),
                                                    day: 1 + random.below(28), sequence: random.below(1000)))
        }
    }

    /// Every path to a value in a document (objects and arrays).
    static func paths(_ value: JSONValue, prefix: [JSONPathStep] = []) -> [[JSONPathStep]] {
        switch value {
        case .object(let object): return object.flatMap { [prefix + [.key($0)]] + paths($1, prefix: prefix + [.key($0)]) }
        case .array(let items): return items.indices.flatMap { [prefix + [.index($0)]] + paths(items[$0], prefix: prefix + [.index($0)]) }
        default: return []
        }
    }

    static func replacing(_ value: JSONValue, at steps: ArraySlice<JSONPathStep>, with newValue: JSONValue?) -> JSONValue {
        guard let step = steps.first else { return newValue ?? .null }
        switch (step, value) {
        case (.key(let key), .object(var object)):
            if steps.count == 1, newValue == nil { object[key] = nil } else {
                object[key] = replacing(object[key] ?? .null, at: steps.dropFirst(), with: newValue)
            }
            return .object(object)
        case (.index(let index), .array(var items)) where items.indices.contains(index):
            if steps.count == 1, newValue == nil { items.remove(at: index) } else {
                items[index] = replacing(items[index], at: steps.dropFirst(), with: newValue)
            }
            return .array(items)
        default:
            return value
        }
    }

    static func mutate(_ document: JSONValue, _ random: inout SplitMix64) -> JSONValue {
        var result = document
        for _ in 0..<(1 + random.below(4)) {
            let all = paths(result)
            guard !all.isEmpty else { break }
            let path = random.pick(all)
            switch random.below(4) {
            case 0: result = replacing(result, at: path[...], with: nil)
            case 1: result = replacing(result, at: path[...], with: randomScalar(&random))
            case 2: result = replacing(result, at: (path + [.key("x\(random.below(3))")])[...], with: randomScalar(&random))
            default:
                if case .string(let s)? = result.value(at: path), !s.isEmpty {
                    var characters = Array(s)
                    characters[random.below(characters.count)] = random.pick(["0", "X", "-", "a", "韦", " "])
                    result = replacing(result, at: path[...], with: .string(String(characters)))
                }
            }
        }
        return result
    }

    @Test func mutatedApplicationsValidatePlanAndTranslateWithoutCrashing() throws {
        var random = SplitMix64(seed: 20_261_122)
        var valid = 0
        let bases = [Applications.example, RequestTests.document(for: "M02"), RequestTests.document(for: "M03")]
        for _ in 0..<2000 {
            let document = Self.mutate(random.pick(bases), &random)
            switch flow.validate(document) {
            case .invalid(let issues):
                #expect(!issues.isEmpty)
                for issue in issues { #expect(Self.knownCodes.contains(issue.code) && !issue.message.isEmpty, "\(issue)") }
            case .valid(let application):
                valid += 1
                let plan = flow.plan(application)
                #expect(Set(plan.applicable).isDisjoint(with: plan.notApplicable.map(\.matter)))
                #expect(plan.applicable.count + plan.notApplicable.count == flow.matters.count)
                for matter in plan.applicable {
                    let id = RequestID(applicationID: application.id, matter: matter, revision: 1 + random.below(3))
                    do {
                        let request = try flow.encodeRequest(matter: matter, application: application,
                                                             outputs: RequestTests.outputs, requestID: id)
                        #expect(!request.body.isEmpty)
                    } catch {
                        #expect(!error.reason.isEmpty)
                    }
                }
                let supplement = Self.mutate(.object(JSONObject()).mergePatched(with: Self.replacing(application.document,
                    at: random.pick(Self.paths(application.document))[...], with: Self.randomScalar(&random))), &random)
                _ = flow.supplement(application, changes: supplement)
            }
        }
        #expect(valid > 50, "too few mutated applications stayed valid to exercise planning: \(valid)")
    }

    @Test func randomBytesNeverCrashTheJSONParser() {
        var random = SplitMix64(seed: 7)
        let alphabet = Array("{}[]:,\"\\/ntrufalse0123456789-+.eE \u{7f}".utf8) + [0xE9, 0x9F, 0xA6, 0xF0, 0x80, 0x00]
        let seed = Array(#"{"a":[1,-2.5e3,"x\u00e9\ud83d\ude00",true,null,{"b":{}}]}"#.utf8)
        var parsed = 0
        for round in 0..<5000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<random.below(40)).map { _ in random.pick(alphabet) }
            } else {
                bytes = seed
                for _ in 0..<(1 + random.below(3)) {
                    let index = random.below(bytes.count)
                    switch random.below(3) {
                    case 0: bytes[index] = random.pick(alphabet)
                    case 1: bytes.remove(at: index)
                    default: bytes.insert(random.pick(alphabet), at: index)
                    }
                }
            }
            do {
                let value = try JSONValue(parsing: bytes)
                parsed += 1
                #expect(try JSONValue(parsing: value.serialized()) == value)
            } catch {
                #expect(error.offset >= 0 && error.offset <= bytes.count)
            }
        }
        #expect(parsed > 0)
    }

    @Test func mutatedRepliesAreDecisionsOrProtocolErrors() throws {
        var random = SplitMix64(seed: 42)
        var templates: [(String, [UInt8])] = []
        for (department, body, _) in ReplyTests.statusCases { templates.append((department, Array(body.utf8))) }
        for (department, file) in [("hrss", "spec/reply-hrss-M05.json"), ("police", "spec/reply-police-M10.xml"),
                                   ("hpf", "spec/reply-hpf-M08.json"), ("health", "spec/reply-health-M09.json"),
                                   ("medicare", "spec/reply-medicare-M06.json")] {
            templates.append((department, Fixtures.bytes(file)))
        }
        var decided = 0
        var refused = 0
        for _ in 0..<4000 {
            let (department, template) = random.pick(templates)
            var body = template
            if random.chance(50), department != "police", let document = try? JSONValue(parsing: template) {
                body = Self.mutate(document, &random).serialized()
            } else {
                for _ in 0..<(1 + random.below(3)) where !body.isEmpty {
                    let index = random.below(body.count)
                    switch random.below(3) {
                    case 0: body[index] = UInt8(truncatingIfNeeded: random.next())
                    case 1: body.removeSubrange(index...)
                    default: body.insert(random.pick(Array("<>&\"0129:".utf8)), at: index)
                    }
                }
            }
            switch flow.decodeReply(department: random.chance(95) ? department : "police", body: body) {
            case .success(let reply):
                decided += 1
                if case .approved(let outputs) = reply.decision, let matter = RequestID(parsing: reply.requestID)?.matter {
                    #expect(Set(outputs.keys) == Set(flow.matter(matter)?.outputs ?? []))
                }
            case .failure(let error):
                refused += 1
                #expect(!error.reason.isEmpty)
            }
        }
        #expect(decided > 100 && refused > 100, "decided \(decided), refused \(refused)")
    }

    @Test func randomStatesKeepPlannerInvariants() throws {
        var random = SplitMix64(seed: 99)
        let application = try #require(flow.validate(Applications.example).application)
        let plan = flow.plan(application)
        for _ in 0..<3000 {
            var states: [String: MatterState] = [:]
            for matter in plan.applicable where random.chance(80) { states[matter] = random.pick(MatterState.allCases) }
            let ready = flow.readyToSend(plan, states: states)
            #expect(ready.allSatisfy { (states[$0] ?? .waiting) == .waiting })
            let cancel = flow.cancellations(plan, states: states)
            #expect(cancel.allSatisfy { !(states[$0] ?? .waiting).isFinal })
            #expect(Set(ready).isDisjoint(with: cancel) || cancel.allSatisfy { (states[$0] ?? .waiting) == .waiting })
            let outcome = flow.outcome(plan, states: states)
            #expect((outcome == nil) == plan.applicable.contains { !(states[$0] ?? .waiting).isFinal })
        }
    }
}
