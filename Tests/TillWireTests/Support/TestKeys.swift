import TillWire

/// Keys used by the tests (never used anywhere else).
enum TestKeys {
    static let cluster = "cluster-key-0123456789abcdef"
    static let next = "next-cluster-key-0123456789"
    static let storefront = "storefront-key-0123456789abc"
    static let ops = "ops-key-0123456789abcdefghij"

    /// Cluster key plus the rotation key, and two per-client keys.
    static func keyRing() throws -> KeyRing {
        try KeyRing(
            clusterKey: "\(cluster),\(next)",
            clientKeys: "storefront=\(storefront):checkout.*,test.echo;ops=\(ops):*"
        )
    }
}
