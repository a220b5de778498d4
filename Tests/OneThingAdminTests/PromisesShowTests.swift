import Foundation
import OneThingArchive
import OneThingExchange
import OneThingStore
import Testing
import OneThingTestSupport
@testable import OneThingAdmin

/// `hubctl show` prints an application's promises (evaluations, rectifications, cards,
/// notices), from the store and, after retention moved it out, from the archive.
@Suite struct PromisesShowTests {
    /// The fixture's completed GX-DONE-2 with its promises settled: a 差评 whose
    /// rectification the department closed, a card closed with its matter, two notices.
    static func fixture() throws -> StoreFixture {
        let fixture = try StoreFixture()
        let store = try fixture.store()
        try store.write { writer in
            guard var done = try writer.application(id: "GX-DONE-2") else { throw TestFailure("no GX-DONE-2") }
            let previous = done
            let at = StoreFixture.fixedStart + 86_400
            done.promises = PromiseRecords(
                evaluations: [
                    EvaluationRecord(channel: "/channels/window", matter: "M08", department: "hpf", level: "dissatisfied",
                                     score: 2, comment: "到账慢", at: at, eventID: "e2"),
                ],
                rectifications: [
                    RectificationRecord(id: "GX-DONE-2:rect:1", department: "hpf", matter: "M08", channel: "/channels/window",
                                        level: "dissatisfied", comment: "到账慢", openedAt: at, deadline: at + 5 * 86_400,
                                        closedAt: at + 3_600, note: "已加快到账并回访"),
                ],
                cards: [
                    CardRecord(id: "GX-DONE-2:card:M08:yellow", subject: "M08", department: "hpf", level: "yellow",
                               recipient: "liaison", openedAt: at - 600, acknowledgedAt: at - 500, rectifiedAt: at - 400,
                               note: "已安排专人办理", closedAt: at - 300),
                ],
                notices: [
                    NoticeRecord(id: "GX-DONE-2:notice:1", kind: "accepted", at: at - 86_000),
                    NoticeRecord(id: "GX-DONE-2:notice:2", kind: "supplement", at: at - 80_000, covers: ["M08:r1", "M05:r1"]),
                    NoticeRecord(id: "GX-DONE-2:notice:3", kind: "completed", at: at - 200),
                ])
            try writer.save(done, previous: previous)
        }
        return fixture
    }

    /// Archives GX-DONE-2 the way hubd does and removes it from the store.
    private func archive(_ fixture: StoreFixture) throws -> String {
        let store = try fixture.store()
        let form = try #require(try store.read { reader in
            try reader.archivedForm(applicationID: "GX-DONE-2", archivedAt: fixture.now, writer: store.writerID)
        })
        let archive = ArchiveDirectory(path: ArchiveDirectory.defaultPath(forStore: fixture.path))
        try archive.claim(owner: store.writerID)
        try archive.append(try GzipMember.compress(ArchiveRecordCodec.encode(form) + [UInt8(ascii: "\n")]),
                           to: "2026-11.jsonl.gz", at: 0)
        #expect(try store.write { try $0.removeArchived(form) })
        return archive.path
    }

    /// What both the stored and the archived showing must say.
    private func expectPromises(_ text: String, _ json: [String: Any]) throws {
        #expect(text.contains("Evaluations (好差评)"))
        #expect(text.contains("不满意 (dissatisfied)"), "the catalogue's level name")
        #expect(text.contains("到账慢"))
        #expect(text.contains("Rectifications (整改)"))
        #expect(text.contains("GX-DONE-2:rect:1") && text.contains("已加快到账并回访"))
        #expect(text.contains("Supervision cards (督办)"))
        #expect(text.contains("黄牌 (yellow)") && text.contains("已安排专人办理"))
        #expect(text.contains("Notices to the applicant (一次告知)"))
        #expect(text.contains("M08:r1, M05:r1"))

        let promises = try #require(json["promises"] as? [String: Any])
        let evaluation = try #require(promises.array("evaluations").first)
        #expect(evaluation.string("level") == "dissatisfied" && evaluation.string("levelName") == "不满意")
        #expect(evaluation.string("target") == "M08" && evaluation["score"] as? Int == 2)
        let rectification = try #require(promises.array("rectifications").first)
        #expect(rectification.string("note") == "已加快到账并回访" && rectification["closedAt"] as? String != nil)
        let card = try #require(promises.array("cards").first)
        #expect(card.string("stage") == "rectified" && card.string("recipient") == "liaison")
        #expect(promises.array("notices").map { $0.string("kind") } == ["accepted", "supplement", "completed"])
        #expect(promises.array("notices")[1]["covers"] as? [String] == ["M08:r1", "M05:r1"])
    }

    @Test func showPrintsTheStoredApplicationsPromises() throws {
        let fixture = try Self.fixture()
        let text = try fixture.hubctl("show", "GX-DONE-2", "--catalogue", checkoutCatalogue)
        #expect(text.status == 0, "\(text.standardError)")
        let json = try fixture.hubctl("show", "GX-DONE-2", "--catalogue", checkoutCatalogue, "--json").json()
        try expectPromises(text.standardOutput, json)
    }

    @Test func theArchiveKeepsThePromisesAndShowArchivePrintsThem() throws {
        let fixture = try Self.fixture()
        let directory = try archive(fixture)
        #expect(try fixture.hubctl("show", "GX-DONE-2").status == 1, "no longer in the store")
        let text = try fixture.hubctl("show", "GX-DONE-2", "--archive", "--catalogue", checkoutCatalogue)
        #expect(text.status == 0, "\(text.standardError)")
        #expect(text.standardOutput.contains("in \(directory)/2026-11.jsonl.gz (no longer in the store)"))
        let json = try fixture.hubctl("show", "GX-DONE-2", "--archive", "--catalogue", checkoutCatalogue, "--json").json()
        try expectPromises(text.standardOutput, json)
    }

    @Test func anApplicationWithoutPromisesShowsEmptyListsAndNoSections() throws {
        let fixture = try StoreFixture()
        let result = try fixture.hubctl("show", "GX-DONE-2")
        #expect(result.status == 0)
        #expect(!result.standardOutput.contains("Evaluations (好差评)"))
        let promises = try #require(try fixture.hubctl("show", "GX-DONE-2", "--json").json()["promises"] as? [String: Any])
        for list in ["evaluations", "rectifications", "cards", "notices"] {
            #expect(promises.array(list).isEmpty, "\(list)")
        }
    }
}
