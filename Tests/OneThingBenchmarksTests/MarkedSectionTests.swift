import Testing
@testable import OneThingBenchmarks

@Suite("Recording into documents")
struct MarkedSectionTests {
    @Test func theSectionBetweenTheMarkersIsReplacedAndTheRestKept() throws {
        let document = "# Title\n\n<!-- bench:begin -->\nold table\nmore\n<!-- bench:end -->\n\nAfter.\n"
        let recorded = try MarkedSection.replacing(in: document, with: "| new |")
        #expect(recorded == "# Title\n\n<!-- bench:begin -->\n| new |\n<!-- bench:end -->\n\nAfter.\n")
        // Recording again gives the same document.
        #expect(try MarkedSection.replacing(in: recorded, with: "| new |\n") == recorded)
    }

    @Test func anEmptySectionIsFilled() throws {
        let recorded = try MarkedSection.replacing(in: "<!-- bench:begin -->\n<!-- bench:end -->", with: "x")
        #expect(recorded == "<!-- bench:begin -->\nx\n<!-- bench:end -->")
    }

    /// Markers quoted in the text (as the benchmark's article explains `--record`) are
    /// text: only markers on lines of their own delimit the section.
    @Test func markersQuotedInTheTextAreNotTheSection() throws {
        let document = "Writes between `<!-- bench:begin -->` and `<!-- bench:end -->` markers.\n\n<!-- bench:begin -->\nold\n<!-- bench:end -->\n"
        let recorded = try MarkedSection.replacing(in: document, with: "new\n")
        #expect(recorded == "Writes between `<!-- bench:begin -->` and `<!-- bench:end -->` markers.\n\n<!-- bench:begin -->\nnew\n<!-- bench:end -->\n")
    }

    @Test func missingOrMisorderedMarkersAreRefused() {
        #expect(throws: MarkedSection.Problem.markersMissing) {
            try MarkedSection.replacing(in: "no markers", with: "x")
        }
        #expect(throws: MarkedSection.Problem.markersMissing) {
            try MarkedSection.replacing(in: "<!-- bench:begin --> only", with: "x")
        }
        #expect(throws: MarkedSection.Problem.markersOutOfOrder) {
            try MarkedSection.replacing(in: "<!-- bench:end -->\n<!-- bench:begin -->", with: "x")
        }
    }
}
