/// One order the load client sends with `checkout.start`.
public struct CheckoutOrder: Sendable, Hashable {
    /// One line of the order.
    public struct Line: Sendable, Hashable {
        /// The sku's index in the catalogue.
        public var skuIndex: Int
        /// Units ordered (≥ 1).
        public var quantity: Int

        /// A line.
        public init(skuIndex: Int, quantity: Int) {
            self.skuIndex = skuIndex
            self.quantity = quantity
        }
    }

    /// The order's number in the run (the request number of its first submission).
    public var number: Int
    /// `ld-<run>-<number>`.
    public var orderID: String
    /// The customer id that velocity and rate limits count by.
    public var customerID: String
    /// The customer's e-mail.
    public var email: String
    /// The order's lines, distinct skus.
    public var lines: [Line]
    /// Which test fixtures it uses.
    public var scenario: Scenario

    /// An order.
    public init(number: Int, orderID: String, customerID: String, email: String, lines: [Line], scenario: Scenario) {
        self.number = number
        self.orderID = orderID
        self.customerID = customerID
        self.email = email
        self.lines = lines
        self.scenario = scenario
    }
}
