import TillAPI
import TillPayments
import TillWire

/// Registers the `payments.*` business methods on a router.
///
/// `authorize`, `capture`, `void` and `refund` require the envelope's `idempotency_key` and run
/// through ``IdempotentExecutor``: the same key with the same (documented) params replays the
/// first outcome, with other params answers `idempotency_conflict`. `get` and `reconcile` are reads.
public enum PaymentsMethods {
    /// Adds the methods, validating params (`bad_request` naming the field) and honouring each
    /// request's deadline.
    public static func register(on router: inout RPCRouter, service: PaymentsService, idempotent: IdempotentExecutor) {
        router.register("payments.authorize") { (params: AuthorizeParams, context: RPCContext) async throws -> JSONValue in
            try await authorize(params, context: context, service: service, idempotent: idempotent)
        }
        router.register("payments.capture") { (params: CaptureParams, context: RPCContext) async throws -> JSONValue in
            try await capture(params, context: context, service: service, idempotent: idempotent)
        }
        router.register("payments.void") { (params: PaymentIDParams, context: RPCContext) async throws -> JSONValue in
            try await void(params, context: context, service: service, idempotent: idempotent)
        }
        router.register("payments.refund") { (params: RefundParams, context: RPCContext) async throws -> JSONValue in
            try await refund(params, context: context, service: service, idempotent: idempotent)
        }
        router.register("payments.get") { (params: PaymentIDParams, context: RPCContext) async throws -> PaymentView in
            try PaymentsValidation.id(params.paymentID, field: "payment_id")
            try check(context)
            return try await service.get(paymentID: params.paymentID)
        }
        router.register("payments.reconcile") { (params: ReconcileParams, context: RPCContext) async throws -> ReconcileResult in
            try PaymentsValidation.reconcile(params)
            try check(context)
            return try await ResilientGateway.$deadline.withValue(context.deadline) { try await service.reconcile(params) }
        }
    }

    static func authorize(
        _ params: AuthorizeParams, context: RPCContext, service: PaymentsService, idempotent: IdempotentExecutor
    ) async throws -> JSONValue {
        try PaymentsValidation.authorize(params)
        try check(context)
        let hash = ParamsHash.compute(params.documentedJSON, documented: .paymentsAuthorize)
        return try await idempotent.run(service: "payments", method: "authorize", key: context.idempotencyKey ?? "", paramsHash: hash) {
            try await ResilientGateway.$deadline.withValue(context.deadline) {
                try await json(service.authorize(params, paramsHash: hash, traceID: context.traceID, logger: context.logger))
            }
        }
    }

    static func capture(
        _ params: CaptureParams, context: RPCContext, service: PaymentsService, idempotent: IdempotentExecutor
    ) async throws -> JSONValue {
        try PaymentsValidation.capture(params)
        try check(context)
        let hash = ParamsHash.compute(params.documentedJSON, documented: .paymentsCapture)
        return try await idempotent.run(service: "payments", method: "capture", key: context.idempotencyKey ?? "", paramsHash: hash) {
            try await ResilientGateway.$deadline.withValue(context.deadline) {
                try await json(service.capture(params, traceID: context.traceID))
            }
        }
    }

    static func void(
        _ params: PaymentIDParams, context: RPCContext, service: PaymentsService, idempotent: IdempotentExecutor
    ) async throws -> JSONValue {
        try PaymentsValidation.id(params.paymentID, field: "payment_id")
        try check(context)
        let hash = ParamsHash.compute(["payment_id": .string(params.paymentID)], documented: .paymentsVoid)
        return try await idempotent.run(service: "payments", method: "void", key: context.idempotencyKey ?? "", paramsHash: hash) {
            try await ResilientGateway.$deadline.withValue(context.deadline) {
                try await json(service.void(paymentID: params.paymentID, traceID: context.traceID, logger: context.logger))
            }
        }
    }

    static func refund(
        _ params: RefundParams, context: RPCContext, service: PaymentsService, idempotent: IdempotentExecutor
    ) async throws -> JSONValue {
        try PaymentsValidation.refund(params)
        try check(context)
        let key = context.idempotencyKey ?? ""
        let hash = ParamsHash.compute(params.documentedJSON, documented: .paymentsRefund)
        return try await idempotent.run(service: "payments", method: "refund", key: key, paramsHash: hash) {
            try await ResilientGateway.$deadline.withValue(context.deadline) {
                try await json(service.refund(params, idempotencyKey: key, traceID: context.traceID))
            }
        }
    }

    private static func check(_ context: RPCContext) throws(PaymentError) {
        if context.isPastDeadline { throw .deadlineExceeded() }
    }

    /// A typed result as the JSON the idempotency record stores and the server sends, built
    /// directly rather than through `JSONEncoder` and `JSONDecoder` (a fifth of the CPU of an
    /// authorization when it went through them).
    private static func json(_ value: some JSONValueConvertible) -> JSONValue {
        value.jsonValue
    }
}

extension AuthorizeParams {
    /// The documented fields as JSON, for the idempotency hash.
    var documentedJSON: JSONValue {
        var customer: [String: JSONValue] = ["id": .string(self.customer.id), "email": .string(self.customer.email)]
        if let ip = self.customer.ip { customer["ip"] = .string(ip) }
        var object: [String: JSONValue] = [
            "payment_id": .string(paymentID), "order_id": .string(orderID), "amount": .integer(amount),
            "currency": .string(currency), "card_token": .string(cardToken), "customer": .object(customer),
            "billing_country": .string(billingCountry),
        ]
        if let cardCountry { object["card_country"] = .string(cardCountry) }
        return .object(object)
    }
}

extension CaptureParams {
    var documentedJSON: JSONValue {
        var object: [String: JSONValue] = ["payment_id": .string(paymentID)]
        if let amount { object["amount"] = .integer(amount) }
        return .object(object)
    }
}

extension RefundParams {
    var documentedJSON: JSONValue {
        var object: [String: JSONValue] = ["payment_id": .string(paymentID)]
        if let amount { object["amount"] = .integer(amount) }
        if let reason { object["reason"] = .string(reason) }
        return .object(object)
    }
}
