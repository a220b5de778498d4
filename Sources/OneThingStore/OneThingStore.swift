/// OneThingStore: the durable correlation store, and the only module touching SQLite.
public enum OneThingStore {}
