import TillTestSupport

extension RawWireConnection {
    /// A raw peer whose hellos are signed with this suite's cluster key (``TestKeys/cluster``).
    static func connect(port: Int) async throws -> RawWireConnection {
        try await connect(port: port, key: TestKeys.cluster)
    }
}
