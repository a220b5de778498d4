/// OneThingSimulator: department systems simulated over Kafka, for `deptsim`, the demo,
/// the tests and the benchmark.
public enum OneThingSimulator {}
