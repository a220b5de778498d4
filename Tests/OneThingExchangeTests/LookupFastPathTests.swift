import Testing
@testable import OneThingExchange

/// The byte-level fast paths taken for every message: dotted-path lookups and request
/// id parsing must agree with the general definitions on every edge.
@Suite struct LookupFastPathTests {
    let document: JSONValue = .object(JSONObject([
        ("a", .object(JSONObject([("b", .string("ab")), ("a-rather-long-key-name", .int(7))]))),
        ("list", .array([.object(JSONObject([("to", .string("2020-01-01"))]))])),
        ("s", .string("text")),
    ]))

    @Test func dottedPathsAgreeWithTheStepwiseLookup() {
        for path in ["a", "a.b", "a.a-rather-long-key-name", "s", "s.x", "a.c", "x", "", ".", "a.", ".a", "a..b",
                     "list", "list[0].to", "list[1].to", "a.b.c"] {
            let stepwise = JSONPath.steps(path).flatMap { document.value(at: $0) }
            #expect(document[path: path] == stepwise, "\(path)")
            #expect(document[path: JSONFieldPath(path)] == stepwise, "parsed \(path)")
        }
        #expect(document[path: "a.b"] == .string("ab"))
        #expect(document[path: "a.a-rather-long-key-name"] == .int(7))
        #expect(document[path: "list[0].to"] == .string("2020-01-01"))
    }

    @Test func requestIDsParseExactlyTheirOwnForm() throws {
        let id = try #require(RequestID(parsing: "GX-20261122-000001:M10:r12"))
        #expect(id.applicationID == "GX-20261122-000001")
        #expect(id.matter == "M10")
        #expect(id.revision == 12)
        #expect(RequestID(parsing: id.description) == id)
        // A revision written with leading zeros names the same request, in canonical text.
        let padded = try #require(RequestID(parsing: "GX-20261122-000001:M10:r012"))
        #expect(padded == id)
        #expect(padded.description == "GX-20261122-000001:M10:r12")
        #expect(RequestID(applicationID: "A", matter: "M1", revision: 3).description == "A:M1:r3")
        for bad in ["", "a", "a:b", "a:b:", "a:b:r", "a:b:r0", "a:b:x1", ":M10:r1", "a::r1", "a:b:r1:cancel",
                    "a:b:r-1", "a:b:r1x", "a:b:r１", "a:b:r9999999999"] {
            #expect(RequestID(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func objectsAreEqualWhateverTheirKeyOrder() {
        let forward = JSONObject([("x", .int(1)), ("y", .string("2"))])
        let backward = JSONObject([("y", .string("2")), ("x", .int(1))])
        let partly = JSONObject([("x", .int(1)), ("z", .string("2"))])
        #expect(forward == backward)
        #expect(forward != partly)
        #expect(forward != JSONObject([("x", .int(1)), ("y", .string("3"))]))
    }
}
