import Testing
@testable import OneThingExchange

@Suite struct SpecExampleTests {
    @Test func exampleApplicationIsValid() throws {
        let flow = try #require(Fixtures.retirement)
        let document = try Fixtures.json("spec/application.json")
        let validation = flow.validate(document)
        guard case .valid(let application) = validation else {
            Issue.record("expected valid, got \(validation)")
            return
        }
        #expect(application.id == "GX-20261122-000001")
    }
}
