import OneThingKafka

extension KafkaConsumer {
    /// A group consumer of `topics` for the simulator's parts (departments, status
    /// tracker) that answers within milliseconds: brokers that hold a fetch until its wait
    /// runs out (librdkafka's mock cluster) would otherwise add half a second per hop. A
    /// `fetch.wait.max.ms` in `configuration` still wins.
    static func quick(_ configuration: KafkaConfiguration, clientID: String, groupID: String,
                      topics: [String]) throws(SimulatorError) -> KafkaConsumer {
        var consumerConfiguration = configuration
        consumerConfiguration.clientID = clientID
        consumerConfiguration.properties = ["fetch.wait.max.ms": "10"].merging(configuration.properties) { $1 }
        do {
            let consumer = try KafkaConsumer(configuration: consumerConfiguration, groupID: groupID)
            try consumer.subscribe(topics: topics)
            return consumer
        } catch {
            throw .kafka(KafkaErrorDescription(text: error.description))
        }
    }
}
