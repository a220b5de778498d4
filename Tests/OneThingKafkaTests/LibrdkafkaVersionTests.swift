import CRdKafka
import Testing
@testable import OneThingKafka

@Suite struct LibrdkafkaVersionTests {
    @Test func readsRdKafkaVersionNumbers() {
        #expect(LibrdkafkaVersion(number: 0x0200_02ff).description == "2.0.2")
        #expect(LibrdkafkaVersion(number: 0x0208_00ff) == LibrdkafkaVersion(major: 2, minor: 8, revision: 0))
        #expect(LibrdkafkaVersion.installed.description == String(cString: rd_kafka_version_str()))
    }

    @Test func comparesByReleaseNotByText() {
        #expect(LibrdkafkaVersion(major: 2, minor: 10, revision: 0) > .minimum)
        #expect(LibrdkafkaVersion(major: 2, minor: 1, revision: 9) < .minimum)
        #expect(LibrdkafkaVersion(major: 3, minor: 0, revision: 0) > .minimum)
    }

    @Test func theLoadedLibraryIsAccepted() throws {
        #expect(LibrdkafkaVersion.installed >= .minimum)
        try LibrdkafkaVersion.requireSupported()
    }

    /// Debian 12's own package: refused with a typed error naming both versions.
    @Test func debiansBrokenReleaseIsRefusedNamingBothVersions() {
        let error = #expect(throws: KafkaError.self) {
            try LibrdkafkaVersion.requireSupported(installed: LibrdkafkaVersion(number: 0x0200_02ff))
        }
        #expect(error?.kind == .unsupportedLibrary)
        #expect(error?.message.contains("librdkafka 2.0.2 is loaded") == true)
        #expect(error?.message.contains("2.2.0 or newer") == true)
    }
}
