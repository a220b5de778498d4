/// The current state of each matter of one application, by matter code: what the
/// planning questions (`readyToSend`, `cancellations`, `outcome`) are asked about.
///
/// Parallel arrays, not a dictionary: an application has a handful of matters, and the
/// engine asks these questions several times per reply. Scanning a dozen short codes
/// costs less than hashing them into a new dictionary each time.
public struct MatterStates: Sendable, Equatable {
    private var codes: [String] = []
    private var values: [MatterState] = []

    public init() {}

    /// Room for `count` matters without growing.
    public init(capacity count: Int) {
        codes.reserveCapacity(count)
        values.reserveCapacity(count)
    }

    public init(_ states: [String: MatterState]) {
        self.init(capacity: states.count)
        for (code, state) in states { self[code] = state }
    }

    /// Equal when they hold the same matters in the same states, whatever the order.
    public static func == (lhs: MatterStates, rhs: MatterStates) -> Bool {
        lhs.codes.count == rhs.codes.count && zip(lhs.codes, lhs.values).allSatisfy { rhs[$0.0] == $0.1 }
    }

    /// The matter's state; nil when it has none here (the planner counts that as
    /// `waiting`). Writing nil removes the matter.
    public subscript(code: String) -> MatterState? {
        get { codes.firstIndex(of: code).map { values[$0] } }
        set {
            if let position = codes.firstIndex(of: code) {
                if let newValue { values[position] = newValue } else {
                    codes.remove(at: position)
                    values.remove(at: position)
                }
            } else if let newValue {
                codes.append(code)
                values.append(newValue)
            }
        }
    }
}
