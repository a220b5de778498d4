extension Duration {
    /// The duration as fractional seconds, for Foundation and Dispatch APIs that take a
    /// `TimeInterval` or seconds. (The same as the hub's: this module does not depend
    /// on the hub, so it keeps its own, internal one.)
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
