/// The version of the method contract in `API.md` that these types implement.
///
/// Request and result types of every service method live in this module so that a server and
/// its clients (other services, the `till` CLI, `till-load`) share one definition of each field.
public enum APIVersion {
    /// `API.md` version 1.
    public static let current = 1
}
