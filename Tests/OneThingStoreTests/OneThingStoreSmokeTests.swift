import Testing
@testable import OneThingStore

@Test func moduleLoads() {
    #expect(String(describing: OneThingStore.self) == "OneThingStore")
}
