/// OneThingHub: the `hubd` pipeline wiring Kafka, the exchange domain and the store.
public enum OneThingHub {}
