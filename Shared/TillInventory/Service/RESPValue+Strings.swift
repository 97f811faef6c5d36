import TillRedis

extension RESPValue {
    /// A script's array reply as strings (a nil element becomes `""`), or a one-element list for
    /// a plain string reply.
    var strings: [String] {
        if let array { return array.map { $0.string ?? "" } }
        return string.map { [$0] } ?? []
    }
}
