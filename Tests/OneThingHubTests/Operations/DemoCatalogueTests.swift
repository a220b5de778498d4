import Foundation
import OneThingExchange
import Testing
@testable import OneThingHub

@Suite struct DemoCatalogueTests {
    /// At 1e-4 the catalogue's 10 minutes would be 60 ms: raised to 1 s of wall clock.
    @Test func raisesAScaledAcknowledgementTimeoutBelowTheMinimum() throws {
        let (flow, raised) = try DemoCatalogue.servedFlow(directory: TestFlow.catalogueDirectory, timeScale: 1e-4,
                                                          minimumAcknowledgement: 1)
        #expect(raised)
        #expect(flow.acknowledgementTimeout == 10_000)
        #expect(flow.acknowledgementTimeout * 1e-4 >= 1)
        #expect(flow.name == TestFlow.retirement.name)
        #expect(flow.maxResends == TestFlow.retirement.maxResends, "nothing else changes")
        #expect(flow.overallTimeLimit == TestFlow.retirement.overallTimeLimit)
        #expect(flow.matters.map(\.code) == TestFlow.retirement.matters.map(\.code))
    }

    @Test func leavesALongEnoughTimeoutAsTheCatalogueHasIt() throws {
        let (flow, raised) = try DemoCatalogue.servedFlow(directory: TestFlow.catalogueDirectory, timeScale: 1,
                                                          minimumAcknowledgement: 1)
        #expect(!raised)
        #expect(flow.acknowledgementTimeout == TestFlow.retirement.acknowledgementTimeout)
        #expect(flow.acknowledgementTimeout == 600)
    }
}
