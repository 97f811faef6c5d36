import TillWire

extension WireErrorCode {
    /// A reservation asked for more of a sku than is available.
    public static let insufficientStock = WireErrorCode("insufficient_stock")
}
