import Testing
@testable import OneThingHub

@Suite struct PublishedMarksTests {
    /// What was noted is handed out once, in the order noted, and then forgotten.
    @Test func takeHandsOutEveryNotedIdOnce() {
        let marks = PublishedMarks()
        #expect(marks.isEmpty)
        marks.add([3, 4])
        marks.add([])
        marks.add([7])
        #expect(!marks.isEmpty)
        #expect(marks.take() == [3, 4, 7])
        #expect(marks.isEmpty)
        #expect(marks.take() == [])
    }
}
