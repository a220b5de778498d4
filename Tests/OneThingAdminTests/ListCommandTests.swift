import Foundation
import Testing
@testable import OneThingAdmin

@Suite struct ListCommandTests {
    @Test func textTableIsNewestFirstWithLocalDates() throws {
        let fixture = try StoreFixture()
        let result = try fixture.hubctl("list")
        #expect(result.status == 0)
        #expect(result.standardError.isEmpty)
        let lines = result.standardOutput.components(separatedBy: "\n")
        #expect(lines[0] == "APPLICATION  STATE                MATTERS    ACCEPTED             DEADLINE             UPDATED              LAST EVENT")
        #expect(lines.dropFirst().prefix(5).map { String($0.prefix { $0 != " " }) }
                == ["GX-SUPP-5", "GX-BAD-4", "GX-OPEN-1", "GX-DONE-2", "GX-REJ-3"])
        // Fixed dates print in the TZ the test set (Asia/Shanghai, UTC+8).
        #expect(lines[4] == "GX-DONE-2    completed            5/5 final  2026-11-01 10:00:00  2026-11-16 10:00:00  2026-11-04 13:00:00  completed")
        #expect(lines.contains("5 applications"))
        let inUTC = try fixture.hubctl("list", environment: ["TZ": "UTC"])
        #expect(inUTC.standardOutput.contains("GX-DONE-2    completed            5/5 final  2026-11-01 02:00:00"))
    }

    @Test func filtersAndLimit() throws {
        let fixture = try StoreFixture()
        func ids(_ arguments: String...) throws -> [String] {
            let result = try Hubctl.run(["--store", fixture.path, "--json", "list"] + arguments)
            #expect(result.status == 0)
            return try result.json().array("applications").compactMap { $0.string("id") }
        }
        #expect(try ids("--state", "in-progress") == ["GX-OPEN-1"])
        #expect(try ids("--state", "completed") == ["GX-DONE-2"])
        #expect(try ids("--department", "hpf") == ["GX-OPEN-1", "GX-DONE-2"])
        #expect(try ids("--department", "police", "--state", "rejected") == ["GX-REJ-3"])
        #expect(try ids("--limit", "2") == ["GX-SUPP-5", "GX-BAD-4"])
        #expect(try ids("--state", "withdrawn").isEmpty)
        let limited = try fixture.hubctl("list", "--limit", "2")
        #expect(limited.standardOutput.contains("2 applications (limit 2 reached; --limit N shows more)"))
        let none = try fixture.hubctl("list", "--department", "nowhere")
        #expect(none.status == 0)
        #expect(none.standardOutput == "No applications match.\n")
    }

    @Test func jsonHasStableKeysAndISODates() throws {
        let fixture = try StoreFixture()
        let json = try fixture.hubctl("list", "--json", "--state", "completed").json()
        #expect(json.int("count") == 1)
        #expect(json.object("filters")?.string("state") == "completed")
        #expect(json.object("filters")?.isNull("department") == true)
        let application = try #require(json.array("applications").first)
        #expect(Set(application.keys) == ["id", "flow", "state", "outcome", "acceptedAt", "deadline", "updatedAt",
                                          "lastEvent", "lastEventMatter", "matters"])
        #expect(application.string("acceptedAt") == "2026-11-01T10:00:00+08:00")
        #expect(application.string("outcome") == "completed")
        #expect(application.isNull("lastEventMatter"))
        #expect(application.array("matters").map { $0.string("matter") ?? "" } == ["M10", "M01", "M05", "M06", "M08"])
        #expect(application.array("matters").first?.string("department") == "police")
        #expect(application["document"] == nil, "list never prints documents (personal data)")
    }
}
