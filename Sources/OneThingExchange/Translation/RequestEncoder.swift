struct RequestEncoder {
    let flow: Flow
    func encode(matter: String, application: Application, outputs: [String: JSONObject],
                requestID: RequestID) throws(TranslationError) -> EncodedDocument {
        throw TranslationError(reason: "request encoding is not implemented yet")
    }
}
