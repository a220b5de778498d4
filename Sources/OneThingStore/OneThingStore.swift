/// OneThingStore: the durable correlation store, and the only module touching SQLite.
///
/// Map of the module:
/// - `SQLite/`: the thin safe layer over the C API (`Connection` owns `sqlite3*`,
///   `Statement` owns `sqlite3_stmt*`, typed `SQLValue` bindings and `Row` reads, every
///   result code mapped to `StoreError`).
/// - `Schema/`: versioned schema (`PRAGMA user_version`) and its forward migrations.
/// - `Model/`: the records hub and store share.
/// - `Store/`: `CorrelationStore` (`read {}` / `write {}`), what `StoreReader` and
///   `StoreWriter` offer, the admin reads behind hubctl, and the record cache.
public enum OneThingStore {}
