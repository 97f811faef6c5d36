import TillWire

extension WireErrorCode {
    /// The carrier will not deliver to the address.
    public static let addressRejected = WireErrorCode("address_rejected")
}
