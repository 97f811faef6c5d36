/// The Till release every service reports in `ping`.
public enum TillVersion {
    /// The version string, e.g. `0.1.0`.
    public static let current = "0.1.0"
}
