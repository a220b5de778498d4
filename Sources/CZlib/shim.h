// zlib for OneThingArchive, the only module that imports it (gzip archive files).
#ifndef ONETHING_CZLIB_SHIM_H
#define ONETHING_CZLIB_SHIM_H
#include <zlib.h>

/// deflateInit2 and inflateInit2 are macros passing the library's version and the
/// stream's size, which Swift cannot import.
static inline int onething_deflate_init_gzip(z_streamp stream, int level) {
    // windowBits 15 + 16: a gzip member (header and CRC-32 trailer), not raw zlib.
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}

static inline int onething_inflate_init_gzip(z_streamp stream) {
    return inflateInit2(stream, 15 + 16);
}
#endif
