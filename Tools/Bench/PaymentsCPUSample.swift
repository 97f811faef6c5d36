/// CPU spent by each process of a ``PaymentsStack`` run: the benchmark's client, `till-payments`,
/// `till-gateway-sim` and Redis. All four share the machine's cores, so the CPU each spends per
/// request says what a request costs better than throughput on a busy machine does.
struct PaymentsCPUSample: Sendable {
    var client: CPUTime?
    var payments: CPUTime?
    var gateway: CPUTime?
    var redis: CPUTime?

    static func take(_ stack: PaymentsStack) -> PaymentsCPUSample {
        PaymentsCPUSample(
            client: .ofSelf(), payments: .of(pid: stack.paymentsPID), gateway: .of(pid: stack.gatewayPID),
            redis: .of(pid: stack.redisStack.redisPID)
        )
    }

    /// `CPU µs per request: client X, payments Y, gateway-sim Z, redis W` between `start` and `self`.
    func summary(since start: PaymentsCPUSample, requests: Int) -> String {
        func per(_ end: CPUTime?, _ begin: CPUTime?) -> String {
            guard let end, let begin, requests > 0 else { return "?" }
            return Report.format((end.seconds - begin.seconds) * 1_000_000 / Double(requests), decimals: 0)
        }
        return "CPU µs per request: client \(per(client, start.client)), payments \(per(payments, start.payments)), "
            + "gateway-sim \(per(gateway, start.gateway)), redis \(per(redis, start.redis))"
    }
}
