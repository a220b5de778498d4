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

    /// `document` with the text between the markers replaced by `content`, the markers
    /// kept on lines of their own.
    static func replacing(in document: String, with content: String) throws(Problem) -> String {
        guard let start = document.range(of: begin), let finish = document.range(of: end) else { throw .markersMissing }
        guard start.upperBound <= finish.lowerBound else { throw .markersOutOfOrder }
        let body = content.hasSuffix("\n") ? content : content + "\n"
        return String(document[..<start.upperBound]) + "\n" + body + String(document[finish.lowerBound...])
    }
}
