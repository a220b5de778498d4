import Foundation
import OneThingArchive
import OneThingStore
import Testing
@testable import OneThingAdmin

/// `hubctl show --archive`: an application hubd archived, read from the archive files,
/// and `show` pointing there when the store no longer has it.
@Suite struct ArchivedShowTests {
    /// Archives GX-DONE-2 beside the fixture's store the way hubd does (a line in its
    /// month's file) and removes it from the store.
    private func archiveDone(_ fixture: StoreFixture, directory: String? = nil) throws -> String {
        let store = try fixture.store()
        let form = try #require(try store.read { reader in
            try reader.archivedForm(applicationID: "GX-DONE-2", archivedAt: fixture.now, writer: store.writerID)
        })
        let archive = ArchiveDirectory(path: directory ?? ArchiveDirectory.defaultPath(forStore: fixture.path))
        try archive.claim(owner: store.writerID)
        try archive.append(try GzipMember.compress(ArchiveRecordCodec.encode(form) + [UInt8(ascii: "\n")]),
                           to: "2026-11.jsonl.gz", at: 0)
        #expect(try store.write { try $0.removeArchived(form) })
        return archive.path
    }

    @Test func showsAnArchivedApplicationMaskedWithWhereItWasFound() throws {
        let fixture = try StoreFixture()
        let archive = try archiveDone(fixture)
        let result = try fixture.hubctl("show", "GX-DONE-2", "--archive", "--history", "--catalogue", checkoutCatalogue)
        #expect(result.status == 0, "\(result.standardError)")
        let text = result.standardOutput
        #expect(text.hasPrefix("Archived "))
        #expect(text.contains("in \(archive)/2026-11.jsonl.gz (no longer in the store)"))
        #expect(text.contains("Application GX-DONE-2 (flow retirement)"))
        #expect(text.contains("completed"))
        #expect(!text.contains("覃美玲"), "personal data stays masked")

        let json = try fixture.hubctl("show", "GX-DONE-2", "--archive", archive, "--json").json()
        let where_ = try #require(json["archive"] as? [String: Any])
        #expect(where_["file"] as? String == "\(archive)/2026-11.jsonl.gz")
        #expect((json["application"] as? [String: Any])?["state"] as? String == "completed")
    }

    @Test func anArchiveElsewhereIsNamedByArgumentOrEnvironment() throws {
        let fixture = try StoreFixture()
        let elsewhere = fixture.directory.path("cold-storage")
        _ = try archiveDone(fixture, directory: elsewhere)
        #expect(try fixture.hubctl("show", "GX-DONE-2", "--archive").status == 1)
        #expect(try fixture.hubctl("show", "GX-DONE-2", "--archive", elsewhere).status == 0)
        #expect(try fixture.hubctl("show", "GX-DONE-2", "--archive", environment: ["ONETHING_ARCHIVE_DIR": elsewhere]).status == 0)
    }

    @Test func showOfAnArchivedIdSaysWhereToLook() throws {
        let fixture = try StoreFixture()
        let archive = try archiveDone(fixture)
        let result = try fixture.hubctl("show", "GX-DONE-2")
        #expect(result.status == 1)
        #expect(result.standardError.contains("no application GX-DONE-2 in the store"))
        #expect(result.standardError.contains("archived to \(archive)/2026-11.jsonl.gz"))
        #expect(result.standardError.contains("hubctl show GX-DONE-2 --archive"))
        let missing = try fixture.hubctl("show", "GX-NONE-9")
        #expect(missing.status == 1)
        #expect(!missing.standardError.contains("archived"))
    }

    @Test func theArchiveIsReadOnlySoNoReveal() throws {
        let fixture = try StoreFixture()
        let result = try fixture.hubctl("show", "GX-DONE-2", "--archive", "--reveal")
        #expect(result.status == 2)
        #expect(result.standardError.contains("--reveal cannot be used with --archive"))
        let parsed = try HubctlArguments.parse(["--store", "s", "show", "A", "--archive", "/x"], environment: [:])
        #expect(parsed == .run(HubctlInvocation(storePath: "s", command: .showArchived(applicationID: "A", directory: "/x", history: false))))
    }
}
