import Hummingbird
import NIOCore

/// The request context of the simulator's routes: Hummingbird's core context plus the connection,
/// which `tok_flaky_2` closes without an answer.
struct GatewayRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The request's connection.
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    /// API bodies are small; a large one is a mistake or an attack.
    var maxUploadSize: Int { 64 * 1024 }
}
