import TillAPI
import TillWire

extension ReserveParams: ClientParams {
    var clientJSON: JSONValue {
        [
            "reservation_id": .string(reservationID),
            "items": .array(items.map { ["sku": .string($0.sku), "quantity": .integer($0.quantity)] }),
        ]
    }
}

extension ReservationIDParams: ClientParams {
    var clientJSON: JSONValue { ["reservation_id": .string(reservationID)] }
}

extension ReserveResult: ClientResult {
    init?(clientJSON json: JSONValue) {
        guard case .string(let id)? = json["reservation_id"], case .string(let state)? = json["state"],
              case .array(let lines)? = json["items"]
        else { return nil }
        var items: [ReservedItem] = []
        items.reserveCapacity(lines.count)
        for line in lines {
            guard case .string(let sku)? = line["sku"], case .integer(let quantity)? = line["quantity"],
                  case .integer(let amount)? = line["unit_price"]?["amount"],
                  case .string(let currency)? = line["unit_price"]?["currency"]
            else { return nil }
            items.append(ReservedItem(sku: sku, quantity: quantity, unitPrice: Price(amount: amount, currency: currency)))
        }
        self.init(reservationID: id, items: items)
        self.state = state
    }
}

extension ReservationStateResult: ClientResult {
    init?(clientJSON json: JSONValue) {
        guard case .string(let id)? = json["reservation_id"], case .string(let state)? = json["state"] else { return nil }
        self.init(reservationID: id, state: state)
    }
}
