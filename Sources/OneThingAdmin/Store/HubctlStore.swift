import Foundation
import OneThingStore

/// hubctl's access to the store: read-only unless the command writes (an order, the
/// record of a reveal), one short transaction per step so hubd is never held up, and
/// every failure turned into a `HubctlFailure` with its exit code.
struct HubctlStore {
    let store: CorrelationStore
    let path: String

    /// Opens the store at `path`. A missing file is an error (exit 3) even for writing
    /// commands: hubctl must never create an empty store beside the real one.
    static func open(path: String, writable: Bool, lockTimeout: Duration) throws(HubctlFailure) -> HubctlStore {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .store("no store at \(path) (check --store or ONETHING_STORE; hubd creates it on first start)")
        }
        guard !isDirectory.boolValue else {
            throw .store("\(path) is a directory, not a store file")
        }
        do {
            let store = try CorrelationStore(path: path, readOnly: !writable, busyTimeout: lockTimeout)
            return HubctlStore(store: store, path: path)
        } catch {
            throw HubctlFailure.from(error, path: path)
        }
    }

    /// One read transaction (a consistent snapshot; never blocks hubd's writes).
    func read<T>(_ body: (StoreReader) throws -> T) throws(HubctlFailure) -> T {
        do {
            return try store.read(body)
        } catch {
            throw failure(error)
        }
    }

    /// One short write transaction (an order or a reveal record).
    func write<T>(_ body: (StoreWriter) throws -> T) throws(HubctlFailure) -> T {
        do {
            return try store.write(body)
        } catch {
            throw failure(error)
        }
    }

    private func failure(_ error: any Error) -> HubctlFailure {
        if let failure = error as? HubctlFailure { return failure }
        if let storeError = error as? StoreError { return HubctlFailure.from(storeError, path: path) }
        return .store("\(error)")
    }
}
