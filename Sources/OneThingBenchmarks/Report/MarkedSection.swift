import Foundation

/// The part of a document between `<!-- bench:begin -->` and `<!-- bench:end -->`, which
/// `--record` replaces with the run's short table: figures in the README and the article
/// are generated, never copied by hand.
enum MarkedSection {
    static let begin = "<!-- bench:begin -->"
    static let end = "<!-- bench:end -->"

    enum Problem: Error, Equatable, CustomStringConvertible {
        case markersMissing
        case markersOutOfOrder

        var description: String {
            switch self {
            case .markersMissing: "no \(MarkedSection.begin) ... \(MarkedSection.end) pair"
            case .markersOutOfOrder: "\(MarkedSection.end) comes before \(MarkedSection.begin)"
            }
        }
    }

    /// `document` with the lines between the markers replaced by `content`. A marker is a
    /// line of its own (spaces around it aside): one quoted in the text (as the article
    /// quotes them to explain `--record`) is text, not a marker.
    static func replacing(in document: String, with content: String) throws(Problem) -> String {
        var lines = document.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func isMarker(_ line: String, _ marker: String) -> Bool {
            line.trimmingCharacters(in: .whitespaces) == marker
        }
        guard let first = lines.firstIndex(where: { isMarker($0, begin) }),
              let last = lines.firstIndex(where: { isMarker($0, end) }) else { throw .markersMissing }
        guard first < last else { throw .markersOutOfOrder }
        var body = content
        while body.hasSuffix("\n") { body.removeLast() }
        lines.replaceSubrange(first + 1..<last, with: body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        return lines.joined(separator: "\n")
    }
}
