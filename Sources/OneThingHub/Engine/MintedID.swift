/// The part of an id the hub mints (status events) that names the input event.
///
/// CloudEvents makes `source` + `id` unique, not `id` alone: a submission from
/// `/channels/online` and a withdrawal from `/channels/window` may both be `same-id-1`.
/// Ids minted from the `ce_id` alone would then collide, and a reader de-duplicating by
/// source + id would drop one of the two. The pair is hashed (SHA-256, the first 96 bits
/// in hex) because a source is a URI that may hold any separator one could choose, so
/// no plain concatenation is unambiguous; the source's length goes in first for the same
/// reason. Stable: the same event always yields the same id (a republished status event
/// keeps its `ce_id`).
enum MintedID {
    static func event(source: String, id: String) -> String {
        let identity = "\(source.utf8.count):\(source)\(id)"
        return String(SHA256.hex(Array(identity.utf8)).prefix(24))
    }
}
