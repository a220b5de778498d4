struct ReplyEncoder {
    let flow: Flow
    func encode(department: String, matter: String, requestID: RequestID,
                decision: ReplyDecision) throws(TranslationError) -> EncodedDocument {
        throw TranslationError(reason: "reply encoding is not implemented yet")
    }
}
