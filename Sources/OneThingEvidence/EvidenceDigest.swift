import OneThingCrypto

/// The digest a row of the evidence log keeps for a message: SM3 of the message's signed
/// content (`SignedContent`: key, `content-type` and `ce_*` headers but the signature,
/// value), so it names exactly what a signature covers and nothing a relay may add.
public enum EvidenceDigest {
    /// A message whose headers have no canonical form (a covered header given twice) is
    /// digested over its key and value alone: still evidence of what it carried.
    public static func message(key: [UInt8]?, headers: [(key: String, value: [UInt8]?)],
                               value: [UInt8]?) throws(CryptoError) -> String {
        let content = (try? SignedContent(key: key, headers: headers, value: value))
            ?? (try? SignedContent(key: key, headers: [], value: value))
        return try SM3Digest(of: content?.bytes ?? (key ?? []) + (value ?? [])).hex
    }

    /// SM3 (hex) of a text: a reveal's record.
    public static func text(_ text: String) throws(CryptoError) -> String {
        try SM3Digest(of: text).hex
    }
}
