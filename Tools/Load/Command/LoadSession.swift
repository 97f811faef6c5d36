import ArgumentParser
import Foundation
import Logging
import TillLoad
import TillWire

/// One `till-load` run: connect, stock, load with live progress, audit, report.
struct LoadSession {
    let command: TillLoadCommand
    let settings: StackSettings
    let plan: LoadPlan
    let deadline: Duration
    let drain: Duration

    /// Runs everything; false when the audit found a violation.
    func run() async throws -> Bool {
        let logger = Logger(label: "till-load")
        let stack = RPCStackAccess(
            addresses: self.settings.addresses, key: self.settings.clusterKey, clientName: self.command.connection.clientName,
            connectionsPerReplica: self.command.connection.connections, tls: self.settings.tls, logger: logger
        )
        let startedAt = Int64(Date().timeIntervalSince1970)
        let outcome: (LoadResults, Bool)
        switch self.command.load.method {
        case .ping:
            outcome = (await self.measure(PingTarget(stack: stack, deadline: self.deadline), method: "orchestrator.ping", startedAt: startedAt), true)
        case .checkout:
            outcome = try await self.runCheckouts(stack, startedAt: startedAt)
        }
        await stack.shutdown()
        let (results, passed) = outcome
        Console.print(TextSummary.render(results))
        try self.write(results)
        return passed
    }

    private func runCheckouts(_ stack: RPCStackAccess, startedAt: Int64) async throws -> (LoadResults, Bool) {
        let workload = self.command.workload
        let catalogue = workload.catalogue()
        let seed = workload.seed ?? UInt64.random(in: 1...UInt64.max)
        let runID = Self.runID(seed)
        guard !self.settings.addresses.inventory.isEmpty else {
            throw ValidationError("checkout needs TILL_INVENTORY_ADDR (or --inventory) to stock the catalogue")
        }
        Console.status("stocking \(catalogue.count) skus with \(catalogue.stock) units each")
        let stockBefore = try await CatalogueStocker.stock(catalogue, on: stack)
        let factory = OrderFactory(
            runID: runID, catalogue: catalogue, skus: workload.distribution(), mix: try workload.workloadMix(),
            customers: workload.customers, duplicateFraction: workload.duplicates, maxLines: workload.lines, seed: seed
        )
        let target = CheckoutTarget(factory: factory, stack: stack, deadline: self.deadline)
        var configuration = ["run id": runID, "seed": String(seed), "mix": factory.mix.description]
        configuration["skus"] = "\(catalogue.count) × \(catalogue.stock) (\(workload.skuDistribution.rawValue))"
        let measured = await self.measureReturningIndex(target, method: "checkout.start", startedAt: startedAt, extra: configuration)
        var results = measured.0
        let nextIndex = measured.1
        guard self.command.audit else { return (results, true) }
        guard !self.settings.addresses.payments.isEmpty else {
            throw ValidationError("the audit needs TILL_PAYMENTS_ADDR (or --payments); or pass --no-audit")
        }
        Console.status("auditing: waiting up to \(self.command.drain) for running sagas, then reading every order")
        let orders = (0..<nextIndex).filter { !factory.isDuplicate($0) }.map { factory.order($0) }
        let source = self.settings.addresses.gatewayURL.map { GatewaySimulatorReport(baseURL: $0) }
        let evidence = try await AuditCollector(stack: stack, settlementSource: source, drainTimeout: self.drain).collect(
            orders: orders, catalogue: catalogue, stockBefore: stockBefore,
            since: startedAt - 5, until: Int64(Date().timeIntervalSince1970) + 5, orderIDPrefix: "ld-\(runID)-"
        )
        let report = InvariantChecks.evaluate(evidence)
        results.audit = report
        return (results, report.passed)
    }

    private func measure(_ target: some LoadTarget, method: String, startedAt: Int64) async -> LoadResults {
        await self.measureReturningIndex(target, method: method, startedAt: startedAt, extra: [:]).0
    }

    private func measureReturningIndex(
        _ target: some LoadTarget, method: String, startedAt: Int64, extra: [String: String]
    ) async -> (LoadResults, Int) {
        let progress = ProgressReporter(runStart: ContinuousClock().now, recorder: LoadRecorder())
        let measurement = await withTaskGroup(of: LoadRunner.Measurement?.self) { group in
            group.addTask {
                await progress.run()
                return nil
            }
            let measurement = await LoadRunner.run(self.plan, target: target, progress: progress)
            group.cancelAll()
            return measurement
        }
        var configuration = self.configuration()
        configuration.merge(extra) { _, new in new }
        return (LoadResults(measurement: measurement, method: method, startedAt: startedAt, configuration: configuration), measurement.nextIndex)
    }

    private func configuration() -> [String: String] {
        let load = self.command.load
        var values: [String: String] = [
            "orchestrator": self.settings.addresses.orchestrator.map(\.description).joined(separator: ","),
            "stack settings": self.settings.source,
            "connections per replica": String(self.command.connection.connections),
            "deadline": load.deadline,
        ]
        if let rate = load.rate { values["rate"] = rate }
        if let concurrency = load.concurrency { values["concurrency"] = String(concurrency) }
        if load.rate == nil, load.concurrency == nil { values["concurrency"] = "16" }
        if let step = load.step { values["step"] = "\(Format.number(step)) every \(load.stepDuration), SLO p99 \(load.sloP99)" }
        if let duration = load.duration { values["duration"] = duration }
        if let count = load.count { values["count"] = String(count) }
        if let warmup = load.warmup { values["warmup"] = warmup }
        return values
    }

    private func write(_ results: LoadResults) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        if let out = self.command.out {
            try encoder.encode(results).write(to: URL(fileURLWithPath: out))
            Console.status("results written to \(out)")
        }
        let htmlPath = self.command.html ?? self.command.out.map { Self.htmlPath(besides: $0) }
        if let htmlPath {
            try Data(HTMLReport.render(results).utf8).write(to: URL(fileURLWithPath: htmlPath))
            Console.status("report written to \(htmlPath)")
        }
    }

    static func htmlPath(besides json: String) -> String {
        json.hasSuffix(".json") ? String(json.dropLast(5)) + ".html" : json + ".html"
    }

    /// Six characters of `[0-9a-z]` from the seed: short enough for ids, unique enough per run.
    static func runID(_ seed: UInt64) -> String {
        var generator = SplitMix64(seed: seed)
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")
        return String((0..<6).map { _ in alphabet[Int(generator.next() % 36)] })
    }
}
