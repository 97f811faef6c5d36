/// A number of events allowed per period, written `count/seconds` (`TILL_FRAUD_VELOCITY=5/3600`).
public struct Rate: Sendable, Hashable, CustomStringConvertible {
    /// How many events the period allows.
    public var count: Int
    /// The period the count applies to.
    public var period: Duration

    /// `count` events per `period`.
    public init(count: Int, per period: Duration) {
        self.count = count
        self.period = period
    }

    /// `count/seconds`, as configured.
    public var description: String {
        "\(self.count)/\(self.period.components.seconds)"
    }
}
