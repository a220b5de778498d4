extension BinaryInteger {
    /// The number in decimal with leading zeros up to `width` digits (`7` -> `"007"`),
    /// never truncated; a negative number keeps its sign in front.
    ///
    /// The fixed-width fields of dates, identity numbers and timestamps need it, and
    /// `String(format: "%03d")` is both Foundation-bound and easy to get wrong for 64-bit
    /// integers.
    public func zeroPadded(to width: Int) -> String {
        let digits = String(self.magnitude)
        let padded = digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        return self < 0 ? "-" + padded : padded
    }
}
