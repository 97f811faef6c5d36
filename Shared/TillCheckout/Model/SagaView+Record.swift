import TillAPI
import TillSaga
import TillWire

extension SagaView {
    /// The wire view of a checkout saga's record (its context is what ``CheckoutSaga`` writes).
    public init(_ record: SagaRecord) {
        let ids = CheckoutIDs(sagaID: record.sagaID) ?? CheckoutIDs(orderID: record.sagaID)
        self.init(
            orderID: ids.orderID,
            sagaID: record.sagaID,
            state: TillAPI.SagaState(rawValue: record.state.rawValue) ?? .running,
            steps: record.steps.map { step in
                TillAPI.SagaStepView(
                    name: step.name,
                    state: TillAPI.SagaStepState(rawValue: step.state.rawValue) ?? .pending,
                    attempts: step.attempts,
                    error: step.error
                )
            },
            reservationID: record.context["reservation_id"]?.stringValue,
            paymentID: record.context["payment_id"]?.stringValue,
            shipmentID: record.context["shipment_id"]?.stringValue,
            total: Price(
                amount: record.context["total"]?["amount"]?.integerValue ?? 0,
                currency: record.context["total"]?["currency"]?.stringValue ?? ""
            ),
            createdAt: record.createdAt,
            updatedAt: record.updatedAt
        )
    }
}
