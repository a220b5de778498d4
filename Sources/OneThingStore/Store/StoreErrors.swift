/// Runs `body`, passing a `StoreError` through and wrapping anything else in one, for
/// conveniences whose body can throw only what the store throws but is typed as `throws`.
func storeErrors<T>(_ body: () throws -> T) throws(StoreError) -> T {
    do {
        return try body()
    } catch let error as StoreError {
        throw error
    } catch {
        throw StoreError.sqlite(code: -1, message: "\(error)")
    }
}
