// The SQLite C API for OneThingStore, the only module that imports it.
#ifndef ONETHING_CSQLITE_SHIM_H
#define ONETHING_CSQLITE_SHIM_H
#include <sqlite3.h>

/// SQLITE_TRANSIENT is a macro casting -1 to a function pointer, which Swift cannot
/// import; binding text and blobs needs it so SQLite copies the bytes.
static inline sqlite3_destructor_type onething_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}
#endif
