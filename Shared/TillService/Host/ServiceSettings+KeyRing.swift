import ArgumentParser
import TillWire

extension ServiceSettings {
    /// The handshake keys from `TILL_CLUSTER_KEY` and `TILL_CLIENT_KEYS`.
    ///
    /// - Throws: `ValidationError` with one line naming the variable (never a key), so the process
    ///   exits with status 64 like any other configuration error.
    func keyRing() throws(ValidationError) -> KeyRing {
        do {
            return try KeyRing(clusterKey: clusterKeys.joined(separator: ","), clientKeys: clientKeys)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
