import OneThingStore

/// How hubctl names and describes an order, the same whether it is written into one
/// store or sent to the cluster's orders topic.
extension AdminOrder.Kind {
    /// `resend` or `withdraw`, as the order's `kind` field.
    var name: String {
        if case .resend = self { return "resend" }
        return "withdraw"
    }

    /// The matter a resend names.
    var matter: String? {
        if case .resend(let matter) = self { return matter }
        return nil
    }

    /// The reason a withdrawal gives.
    var reason: String? {
        if case .withdraw(let reason) = self { return reason }
        return nil
    }

    /// "a resend of M03" or "the withdrawal", for messages to the operator.
    var orderDescription: String {
        switch self {
        case .resend(let matter): return "a resend of \(matter)"
        case .withdraw: return "the withdrawal"
        }
    }
}
