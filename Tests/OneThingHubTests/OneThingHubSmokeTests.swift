import Testing
@testable import OneThingHub

@Test func moduleLoads() {
    #expect(String(describing: OneThingHub.self) == "OneThingHub")
}
