/// The benchmark's results: one row per figure, with its target and whether it was met
/// where there is one, plus notes on how the figures were taken. Rendered as a text table
/// (`BenchReport+Text`), JSON (`BenchResults`) and Markdown (`BenchReport+Markdown`).
struct BenchReport: Sendable, Codable, Equatable {
    struct Row: Sendable, Codable, Equatable {
        /// A stable name for scripts reading the JSON, e.g. `hub.applicationsPerSecond`.
        let key: String
        /// What the figure is, for people.
        let figure: String
        /// The figure as printed.
        let value: String
        /// The figure as a number, where it is one (in the unit the `figure` names).
        let number: Double?
        /// The stated target, or context for reading the figure when it has none.
        let target: String
        /// nil: the row has no target; false: the target was missed.
        let met: Bool?
        /// Part of the short table recorded in the README and the benchmark's article.
        let headline: Bool
    }

    var rows: [Row] = []
    var notes: [String] = []

    mutating func add(_ key: String, _ figure: String, _ value: String, number: Double? = nil, target: String = "",
                      met: Bool? = nil, headline: Bool = false) {
        rows.append(Row(key: key, figure: figure, value: value, number: number.flatMap { $0.isFinite ? $0 : nil },
                        target: target, met: met, headline: headline))
    }

    /// The rows whose stated target was missed: they make the run exit 1.
    var missedTargets: [Row] { rows.filter { $0.met == false } }

    var headlineRows: [Row] { rows.filter(\.headline) }
}
