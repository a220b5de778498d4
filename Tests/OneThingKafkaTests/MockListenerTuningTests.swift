import Testing
@testable import OneThingKafka

@Suite struct MockListenerTuningTests {
    @Test func readsThePortsOfABootstrapList() {
        #expect(MockListenerTuning.ports(of: "127.0.0.1:40123,127.0.0.1:40125") == [40123, 40125])
        #expect(MockListenerTuning.ports(of: "") == [])
        #expect(MockListenerTuning.ports(of: "localhost:notaport") == [])
    }

    @Test func findsEveryListenerOfAMockCluster() throws {
        let cluster = try MockCluster(brokers: 3)
        // The cluster already tuned them at creation; finding them again proves the scan
        // recognises exactly the cluster's three listening sockets.
        #expect(MockListenerTuning.disableNagle(onListenersOf: cluster.bootstrapServers) == 3)
    }

    @Test func leavesOtherSocketsAlone() {
        #expect(MockListenerTuning.disableNagle(onListenersOf: "127.0.0.1:1") == 0)
    }
}
