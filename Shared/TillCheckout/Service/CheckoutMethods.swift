import TillAPI
import TillWire

/// Registers the `checkout.*` methods on a router.
public enum CheckoutMethods {
    public static func register(on router: inout RPCRouter, service: CheckoutService) {
        router.register("checkout.start") { (params: CheckoutStartParams, context: RPCContext) async throws -> SagaView in
            try await service.start(params, traceID: context.traceID, deadline: context.deadline)
        }
        router.register("checkout.get") { (params: OrderIDParams, _: RPCContext) async throws -> SagaView in
            try await service.get(orderID: params.orderID)
        }
        router.register("checkout.list") { (params: CheckoutListParams, _: RPCContext) async throws -> CheckoutListResult in
            try await service.list(params)
        }
        router.register("checkout.recover") { (params: OrderIDParams, context: RPCContext) async throws -> SagaView in
            try await service.recover(orderID: params.orderID, traceID: context.traceID)
        }
    }
}
