// The SQLite C API for OneThingStore, the only module that imports it.
#ifndef ONETHING_CSQLITE_SHIM_H
#define ONETHING_CSQLITE_SHIM_H
#include <sqlite3.h>

/// SQLITE_TRANSIENT is a macro casting -1 to a function pointer, which Swift cannot
/// import; binding text and blobs needs it so SQLite copies the bytes.
static inline sqlite3_destructor_type onething_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

/// SQLITE_STATIC, for the same reason: bytes SQLite may use without a copy for as long
/// as they stay bound (the caller keeps them alive and clears the binding first).
static inline sqlite3_destructor_type onething_sqlite_static(void) {
    return SQLITE_STATIC;
}
#endif
