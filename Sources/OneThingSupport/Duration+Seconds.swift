extension Duration {
    /// The duration as fractional seconds, for the Foundation and Dispatch APIs that take a
    /// `TimeInterval` or seconds, and for figures reported in seconds. `Duration` offers
    /// no such conversion itself, and the components must be added with the attoseconds
    /// scaled, which is easy to get wrong when written inline.
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
