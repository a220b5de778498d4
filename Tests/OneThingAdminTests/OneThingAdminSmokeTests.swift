import Testing
@testable import OneThingAdmin

@Test func moduleLoads() {
    #expect(String(describing: OneThingAdmin.self) == "OneThingAdmin")
}
