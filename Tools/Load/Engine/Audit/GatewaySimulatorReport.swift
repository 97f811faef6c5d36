import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The gateway simulator's settlement report (`GET /v1/settlements`, JSON lines, paged by the
/// `Next-Cursor` header; docs/GATEWAY-SIM.md), as seen by the auditor.
public struct GatewaySimulatorReport: SettlementSource {
    /// The simulator's base URL (`TILL_GATEWAY_URL`), e.g. `http://127.0.0.1:7080`.
    public var baseURL: String
    /// Rows per page.
    public var pageSize: Int
    /// The budget of one page.
    public var timeout: Duration
    /// Which rows are the run's: the report has no order id, so rows are kept when their payment
    /// id belongs to the run (nil keeps every row).
    public var keep: (@Sendable (String) -> Bool)?

    /// A report reader.
    public init(baseURL: String, pageSize: Int = 10_000, timeout: Duration = .seconds(30), keep: (@Sendable (String) -> Bool)? = nil) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.pageSize = pageSize
        self.timeout = timeout
        self.keep = keep
    }

    /// Why the report could not be read.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    private struct Row: Decodable {
        var payment_id: String
        var state: String
        var captured_amount: Int64?
    }

    public func settlement(since: Int64, until: Int64) async throws -> [SettlementRow] {
        var rows: [SettlementRow] = []
        var cursor: String?
        let decoder = JSONDecoder()
        repeat {
            var url = "\(self.baseURL)/v1/settlements?since=\(since)&until=\(until)&limit=\(self.pageSize)"
            if let cursor { url += "&cursor=\(cursor.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? cursor)" }
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .init(self.timeout))
            guard response.status == .ok else {
                throw Failure(description: "GET /v1/settlements answered \(response.status.code)")
            }
            let body = try await response.body.collect(upTo: 256 << 20)
            for line in body.readableBytesView.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
                let row = try decoder.decode(Row.self, from: Data(line))
                guard self.keep?(row.payment_id) ?? true else { continue }
                rows.append(SettlementRow(paymentID: row.payment_id, orderID: nil, state: row.state, capturedAmount: row.captured_amount ?? 0))
            }
            cursor = response.headers.first(name: "Next-Cursor")
        } while cursor != nil
        return rows
    }
}
