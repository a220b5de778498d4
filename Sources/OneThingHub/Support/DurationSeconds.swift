extension Duration {
    /// The duration as fractional seconds, for Foundation and Dispatch APIs that take a
    /// `TimeInterval` or seconds.
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
