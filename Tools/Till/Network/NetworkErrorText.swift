#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOPosix

/// Short, human reasons for network failures ("connection refused", "timed out") instead of
/// NIO's full error dumps, for one-line messages.
enum NetworkErrorText {
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as NIOConnectionError:
            if let first = error.connectionErrors.first {
                return Self.describe(first.error)
            }
            return error.dnsAAAAError.map(Self.describe) ?? error.dnsAError.map(Self.describe) ?? "cannot connect"
        case let error as IOError:
            return String(cString: strerror(error.errnoCode)).lowercased()
        case ChannelError.connectTimeout:
            return "timed out connecting"
        case is CancellationError:
            return "cancelled"
        default:
            return "\(error)"
        }
    }
}
