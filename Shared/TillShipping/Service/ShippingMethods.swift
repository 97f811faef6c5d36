import TillAPI
import TillWire

/// Registers the `shipping.*` business methods on a router.
public enum ShippingMethods {
    /// Adds `shipping.create`, `shipping.cancel` and `shipping.get`, validating params
    /// (`bad_request` naming the field) and honouring each request's deadline.
    public static func register(on router: inout RPCRouter, service: ShippingService) {
        router.register("shipping.create") { (params: CreateShipmentParams, context: RPCContext) async throws -> CreateShipmentResult in
            try ShippingValidation.create(params)
            try check(context)
            return try await service.create(params, traceID: context.traceID, deadline: context.deadline)
        }
        router.register("shipping.cancel") { (params: ShipmentIDParams, context: RPCContext) async throws -> ShipmentView in
            try ShippingValidation.id(params.shipmentID, field: "shipment_id")
            try check(context)
            return try await service.cancel(shipmentID: params.shipmentID, traceID: context.traceID)
        }
        router.register("shipping.get") { (params: ShipmentIDParams, context: RPCContext) async throws -> ShipmentView in
            try ShippingValidation.id(params.shipmentID, field: "shipment_id")
            try check(context)
            return try await service.get(shipmentID: params.shipmentID)
        }
    }

    private static func check(_ context: RPCContext) throws(ShippingError) {
        if context.isPastDeadline { throw .deadlineExceeded }
    }
}
