/// A test's own failure with a sentence saying what went wrong, for the places where a
/// test needs to throw (a helper that found nothing, a precondition of the fixture).
public struct TestFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
