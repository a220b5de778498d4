import OneThingCrypto
import OneThingEvidence
import OneThingExchange
import OneThingStore

/// `hubctl verify`: checks the whole evidence chain (every link and row hash, and every
/// checkpoint's signature with the hub's public key from the keys folder) and names the
/// first broken link. Exit 0 when the chain holds, 1 when it is broken.
struct VerifyCommand {
    /// The keys folder holding the hub's public key (`hub.pub.pem`); nil: checkpoint
    /// signatures are not checked, and the answer says so.
    let keysDirectory: String?
    /// The name the hub signs checkpoints under.
    var hubSigner = "/hub"

    func run(_ session: HubctlStore, _ presentation: Presentation) throws(HubctlFailure) -> CommandOutput {
        var key: PublicKey?
        if let keysDirectory {
            do {
                key = try KeyDirectory(path: keysDirectory).publicKey(for: hubSigner)
            } catch {
                throw .store("cannot read the hub's public key from \(keysDirectory): \(error)")
            }
        }
        let verifier = EvidenceVerifier(checkpointKey: key)
        let report = try session.read { reader in
            try verifier.verify { after, limit in try reader.evidence(after: after, limit: limit) }
        }
        if let broken = report.broken {
            throw .chainBroken("the evidence chain is broken at row \(broken.seq): \(broken.reason) "
                               + "(\(report.rows - 1) rows before it verified)")
        }
        return CommandOutput(text: { text(report) }, json: { json(report) })
    }

    private func text(_ report: EvidenceVerifier.Report) -> String {
        var lines = ["The evidence chain holds: \(report.rows) row\(report.rows == 1 ? "" : "s"), "
                     + "\(report.checkpoints) checkpoint\(report.checkpoints == 1 ? "" : "s")."]
        if report.rows > 0 {
            lines.append(report.vouchedThrough > 0
                         ? "Rows 1–\(report.vouchedThrough) are vouched for by a signed checkpoint; the head is row \(report.head)."
                         : "No checkpoint yet: the head (row \(report.head)) is linked but not signed.")
        }
        if !report.signaturesChecked {
            lines.append("Checkpoint signatures were not checked: pass --keys DIR (the folder with hub.pub.pem).")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func json(_ report: EvidenceVerifier.Report) -> JSONValue {
        Presentation.object([
            ("intact", .bool(true)), ("rows", .int(Int64(report.rows))), ("checkpoints", .int(Int64(report.checkpoints))),
            ("head", .int(report.head)), ("vouchedThrough", .int(report.vouchedThrough)),
            ("signaturesChecked", .bool(report.signaturesChecked)),
        ])
    }
}
