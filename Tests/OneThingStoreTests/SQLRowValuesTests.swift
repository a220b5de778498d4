import Foundation
import Testing
@testable import OneThingStore
import OneThingTestSupport

/// Rows kept flat (`SQLRowValues`) and bound without copies
/// (`Statement.run(_:ranges:trailing:)`): what is stored is what was appended, value for
/// value, whichever ranges a statement takes.
@Suite struct SQLRowValuesTests {
    private func table(_ directory: TemporaryDirectory) throws -> Connection {
        let connection = try Connection(path: directory.path("rows.sqlite"), readOnly: false, busyTimeout: .seconds(1))
        try connection.execute("CREATE TABLE t (a, b, c)")
        return connection
    }

    /// Each stored row as SQL literals (`quote`), so types show: 'text', X'blob', NULL.
    private func stored(_ connection: Connection) throws -> [String] {
        try connection.query("SELECT quote(a) || ' ' || quote(b) || ' ' || quote(c) FROM t ORDER BY rowid", []) {
            row throws(StoreError) in try row.string(0)
        }
    }

    private func sample() -> SQLRowValues {
        var values = SQLRowValues()
        values.appendText("not bound")             // 0
        values.appendText("李光荣")                 // 1
        values.appendNull()                        // 2
        values.append(.blob([0, 1, 255]))          // 3
        values.appendText("")                      // 4: empty, not NULL
        values.appendReal(2.5)                     // 5
        values.appendBool(true)                    // 6
        let later = values.store(utf8: Array("kept".utf8))
        values.appendInteger(-7)                   // 7
        values.appendText(later)                   // 8: bytes stored before other values
        values.append(.blob([]))                   // 9: empty, not NULL
        values.appendMilliseconds(nil)             // 10
        return values
    }

    @Test func bindsTheValuesOfTheRangesInOrder() throws {
        let directory = try TemporaryDirectory()
        let connection = try table(directory)
        let values = sample()
        try connection.statement("INSERT INTO t (a, b, c) VALUES (?1, ?2, ?3), (?4, ?5, ?6), (?7, ?8, ?9)")
            .run(values, ranges: [1..<4, 4..<7, 8..<11], trailing: nil)
        // Rows of two values, a trailing one bound after each.
        try connection.statement("INSERT INTO t (a, b, c) VALUES (?1, ?2, ?3), (?4, ?5, ?6)")
            .run(values, ranges: [7..<9, 1..<3], trailing: 42)
        #expect(try stored(connection) == [
            "'李光荣' NULL X'0001FF'", "'' 2.5 1", "'kept' X'' NULL", "-7 'kept' 42", "'李光荣' NULL 42",
        ])
        #expect(values.sqlValues(1..<4) == [.textBytes(Array("李光荣".utf8)), .null, .blob([0, 1, 255])])
    }

    /// Too few or too many values for the statement's parameters is an error, and the
    /// statement can be run again afterwards.
    @Test func refusesAWrongNumberOfValues() throws {
        let directory = try TemporaryDirectory()
        let connection = try table(directory)
        let values = sample()
        let statement = try connection.statement("INSERT INTO t (a, b, c) VALUES (?1, ?2, ?3)")
        #expect(throws: StoreError.self) { try statement.run(values, ranges: [1..<3], trailing: nil) }
        #expect(throws: StoreError.self) { try statement.run(values, ranges: [1..<4], trailing: 1) }
        try statement.run(values, ranges: [1..<4], trailing: nil)
        #expect(try stored(connection) == ["'李光荣' NULL X'0001FF'"])
    }

    /// A failing step (a constraint) is reported with SQLite's message, and nothing of
    /// the statement is stored.
    @Test func reportsAFailedStep() throws {
        let directory = try TemporaryDirectory()
        let connection = try Connection(path: directory.path("rows.sqlite"), readOnly: false, busyTimeout: .seconds(1))
        try connection.execute("CREATE TABLE t (a TEXT PRIMARY KEY, b, c)")
        let values = sample()
        let statement = try connection.statement("INSERT INTO t (a, b, c) VALUES (?1, ?2, ?3), (?4, ?5, ?6)")
        let error = storeError { try statement.run(values, ranges: [1..<4, 1..<4], trailing: nil) }
        #expect("\(String(describing: error))".contains("UNIQUE"))
        #expect(try connection.query("SELECT count(*) FROM t", []) { row throws(StoreError) in try row.int(0) } == [0])
    }

    /// Going back to a mark forgets the values and bytes added since.
    @Test func rollsBackToAMark() {
        var values = SQLRowValues()
        values.appendText("a")
        let mark = values.mark
        _ = values.store(utf8: Array("unused".utf8))
        values.appendText("b")
        values.rollBack(to: mark)
        values.appendText("c")
        #expect(values.count == 2)
        #expect(values.sqlValues(0..<2) == [.textBytes([UInt8(ascii: "a")]), .textBytes([UInt8(ascii: "c")])])
        #expect(values.bytes.count == 2)
    }
}
