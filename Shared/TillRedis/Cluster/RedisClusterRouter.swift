import Logging
import NIOCore
import Synchronization

/// The cluster half of ``RedisClient``: one connection pool per node, commands routed by the hash
/// slot of their keys, pipelines split per node and put back in order, redirects followed.
///
/// The slot map is learned from any seed (`CLUSTER SLOTS`) on first use and refreshed, one
/// refresh at a time, after a `MOVED`, a `CLUSTERDOWN` or an unreachable node. A `MOVED` also
/// patches the map at once so the command is retried without waiting for the refresh. Only
/// commands that were never written are retried after a transport failure: a command lost with
/// its connection may have run, and whether to repeat it is the caller's decision, as on a single
/// server.
final class RedisClusterRouter: Sendable {
    private struct State {
        var map: ClusterSlotMap?
        var pools: [RedisNodeAddress: RedisConnectionPool] = [:]
        var refresh: Task<ClusterSlotMap?, Never>?
        var lastRefresh: ContinuousClock.Instant?
        var nextKeyless = 0
        var nextSubscriptionNode = 0
        var isShutdown = false
    }

    private let state = Mutex(State())
    private let configuration: RedisConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let counter: RedisCommandCounter
    private let logger: Logger
    private let budget: ClusterRetryBudget
    /// Refreshes closer together than this are folded into the last one (a burst of `MOVED`s
    /// after a migration needs one `CLUSTER SLOTS`, not hundreds).
    private let refreshInterval: Duration = .milliseconds(50)

    init(
        configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup,
        counter: RedisCommandCounter,
        logger: Logger,
        budget: ClusterRetryBudget = ClusterRetryBudget()
    ) {
        precondition(configuration.isCluster, "a cluster router needs seed nodes")
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.counter = counter
        self.logger = logger
        self.budget = budget
    }

    // MARK: Commands

    /// Sends `command` to the master of its slot, following redirects; error replies are values.
    func send(_ command: RedisCommand) async throws(RedisError) -> RESPValue {
        if case .crossSlot = command.keySlot { return Self.crossSlotReply(command) }
        var redirects = 0
        var retries = 0
        var waited = Duration.zero
        var askTarget: RedisNodeAddress?
        while true {
            let endpoint: RedisNodeAddress
            if let askTarget {
                endpoint = askTarget
            } else if let routed = try await route(command.keySlot) {
                endpoint = routed
            } else {
                // No master serves the slot yet (a failover under way): wait for a new map.
                guard let delay = budget.delay(retry: retries, waited: waited) else {
                    return .error("CLUSTERDOWN no node serves the slot of \(command.name)")
                }
                retries += 1
                waited += delay
                refreshSoon()
                await Self.sleep(delay)
                continue
            }

            let reply: RESPValue
            do throws(RedisError) {
                let pool = try pool(for: endpoint)
                if askTarget != nil {
                    reply = try await pool.send([Self.asking, command])[1]
                } else {
                    reply = try await pool.send(command)
                }
            } catch {
                guard error.code == .connectionFailed, let delay = budget.delay(retry: retries, waited: waited) else {
                    if error.code == .connectionClosed || error.code == .timeout || error.code == .connectionFailed {
                        refreshSoon()
                    }
                    throw error
                }
                // Never written, so safe to send again once the map may have changed.
                retries += 1
                waited += delay
                askTarget = nil
                refreshSoon()
                await Self.sleep(delay)
                continue
            }
            askTarget = nil

            guard case .error(let message) = reply, let redirect = ClusterRedirect(errorReply: message, source: endpoint)
            else { return reply }
            switch redirect {
            case .moved(let slot, let target):
                redirects += 1
                guard redirects <= budget.maxRedirects else { return reply }
                state.withLock { $0.map?.move(slot: slot, to: target) }
                refreshSoon()
            case .ask(_, let target):
                redirects += 1
                guard redirects <= budget.maxRedirects else { return reply }
                askTarget = target
            case .retryLater:
                guard let delay = budget.delay(retry: retries, waited: waited) else { return reply }
                retries += 1
                waited += delay
                if message.hasPrefix("CLUSTERDOWN") { refreshSoon() }
                await Self.sleep(delay)
            }
        }
    }

    /// Sends `commands` as one pipeline per node, concurrently, and returns the replies in the
    /// order of `commands`. A keyless command (`SCRIPT LOAD`, `MULTI`) goes to the node of the
    /// nearest keyed command after it (else before it), so `SCRIPT LOAD` + `EVALSHA` stay
    /// together. Replies that redirect are then retried one by one through ``send(_:)``.
    func pipeline(_ commands: [RedisCommand]) async throws(RedisError) -> [RESPValue] {
        guard !commands.isEmpty else { return [] }
        let map = try await currentMap()
        let plan = ClusterPipelinePlan(commands.map(\.keySlot), map: map, keylessNode: anyMaster(in: map))

        var replies = [RESPValue?](repeating: nil, count: commands.count)
        for index in plan.crossSlot { replies[index] = Self.crossSlotReply(commands[index]) }
        let outcomes = await send(groups: plan.groups, of: commands)
        for (indices, outcome) in outcomes {
            switch outcome {
            case .success(let groupReplies):
                for (index, reply) in zip(indices, groupReplies) { replies[index] = reply }
            case .failure(let error):
                // Unwritten commands are retried below; written ones may have run: the caller decides.
                guard error.code == .connectionFailed else {
                    refreshSoon()
                    throw error
                }
            }
        }

        var result: [RESPValue] = []
        result.reserveCapacity(commands.count)
        for (index, command) in commands.enumerated() {
            if let reply = replies[index], !Self.redirects(reply) {
                result.append(reply)
            } else {
                result.append(try await send(command))
            }
        }
        return result
    }

    private func send(
        groups: [(endpoint: RedisNodeAddress, indices: [Int])],
        of commands: [RedisCommand]
    ) async -> [([Int], Result<[RESPValue], RedisError>)] {
        @Sendable func run(_ endpoint: RedisNodeAddress, _ indices: [Int]) async -> Result<[RESPValue], RedisError> {
            do throws(RedisError) {
                return .success(try await pool(for: endpoint).send(indices.map { commands[$0] }))
            } catch {
                return .failure(error)
            }
        }
        if groups.count == 1, let group = groups.first {
            return [(group.indices, await run(group.endpoint, group.indices))]
        }
        return await withTaskGroup(of: ([Int], Result<[RESPValue], RedisError>).self) { taskGroup in
            for group in groups {
                taskGroup.addTask { (group.indices, await run(group.endpoint, group.indices)) }
            }
            var outcomes: [([Int], Result<[RESPValue], RedisError>)] = []
            for await outcome in taskGroup { outcomes.append(outcome) }
            return outcomes
        }
    }

    // MARK: Nodes

    /// The next node for the subscription connection: each call moves on, so a reconnect after
    /// its node died goes to another one. Plain `PUBLISH` reaches every node of a cluster.
    func nextSubscriptionEndpoint() -> RedisNodeAddress {
        state.withLock { state in
            let nodes = state.map?.nodes ?? configuration.clusterSeeds
            let candidates = nodes.isEmpty ? configuration.clusterSeeds : nodes
            defer { state.nextSubscriptionNode &+= 1 }
            return candidates[Int(UInt(bitPattern: state.nextSubscriptionNode) % UInt(candidates.count))]
        }
    }

    /// The masters of the current slot map (learning it first if needed).
    func masters() async throws(RedisError) -> [RedisNodeAddress] {
        try await currentMap().masters
    }

    /// Sends `command` to the node at `endpoint` as it is, without routing or redirects.
    func send(_ command: RedisCommand, to endpoint: RedisNodeAddress) async throws(RedisError) -> RESPValue {
        try await pool(for: endpoint).send(command)
    }

    /// Closes every pool.
    func shutdown(gracePeriod: Duration) async {
        let (pools, refresh) = state.withLock { state in
            state.isShutdown = true
            defer { state.refresh = nil }
            return (Array(state.pools.values), state.refresh)
        }
        refresh?.cancel()
        await withTaskGroup(of: Void.self) { group in
            for pool in pools {
                group.addTask { await pool.shutdown(gracePeriod: gracePeriod) }
            }
        }
    }

    // MARK: Routing

    private func route(_ slot: RedisKeySlot) async throws(RedisError) -> RedisNodeAddress? {
        let map = try await currentMap()
        switch slot {
        case .slot(let slot): return map.master(for: slot)
        case .none, .crossSlot: return anyMaster(in: map)
        }
    }

    private func anyMaster(in map: ClusterSlotMap) -> RedisNodeAddress? {
        guard !map.masters.isEmpty else { return nil }
        let next = state.withLock { state in
            defer { state.nextKeyless &+= 1 }
            return state.nextKeyless
        }
        return map.masters[Int(UInt(bitPattern: next) % UInt(map.masters.count))]
    }

    /// The slot map, learned from the seeds first if the client has none yet.
    private func currentMap() async throws(RedisError) -> ClusterSlotMap {
        if let map = state.withLock({ $0.map }) { return map }
        guard let map = await refreshTask().value else {
            if state.withLock({ $0.isShutdown }) { throw .clientShutdown() }
            throw .connectionFailed("no Redis Cluster node answered CLUSTER SLOTS (seeds: \(configuration.clusterSeeds))")
        }
        return map
    }

    /// Starts a refresh unless one is running or one just finished.
    private func refreshSoon() {
        let recent = state.withLock { state in
            state.lastRefresh.map { ContinuousClock.now - $0 < refreshInterval } ?? false
        }
        if !recent { _ = refreshTask() }
    }

    /// The refresh in flight, or a new one.
    private func refreshTask() -> Task<ClusterSlotMap?, Never> {
        state.withLock { state in
            if let task = state.refresh { return task }
            // The task's first step takes this lock, so it cannot finish before it is recorded.
            let task = Task { await self.loadMap() }
            state.refresh = task
            return task
        }
    }

    /// Asks the known nodes, then the seeds, for `CLUSTER SLOTS` until one answers.
    private func loadMap() async -> ClusterSlotMap? {
        let candidates = state.withLock { state -> [RedisNodeAddress] in
            var candidates: [RedisNodeAddress] = []
            for endpoint in (state.map?.nodes ?? []) + configuration.clusterSeeds where !candidates.contains(endpoint) {
                candidates.append(endpoint)
            }
            return candidates
        }
        var learned: ClusterSlotMap?
        for endpoint in candidates where !Task.isCancelled {
            do throws(RedisError) {
                let reply = try await pool(for: endpoint).send(Self.clusterSlots)
                if case .error(let message) = reply { throw RedisError.server(message) }
                let map = try ClusterSlotMap(clusterSlots: reply, source: endpoint)
                // A node that has lost its view (or just started) may know no slots: ask another.
                guard map.coversAllSlots || learned == nil else { continue }
                learned = map
                if map.coversAllSlots { break }
            } catch {
                logger.debug("Redis Cluster node did not answer CLUSTER SLOTS", metadata: [
                    "redis.node": "\(endpoint)", "error": "\(error)",
                ])
            }
        }
        let changed = state.withLock { state -> Bool in
            defer {
                state.refresh = nil
                state.lastRefresh = .now
            }
            guard let learned, learned != state.map else { return false }
            state.map = learned
            return true
        }
        if changed, let learned {
            logger.info("Learned the Redis Cluster slot map", metadata: [
                "redis.masters": "\(learned.masters.map(\.description).joined(separator: ","))",
            ])
        }
        return learned
    }

    private func pool(for endpoint: RedisNodeAddress) throws(RedisError) -> RedisConnectionPool {
        try state.withLock { state throws(RedisError) -> RedisConnectionPool in
            guard !state.isShutdown else { throw .clientShutdown() }
            if let pool = state.pools[endpoint] { return pool }
            var nodeConfiguration = configuration
            nodeConfiguration.host = endpoint.host
            nodeConfiguration.port = endpoint.port
            let factory = RedisConnectionFactory(configuration: nodeConfiguration, counter: counter, logger: logger)
            let pool = RedisConnectionPool(size: configuration.poolSize, eventLoopGroup: eventLoopGroup, factory: factory)
            state.pools[endpoint] = pool
            return pool
        }
    }

    // MARK: Helpers

    private static let asking = RedisCommand("ASKING", [])
    private static let clusterSlots = RedisCommand("CLUSTER", ["SLOTS"])

    /// What Redis itself would answer, said before sending: the client knows the slots already.
    private static func crossSlotReply(_ command: RedisCommand) -> RESPValue {
        .error("CROSSSLOT the keys of \(command.name) hash to more than one slot; Redis Cluster needs them in one (use a {hash tag})")
    }

    private static func redirects(_ reply: RESPValue) -> Bool {
        guard case .error(let message) = reply else { return false }
        return ClusterRedirect(errorReply: message, source: RedisNodeAddress(host: "", port: 1)) != nil
    }

    private static func sleep(_ delay: Duration) async {
        // A cancelled caller still gets an answer (the last error) rather than a spin: the loop
        // is bounded by the retry budget either way.
        try? await Task.sleep(for: delay)
    }
}
