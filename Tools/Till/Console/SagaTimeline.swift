import Foundation
import TillAPI
import TillWire

/// A saga as `till saga show` and `till checkout` print it: a heading, one line per step in
/// saga order (state, attempts, last error), and the ids of what it created.
///
/// ```
/// order ord-7  saga_ord-7  compensated  total 39.98 USD
///   reserve_inventory  compensated          1 attempt
///   authorize_payment  failed               1 attempt   card_declined: the card was declined
///   create_shipment    skipped
///   capture_payment    skipped
///   commit_inventory   skipped
///   reservation res_ord-7
///   created 2026-11-23T18:00:01Z, updated 2026-11-23T18:00:02Z
/// ```
enum SagaTimeline {
    static func lines(_ saga: SagaView) -> [String] {
        var lines = [
            "order \(saga.orderID)  \(saga.sagaID)  \(saga.state.rawValue)  total "
                + MoneyText.format(saga.total.amount, currency: saga.total.currency)
        ]
        let nameWidth = saga.steps.map(\.name.count).max() ?? 0
        let stateWidth = saga.steps.map(\.state.rawValue.count).max() ?? 0
        for step in saga.steps {
            var line = "  " + Self.padded(step.name, nameWidth) + "  " + Self.padded(step.state.rawValue, stateWidth)
            if step.attempts > 0 {
                line += "  " + Self.padded(step.attempts == 1 ? "1 attempt" : "\(step.attempts) attempts", 11)
            }
            if let error = step.error {
                line += "  \(error.code.rawValue): \(error.message)"
            }
            lines.append(line.trimmingTrailingSpaces())
        }
        let ids = [
            saga.reservationID.map { "reservation \($0)" },
            saga.paymentID.map { "payment \($0)" },
            saga.shipmentID.map { "shipment \($0)" },
        ].compactMap { $0 }
        if !ids.isEmpty {
            lines.append("  " + ids.joined(separator: ", "))
        }
        lines.append("  created \(Self.timestamp(saga.createdAt)), updated \(Self.timestamp(saga.updatedAt))")
        return lines
    }

    /// A Unix time as ISO 8601 in UTC.
    static func timestamp(_ unixSeconds: Int64) -> String {
        Date(timeIntervalSince1970: TimeInterval(unixSeconds)).formatted(.iso8601)
    }

    private static func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
