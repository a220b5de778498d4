import Testing
@testable import OneThingExchange

@Test func moduleLoads() {
    #expect(String(describing: OneThingExchange.self) == "OneThingExchange")
}
