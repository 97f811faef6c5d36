import TillProcess

extension TillError {
    /// `executableMissing`, saying which program and where it was looked for.
    init(_ error: ExecutableNotFound) {
        self.init(.executableMissing, error.description)
    }

    /// `portTaken`, naming the address no port could be bound on.
    init(_ error: PortAllocationError) {
        self.init(.portTaken, "cannot find a free port: \(error.description)")
    }
}
