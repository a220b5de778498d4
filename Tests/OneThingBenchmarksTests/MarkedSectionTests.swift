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
        let recorded = try MarkedSection.replacing(in: "<!-- bench:begin --><!-- bench:end -->", with: "x")
        #expect(recorded == "<!-- bench:begin -->\nx\n<!-- bench:end -->")
    }

    @Test func missingOrMisorderedMarkersAreRefused() {
        #expect(throws: MarkedSection.Problem.markersMissing) {
            try MarkedSection.replacing(in: "no markers", with: "x")
        }
        #expect(throws: MarkedSection.Problem.markersMissing) {
            try MarkedSection.replacing(in: "<!-- bench:begin --> only", with: "x")
        }
        #expect(throws: MarkedSection.Problem.markersOutOfOrder) {
            try MarkedSection.replacing(in: "<!-- bench:end --> <!-- bench:begin -->", with: "x")
        }
    }
}
