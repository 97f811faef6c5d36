import Foundation
import Logging
import Testing
import TillClients
import TillRedis
import TillTestSupport
import TillWire

/// Connection retries are expected in these tests; their log lines would only be noise.
let quietLogger = Logger(label: "clients-test", factory: { _ in SwiftLogNoOpLogHandler() })

/// The endpoint of a test service, read the way a real client reads it: from `TILL_*` variables.
func endpoint(of service: ServiceName, at process: ServiceProcess) throws -> ServiceEndpoint {
    try ServiceEndpoint.fromEnvironment(service, environment: [
        service.addressVariable: "127.0.0.1:\(process.port)",
        "TILL_CLUSTER_KEY": ServiceProcess.testClusterKey,
    ])
}

/// An `RPCClient` for `endpoint`, shut down after `body`.
func withRPC<T: Sendable>(
    _ endpoint: ServiceEndpoint,
    _ body: (RPCClient) async throws -> T
) async throws -> T {
    let rpc = endpoint.makeRPCClient(clientName: "clients-test", logger: quietLogger) {
        $0.defaultDeadline = .seconds(10)
        $0.connectTimeout = .seconds(5)
    }
    do {
        let result = try await body(rpc)
        await rpc.shutdown()
        return result
    } catch {
        await rpc.shutdown()
        throw error
    }
}

/// Runs `body`, expecting it to fail with an ``RPCError`` of `code`; returns that error.
@discardableResult
func expectRPCError(
    _ code: WireErrorCode,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async -> RPCError? {
    do {
        try await body()
    } catch let error as RPCError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected RPCError \(code.rawValue), got \(error)", sourceLocation: sourceLocation)
        return nil
    }
    Issue.record("expected \(code.rawValue), got success", sourceLocation: sourceLocation)
    return nil
}

/// Collects the `till.events` messages published while and after `body` runs, until one matches
/// `until` or the timeout passes.
func eventsPublished(
    on redis: RedisServer,
    until: @escaping @Sendable ([String: JSONValue]) -> Bool,
    timeout: Duration = .seconds(20),
    during body: () async throws -> Void
) async throws -> [[String: JSONValue]] {
    let client = RedisClient(configuration: try RedisConfiguration(url: redis.url), logger: quietLogger)
    do {
        let subscription = try await client.subscribe(["till.events"])
        try await body()
        let seen = await withTaskGroup(of: [[String: JSONValue]]?.self) { group in
            group.addTask {
                var seen: [[String: JSONValue]] = []
                for await message in subscription {
                    let decoded = try? JSONDecoder().decode(JSONValue.self, from: Data(message.string.utf8))
                    guard case .object(let event)? = decoded else { continue }
                    seen.append(event)
                    if until(event) { break }
                }
                return seen
            }
            group.addTask {
                // Ending the subscription ends the collecting loop above with what it has seen.
                try? await Task.sleep(for: timeout)
                subscription.unsubscribe()
                return nil
            }
            var seen: [[String: JSONValue]] = []
            while let next = await group.next() {
                if let events = next {
                    seen = events
                    group.cancelAll()
                }
            }
            return seen
        }
        await client.shutdown()
        return seen
    } catch {
        await client.shutdown()
        throw error
    }
}
