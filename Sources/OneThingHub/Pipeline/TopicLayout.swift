import Foundation
import OneThingExchange
import OneThingKafka

/// The start-up check that the flow's topics can be co-partitioned: an application's
/// owner partition is `murmur2(id) mod N`, and the range assignor gives one instance
/// partition n of every topic, which only means "the same applications" when every topic
/// has the same N. Topics whose partition counts differ would split an application's
/// inputs over instances, so the hub refuses to start rather than misroute them.
enum TopicLayout {
    /// The flow's common partition count, given what the cluster lists. Throws when an
    /// input topic is missing or the existing topics of the flow disagree.
    static func partitionCount(of flow: Flow, inputTopics: [String], listed: [TopicMetadata]) throws(TopicLayoutError) -> Int32 {
        let counts = Dictionary(listed.map { ($0.name, $0.partitionCount) }, uniquingKeysWith: { first, _ in first })
        let missing = inputTopics.filter { counts[$0] == nil }
        if !missing.isEmpty { throw .missing(missing) }
        let present = flow.topics.all.compactMap { name in counts[name].map { (name, $0) } }
        let distinct = Set(present.map(\.1))
        guard distinct.count == 1, let count = distinct.first, count > 0 else { throw .unequal(present) }
        return Int32(clamping: count)
    }
}

/// Why the flow's topics cannot be used as they are.
enum TopicLayoutError: Error, Sendable, Equatable, CustomStringConvertible {
    case missing([String])
    case unequal([(String, Int)])

    static func == (lhs: TopicLayoutError, rhs: TopicLayoutError) -> Bool { lhs.description == rhs.description }

    var description: String {
        switch self {
        case .missing(let topics):
            return "input topics missing: \(topics.joined(separator: ", ")); create them with 'hubd topics create'"
        case .unequal(let counts):
            let list = counts.map { "\($0.0)=\($0.1)" }.joined(separator: ", ")
            return "the flow's topics must all have the same partition count (an application's inputs must meet "
                + "on one instance), found: \(list)"
        }
    }
}
