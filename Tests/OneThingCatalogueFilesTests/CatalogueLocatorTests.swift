import Foundation
import Testing
@testable import OneThingCatalogueFiles

@Suite struct CatalogueLocatorTests {
    /// A scratch tree: `<root>/prefix/bin/hubd`, optionally with a catalogue somewhere.
    private final class Scratch {
        let root: URL
        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("ops-catalogue-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: root) }

        func write(_ relative: String, _ text: String = "{}") throws {
            let url = root.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        func path(_ relative: String) -> String { root.appendingPathComponent(relative).standardizedFileURL.path }
    }

    @Test func explicitDirectoryWinsAndMustExist() throws {
        let scratch = try Scratch()
        try scratch.write("mine/x/flow.json")
        let locator = CatalogueLocator(executablePath: nil, sourceFilePath: nil)
        #expect(try locator.locate(explicit: scratch.path("mine")) == scratch.path("mine"))
        #expect(throws: CatalogueLocationError.self) { try locator.locate(explicit: scratch.path("missing")) }
    }

    @Test func installedShareDirectoryComesFirst() throws {
        let scratch = try Scratch()
        try scratch.write("prefix/bin/hubd", "")
        try scratch.write("prefix/share/onething-hub/Topics/someflow/flow.json")
        try scratch.write("Topics/otherflow/flow.json")
        let locator = CatalogueLocator(executablePath: scratch.path("prefix/bin/hubd"), sourceFilePath: nil)
        #expect(try locator.locate(explicit: nil) == scratch.path("prefix/share/onething-hub/Topics"))
    }

    @Test func walksUpFromTheExecutableToACheckout() throws {
        let scratch = try Scratch()
        try scratch.write("checkout/.build/debug/hubd", "")
        try scratch.write("checkout/Topics/someflow/flow.json")
        try scratch.write("checkout/.build/Topics/README.md", "not a catalogue")
        let locator = CatalogueLocator(executablePath: scratch.path("checkout/.build/debug/hubd"), sourceFilePath: nil)
        #expect(try locator.locate(explicit: nil) == scratch.path("checkout/Topics"))
    }

    @Test func fallsBackToTheSourceCheckoutThenFailsClearly() throws {
        let scratch = try Scratch()
        try scratch.write("elsewhere/bin/hubd", "")
        try scratch.write("src/Topics/someflow/flow.json")
        try scratch.write("src/Sources/OneThingHub/Operations/CatalogueLocator.swift", "")
        let found = CatalogueLocator(executablePath: scratch.path("elsewhere/bin/hubd"),
                                     sourceFilePath: scratch.path("src/Sources/OneThingHub/Operations/CatalogueLocator.swift"))
        #expect(try found.locate(explicit: nil) == scratch.path("src/Topics"))

        let lost = CatalogueLocator(executablePath: scratch.path("elsewhere/bin/hubd"), sourceFilePath: nil)
        do {
            _ = try lost.locate(explicit: nil)
            Issue.record("expected no catalogue")
        } catch {
            #expect(error.message.hasPrefix("no catalogue found"))
            #expect(error.message.contains("--catalogue"))
        }
    }

    @Test func readsEveryJSONFileByRelativePath() throws {
        let scratch = try Scratch()
        try scratch.write("Topics/flowa/flow.json", #"{"name":"flowa"}"#)
        try scratch.write("Topics/flowa/departments/hrss.json", "[1]")
        try scratch.write("Topics/README.md", "# not json")
        try scratch.write("Topics/.hidden/secret.json", "{}")
        let files = try CatalogueFiles.read(directory: scratch.path("Topics"))
        #expect(files == ["flowa/flow.json": Array(#"{"name":"flowa"}"#.utf8), "flowa/departments/hrss.json": Array("[1]".utf8)])
        #expect(throws: CatalogueLocationError.self) { try CatalogueFiles.read(directory: scratch.path("nope")) }
    }
}

@Suite struct CatalogueLocatorCheckoutTests {
    /// The test bundle runs from `.build/<triple>/debug/` inside the checkout, so the default
    /// locator must find the checkout's own `Topics/` and read its retirement flow.
    @Test func defaultLocatorFindsTheCheckoutCatalogue() throws {
        let directory = try CatalogueLocator().locate(explicit: nil)
        #expect(directory.hasSuffix("/Topics"))
        let files = try CatalogueFiles.read(directory: directory)
        #expect(files["retirement/flow.json"]?.isEmpty == false)
        #expect(CatalogueLocator.checkoutSourceFile.hasSuffix("OneThingCatalogueFiles/CatalogueLocator.swift"))
    }
}
