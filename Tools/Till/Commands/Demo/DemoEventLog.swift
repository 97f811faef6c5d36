import Synchronization
import TillRedis
import TillWire

/// Every event seen on the bus while the demo runs, in arrival order, so each scenario can show
/// (and check) the events of its own order.
final class DemoEventLog: Sendable {
    private let events = Mutex<[EventLine]>([])

    /// Records `subscription`'s messages until it ends.
    func record(_ subscription: RedisSubscription) async {
        for await message in subscription {
            let event = EventLine(message.string)
            self.events.withLock { $0.append(event) }
        }
    }

    /// The events about `orderID` or its payment (`pay_<orderID>`), oldest first.
    func events(of orderID: String) -> [EventLine] {
        let paymentID = DemoSession.paymentID(of: orderID)
        return self.events.withLock { events in
            events.filter { event in
                event.fields?["order_id"]?.stringValue == orderID || event.fields?["payment_id"]?.stringValue == paymentID
            }
        }
    }

    /// How many events seen so far contain `text` anywhere in their JSON.
    func count(containing text: String) -> Int {
        self.events.withLock { events in events.filter { $0.raw.contains(text) }.count }
    }

    /// Whether an event of `type` about `orderID` has been seen (with `detail`, when given).
    func contains(_ type: String, of orderID: String, detail: String? = nil) -> Bool {
        self.events(of: orderID).contains { event in
            event.type == type && (detail == nil || event.fields?["detail"]?.stringValue == detail)
        }
    }

    /// Waits up to `timeout` for an event of `type` about `orderID`; whether it came.
    func wait(for type: String, of orderID: String, detail: String? = nil, timeout: Duration = .seconds(20)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !self.contains(type, of: orderID, detail: detail) {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return true
    }
}
