import Foundation

/// One process of the stack as `till up` means to start it.
struct PlannedProcess: Sendable, Hashable {
    /// What the process is.
    enum Role: Codable, Sendable, Hashable {
        /// The private `redis-server`.
        case redis
        /// `till-gateway-sim`, the payment gateway simulator.
        case gatewaySimulator
        /// A replica of a Till service.
        case service(ServiceKind)
    }

    /// A port the process listens on, with what it is for (`listen`, `admin`, `webhook`, …).
    struct Port: Codable, Sendable, Hashable {
        /// What the port serves.
        var purpose: String
        /// The host it is bound to.
        var host: String
        /// The port number.
        var port: Int

        /// `host:port`.
        var address: String { "\(self.host):\(self.port)" }
    }

    /// The process's name in the stack, its log file and `till status`: `redis`, `payments-2`.
    var name: String
    /// What the process is.
    var role: Role
    /// The program.
    var executable: URL
    /// Its arguments.
    var arguments: [String]
    /// Variables set for it on top of the environment `till` itself runs with.
    var environment: [String: String]
    /// The ports it is told to listen on.
    var ports: [Port]
    /// How readiness is checked.
    var health: HealthCheck
    /// Where its output goes.
    var logFile: URL
}

extension PlannedProcess.Role {
    /// Written as one word: `redis`, `gateway-sim`, or the service's name.
    var word: String {
        switch self {
        case .redis: "redis"
        case .gatewaySimulator: "gateway-sim"
        case .service(let service): service.rawValue
        }
    }

    init(from decoder: any Decoder) throws {
        let word = try decoder.singleValueContainer().decode(String.self)
        switch word {
        case "redis": self = .redis
        case "gateway-sim": self = .gatewaySimulator
        default:
            guard let service = ServiceKind(rawValue: word) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown role \(word)"))
            }
            self = .service(service)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.word)
    }
}
