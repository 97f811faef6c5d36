import TillWire

extension WireErrorCode {
    /// A caller's `unit_price` differs from inventory's.
    public static let priceChanged = WireErrorCode("price_changed")
}

/// Checkout failures that are the orchestrator's own (not a downstream service's).
enum CheckoutError {
    /// Non-retriable; `details: {sku, expected, actual}`.
    static func priceChanged(sku: String, expected: Int64, actual: Int64) -> WireError {
        WireError(
            .priceChanged,
            "the price of \(sku) changed",
            details: ["sku": .string(sku), "expected": .integer(expected), "actual": .integer(actual)]
        )
    }

    static func currencyMismatch(sku: String, expected: String, actual: String) -> WireError {
        WireError(
            .priceChanged,
            "\(sku) is priced in another currency",
            details: ["sku": .string(sku), "expected": .string(expected), "actual": .string(actual)]
        )
    }

    static func unreadable(_ what: String) -> WireError {
        WireError(.internal, "the \(what) result is unreadable")
    }
}
