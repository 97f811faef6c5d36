import TillTestSupport

extension RawWireConnection {
    /// A raw peer whose hellos are signed with the executables' test cluster key.
    static func connect(port: Int) async throws -> RawWireConnection {
        try await connect(port: port, key: ServiceProcess.testClusterKey)
    }
}
