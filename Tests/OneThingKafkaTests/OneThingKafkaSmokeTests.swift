import Testing
@testable import OneThingKafka

@Test func moduleLoads() {
    #expect(String(describing: OneThingKafka.self) == "OneThingKafka")
}
