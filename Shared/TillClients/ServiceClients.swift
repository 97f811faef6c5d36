/// Typed clients of the Till services, one per service, each a thin layer over `RPCClient`
/// that sends the request types of `TillAPI` and decodes their results.
public enum ServiceClients {}
