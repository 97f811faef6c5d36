/// Writes the elements of one `<svg>`: only the few shapes the charts need, every attribute escaped.
struct SVGBuilder {
    private var body: String
    private let width: Double
    private let height: Double

    init(width: Double, height: Double, title: String) {
        self.width = width
        self.height = height
        self.body = "<title>\(XMLText.escape(title))</title>"
    }

    mutating func text(_ text: String, x: Double, y: Double, attributes: String = "") {
        let extra = attributes.isEmpty ? "" : " " + attributes
        self.body += "<text x=\"\(Self.n(x))\" y=\"\(Self.n(y))\"\(extra)>\(XMLText.escape(text))</text>"
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1) {
        self.body += "<line x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\" "
            + "stroke=\"\(XMLText.escape(stroke))\" stroke-width=\"\(Self.n(width))\"/>"
    }

    mutating func polyline(_ points: String, stroke: String) {
        self.body += "<polyline fill=\"none\" stroke=\"\(XMLText.escape(stroke))\" stroke-width=\"2\" points=\"\(points)\"/>"
    }

    mutating func circle(x: Double, y: Double, radius: Double, fill: String) {
        self.body += "<circle cx=\"\(Self.n(x))\" cy=\"\(Self.n(y))\" r=\"\(Self.n(radius))\" fill=\"\(XMLText.escape(fill))\"/>"
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String) {
        self.body += "<rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" "
            + "fill=\"\(XMLText.escape(fill))\"/>"
    }

    func finish() -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.n(self.width))\" height=\"\(Self.n(self.height))\" "
            + "viewBox=\"0 0 \(Self.n(self.width)) \(Self.n(self.height))\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\">"
            + self.body + "</svg>"
    }

    private static func n(_ value: Double) -> String {
        Format.fixed(value, decimals: 1)
    }
}
