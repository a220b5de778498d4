/// OneThingKafka: a thin, safe Swift layer over librdkafka, and the only module that
/// imports it. See the threading model in `KafkaClientThreading.swift` once it lands.
public enum OneThingKafka {
    /// The librdkafka version this layer needs at least (KIP-482 tagged fields, #4278).
    public static let minimumLibrdkafkaVersion = "2.2.0"
}
