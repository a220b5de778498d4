extension Duration {
    /// The duration as fractional seconds, for Foundation and Dispatch APIs that take a
    /// `TimeInterval` or seconds, and for figures computed in seconds (`hubd bench`).
    /// Public for `hubd`; the simulator, which does not depend on the hub, has its own.
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
