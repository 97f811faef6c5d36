import Foundation

/// The value of `--rate`: one rate (`500`) or a ramp's range (`100..2000`).
public enum RateSpecification: Sendable, Hashable {
    /// A constant rate.
    case constant(Double)
    /// A ramp from the first rate to the second.
    case range(Double, Double)

    /// Why a rate did not parse.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public let description: String
    }

    /// Parses `500`, `500/s`, `100..2000` or `100...2000`.
    public static func parse(_ text: String) throws(ParseError) -> RateSpecification {
        let trimmed = text.replacingSuffix("/s")
        if let range = trimmed.range(of: "..") {
            let lower = String(trimmed[..<range.lowerBound])
            var upper = String(trimmed[range.upperBound...])
            if upper.hasPrefix(".") { upper.removeFirst() }
            guard let from = Double(lower), let to = Double(upper), from > 0, to >= from else {
                throw ParseError(description: "a rate range is FROM..TO with 0 < FROM ≤ TO, got \(text.debugDescription)")
            }
            return .range(from, to)
        }
        guard let rate = Double(trimmed), rate > 0, rate.isFinite else {
            throw ParseError(description: "a rate is a positive number of requests per second, got \(text.debugDescription)")
        }
        return .constant(rate)
    }
}

extension String {
    fileprivate func replacingSuffix(_ suffix: String) -> String {
        self.hasSuffix(suffix) ? String(self.dropLast(suffix.count)) : self
    }
}
