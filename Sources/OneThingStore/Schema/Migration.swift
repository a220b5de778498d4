/// The store's schema, versioned by `PRAGMA user_version`. Each step moves the schema
/// from version `n` to `n + 1` and is never edited once released: a change is a new step
/// appended to `Schema.steps`. Opening runs the missing steps in one transaction each,
/// so an interrupted upgrade leaves the file at a well-defined version.
struct Migration {
    /// The version the file has after this step.
    let version: Int
    let summary: String
    let sql: String
}

enum Schema {
    /// Every step, in order; `steps[i].version == i + 1`.
    static let steps: [Migration] = [version1, version2, version3, version4, version5, version6, version7, version8,
                                     version9, version10, version11]

    /// The newest version this code knows.
    static var currentVersion: Int { steps.count }

    /// Brings the file to the newest version of `steps` (the real list, or a test's).
    static func migrate(_ connection: Connection, steps: [Migration] = Schema.steps) throws(StoreError) {
        let currentVersion = steps.count
        let found = Int(try connection.scalarInt("PRAGMA user_version"))
        guard found <= currentVersion else {
            throw StoreError.newerSchema(found: found, supported: currentVersion)
        }
        guard found < currentVersion else { return }
        guard !connection.isReadOnly else {
            if found == 0 {
                throw StoreError.cannotOpen(path: connection.path, message: "the file is not a OneThing store (no schema); start hubd with it first")
            }
            throw StoreError.olderSchema(found: found, supported: currentVersion)
        }
        for step in steps where step.version > found {
            do {
                try connection.transaction(immediate: true) {
                    // Re-check under the write lock: another process may have migrated meanwhile.
                    let now = Int(try connection.scalarInt("PRAGMA user_version"))
                    guard now < step.version else { return }
                    guard now == step.version - 1 else {
                        throw StoreError.newerSchema(found: now, supported: currentVersion)
                    }
                    try connection.execute(step.sql)
                    try connection.execute("PRAGMA user_version = \(step.version)")
                }
            } catch let error as StoreError {
                throw error
            } catch {
                throw StoreError.invalidData("migration to version \(step.version) failed: \(error)")
            }
        }
    }
}
