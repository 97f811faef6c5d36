import Foundation
import Testing
import TillCrypto
import TillTestSupport
import TillWire

/// Forged webhooks change nothing; the admin port has no mutating endpoint and the webhook listener
/// only its signed route; after all that, no secret or card number is in any log, `/metrics` or
/// error message.
@Suite("webhook forgeries, listener surfaces and secrets", .timeLimit(.minutes(3)))
struct WebhookForgeryTests {
    @Test("forged webhooks get 400 and change nothing; surfaces are read-only; no secret leaks")
    func forgeriesSurfacesAndSecrets() async throws {
        let stack = try await HostileStack.start()
        defer { stack.stop() }
        let payments = try await RawWireConnection.connect(port: stack.payments.port)
        try await payments.authenticate()
        var errorMessages: [String] = []

        let authorize = MethodParams.all(run: "wh").first { $0.method == "payments.authorize" }?.params.jsonText ?? "{}"
        let authorized = try await payments.call(id: 1, "payments.authorize", params: authorize, idempotencyKey: "auth-wh")
        try #require(authorized?["result"]?["state"]?.stringValue == "authorized", "\(String(describing: authorized))")

        let now = Int64(Date().timeIntervalSince1970)
        let body = #"{"created":\#(now),"data":{"object":{"amount":4999,"currency":"USD","payment_id":"pay-wh","state":"captured"}},"id":"evt_hostile_1","type":"charge.captured"}"#
        let secret = HostileStack.webhookSecret
        let valid = signature(secret: secret, timestamp: now, body: body)
        let forgeries: [(String, String, String?)] = [
            ("missing header", body, nil),
            ("empty header", body, ""),
            ("tampered body", body.replacingOccurrences(of: "4999", with: "1"), "t=\(now),v1=\(valid)"),
            ("wrong secret", body, "t=\(now),v1=\(signature(secret: "whsec_wrong_0000000000", timestamp: now, body: body))"),
            ("replay after 300 s", body, "t=\(now - 301),v1=\(signature(secret: secret, timestamp: now - 301, body: body))"),
            // Well past +300 s: the listener's clock runs on while the forgeries are delivered, and
            // one second later a `now + 301` would be inside the tolerance.
            ("from the future", body, "t=\(now + 360),v1=\(signature(secret: secret, timestamp: now + 360, body: body))"),
            ("100 v1 entries", body, "t=\(now)," + (0..<100).map { "v1=\(signature(secret: "whsec_forged_\($0)", timestamp: now, body: body))" }.joined(separator: ",")),
            ("no t", body, "v1=\(valid)"),
            ("garbage", body, String(repeating: "=,", count: 2_000)),
        ]
        for (label, forgedBody, header) in forgeries {
            let response = try await deliver(forgedBody, header: header, port: stack.webhookPort)
            #expect(response.status == 400, "\(label): \(response.status) \(response.body)")
            errorMessages.append(response.body)
        }
        let untouched = try await payments.call(id: 2, "payments.get", params: #"{"payment_id":"pay-wh"}"#)
        #expect(untouched?["result"]?["state"]?.stringValue == "authorized", "\(String(describing: untouched))")
        #expect(untouched?["result"]?["captured_amount"]?.integerValue == 0, "\(String(describing: untouched))")

        // The genuine event is processed once; its id again (even with another body) is a duplicate.
        let genuine = try await deliver(body, header: "t=\(now),v1=\(valid)", port: stack.webhookPort)
        #expect(genuine.status == 200 && genuine.body.contains("processed"), "\(genuine.status) \(genuine.body)")
        let sameID = body.replacingOccurrences(of: "charge.captured", with: "charge.refunded")
        let duplicate = try await deliver(sameID, header: "t=\(now),v1=\(signature(secret: secret, timestamp: now, body: sameID))", port: stack.webhookPort)
        #expect(duplicate.status == 200 && duplicate.body.contains("duplicate"), "\(duplicate.status) \(duplicate.body)")
        let captured = try await payments.call(id: 3, "payments.get", params: #"{"payment_id":"pay-wh"}"#)
        #expect(captured?["result"]?["state"]?.stringValue == "captured", "\(String(describing: captured))")
        #expect(captured?["result"]?["refunded_amount"]?.integerValue == 0, "\(String(describing: captured))")

        // The webhook listener serves its one signed route and nothing else.
        for (method, path) in [("GET", "/metrics"), ("GET", "/healthz"), ("GET", "/webhooks/gateway"), ("POST", "/webhooks/other"), ("POST", "/"), ("DELETE", "/webhooks/gateway")] {
            let response = try await RawHTTP.send(method, path, port: stack.webhookPort)
            #expect([404, 405].contains(response.status), "webhook listener \(method) \(path): \(response.status)")
        }
        // No admin port has a mutating endpoint.
        var metrics: [String] = []
        for (name, process) in stack.services {
            for method in ["POST", "PUT", "DELETE", "PATCH"] {
                for path in ["/metrics", "/healthz", "/readyz", "/", "/admin", "/shutdown", "/config"] {
                    let response = try await RawHTTP.send(method, path, port: process.adminPort)
                    #expect([404, 405].contains(response.status), "\(name) admin \(method) \(path): \(response.status)")
                }
            }
            metrics.append(try await RawHTTP.send("GET", "/metrics", port: process.adminPort).body)
        }

        // Card numbers in free-form fields, then a hunt for every secret in everything the stack said.
        let panInputs: [(Int, String, String, String?)] = [
            (10, "payments.authorize", authorize.replacingOccurrences(of: "tok_visa", with: SecurityTests.pan).replacingOccurrences(of: "pay-wh", with: "pay-pan"), "auth-pan"),
            (11, "payments.refund", #"{"payment_id":"pay-wh","amount":1,"reason":"card \#(SecurityTests.pan)"}"#, "refund-pan"),
            (12, "payments.get", #"{"payment_id":"\#(SecurityTests.pan) x"}"#, nil),
            (13, "payments.authorize", authorize.replacingOccurrences(of: "ada@example.com", with: "\(SecurityTests.pan)@example.com").replacingOccurrences(of: "pay-wh", with: "pay-pan2"), "auth-pan2"),
        ]
        for (id, method, params, key) in panInputs {
            let answer = try await payments.call(id: id, method, params: params, idempotencyKey: key)
            errorMessages.append(answer?.jsonText ?? "")
        }
        await payments.close()
        for (name, process) in stack.services {
            let connection = try await RawWireConnection.connect(port: process.port)
            try await connection.authenticate()
            for (index, method) in MethodParams.all(run: "pan").filter({ $0.service == name }).enumerated() {
                let params = method.params.jsonText.replacingOccurrences(of: "Main St 1", with: "Main St \(SecurityTests.pan)")
                    .replacingOccurrences(of: "tok_visa", with: SecurityTests.pan)
                let answer = try await connection.call(id: index + 1, method.method, params: params, idempotencyKey: method.needsIdempotencyKey ? "pan-\(index)" : nil)
                errorMessages.append(answer?.jsonText ?? "")
            }
            await connection.close()
        }
        let secrets = [ServiceProcess.testClusterKey, HostileStack.webhookSecret, SecurityTests.pan, "4111 1111 1111 1111"]
        let logs = stack.logs()
        #expect(!logs.isEmpty)
        for secret in secrets {
            #expect(!logs.contains(secret), "a log holds \(secret.prefix(4))…")
            #expect(!metrics.joined().contains(secret), "/metrics holds \(secret.prefix(4))…")
            #expect(!errorMessages.joined().contains(secret), "an answer holds \(secret.prefix(4))…")
        }
        #expect(try await stack.everyServiceAnswersPing())
    }

    private func signature(secret: String, timestamp: Int64, body: String) -> String {
        Hex.encode(Digest.hmacSHA256(key: Array(secret.utf8), message: Array("\(timestamp).\(body)".utf8)))
    }

    private func deliver(_ body: String, header: String?, port: Int) async throws -> RawHTTP.Response {
        var headers = [("Content-Type", "application/json")]
        if let header { headers.append(("Stripe-Signature", header)) }
        return try await RawHTTP.send("POST", "/webhooks/gateway", port: port, headers: headers, body: body)
    }
}
