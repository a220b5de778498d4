struct ReplyDecoder {
    let flow: Flow
    func decode(department: String, body: [UInt8]) -> Result<DepartmentReply, ProtocolError> {
        .failure(ProtocolError(reason: "reply decoding is not implemented yet"))
    }
}
