import OneThingCrypto
import OneThingExchange
import OneThingKafka

/// The operator's signature on an order sent over the orders topic: a hub that verifies
/// signatures takes an order only when it is signed by `/operators/<name>` and names that
/// same operator, so the name recorded in the application's history is proven by a key,
/// not just typed (anyone can set `$USER`). The private key is the keys folder's
/// `operators/<name>.key.pem` (`hubd keys generate --out DIR --for operators/NAME`); the
/// hub holds the matching public key in its own keys folder.
struct OrderSignature {
    let signer: String
    private let key: PrivateKey

    init(keysDirectory: String, operatorName: String) throws(HubctlFailure) {
        signer = AdministratorOrder.source(ofOperator: operatorName)
        let folder = KeyDirectory(path: keysDirectory)
        do {
            key = try folder.privateKey(for: signer)
        } catch {
            let file = (try? folder.privateKeyPath(for: signer)) ?? "\(keysDirectory)/operators/\(operatorName).key.pem"
            throw .store("cannot sign the order as \(signer): \(error) (the operator's private key is \(file); "
                         + "make one with hubd keys generate --out \(keysDirectory) --for operators/\(operatorName))")
        }
    }

    /// `message` with the signature headers over its key, CloudEvents headers and value.
    func sign(_ message: OutgoingMessage) throws(HubctlFailure) -> OutgoingMessage {
        let unsigned = message.headers.filter { !MessageSignature.headerNames.contains($0.key) }
        let added: [(key: String, value: [UInt8])]
        do {
            added = try MessageSignature.sign(key: message.key, headers: unsigned.map { (key: $0.key, value: $0.value) },
                                              value: message.value, signer: signer, with: key)
        } catch {
            throw .store("cannot sign the order as \(signer): \(error)")
        }
        var signed = message
        signed.headers = unsigned + added.map { KafkaHeader(key: $0.key, value: $0.value) }
        return signed
    }
}
