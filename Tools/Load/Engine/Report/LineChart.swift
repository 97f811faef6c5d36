/// An inline SVG line chart: a few series over shared axes, no script, no external asset.
struct LineChart: Sendable {
    /// One line.
    struct Series: Sendable {
        var name: String
        var color: String
        var points: [(x: Double, y: Double)]
    }

    /// A labelled position on an axis.
    struct Tick: Sendable {
        var value: Double
        var label: String
    }

    var title: String
    var xLabel: String
    var yLabel: String
    var series: [Series]
    /// The x ticks; evenly spaced ones over the data's range when empty.
    var xTicks: [Tick] = []
    /// Formats a y tick's value.
    var yFormat: @Sendable (Double) -> String = { Format.number($0) }
    var width = 720.0
    var height = 300.0

    private let left = 64.0
    private let right = 16.0
    private let top = 32.0
    private let bottom = 44.0

    func render() -> String {
        let allPoints = self.series.flatMap(\.points)
        let xValues = allPoints.map(\.x) + self.xTicks.map(\.value)
        let xMin = xValues.min() ?? 0
        let xMax = max((xValues.max() ?? 1), xMin + 1e-9)
        let yMax = Self.niceCeiling(max(allPoints.map(\.y).max() ?? 1, 1e-9))
        let plotWidth = self.width - self.left - self.right
        let plotHeight = self.height - self.top - self.bottom
        func px(_ x: Double) -> Double { self.left + (x - xMin) / (xMax - xMin) * plotWidth }
        func py(_ y: Double) -> Double { self.top + plotHeight - y / yMax * plotHeight }

        var svg = SVGBuilder(width: self.width, height: self.height, title: self.title)
        svg.text(self.title, x: self.left, y: 18, attributes: "font-weight=\"bold\"")
        for step in 0...4 {
            let value = yMax * Double(step) / 4
            let y = py(value)
            svg.line(x1: self.left, y1: y, x2: self.left + plotWidth, y2: y, stroke: "#e3e3e3")
            svg.text(self.yFormat(value), x: self.left - 6, y: y + 4, attributes: "text-anchor=\"end\"")
        }
        let ticks = self.xTicks.isEmpty
            ? (0...5).map { Tick(value: xMin + (xMax - xMin) * Double($0) / 5, label: Format.number(xMin + (xMax - xMin) * Double($0) / 5)) }
            : self.xTicks
        for tick in ticks {
            let x = px(tick.value)
            svg.line(x1: x, y1: self.top, x2: x, y2: self.top + plotHeight, stroke: "#f0f0f0")
            svg.text(tick.label, x: x, y: self.top + plotHeight + 16, attributes: "text-anchor=\"middle\"")
        }
        svg.line(x1: self.left, y1: self.top + plotHeight, x2: self.left + plotWidth, y2: self.top + plotHeight, stroke: "#888")
        svg.line(x1: self.left, y1: self.top, x2: self.left, y2: self.top + plotHeight, stroke: "#888")
        svg.text(self.xLabel, x: self.left + plotWidth / 2, y: self.height - 6, attributes: "text-anchor=\"middle\"")
        svg.text(self.yLabel, x: 14, y: self.top + plotHeight / 2,
                 attributes: "text-anchor=\"middle\" transform=\"rotate(-90 14 \(Format.fixed(self.top + plotHeight / 2, decimals: 1)))\"")
        for (position, series) in self.series.enumerated() {
            let path = series.points.map { "\(Format.fixed(px($0.x), decimals: 1)),\(Format.fixed(py($0.y), decimals: 1))" }
            if path.count == 1 {
                let point = series.points[0]
                svg.circle(x: px(point.x), y: py(point.y), radius: 3, fill: series.color)
            } else if !path.isEmpty {
                svg.polyline(path.joined(separator: " "), stroke: series.color)
            }
            let legendX = self.left + plotWidth - 150
            let legendY = self.top + 14 + Double(position) * 16
            svg.line(x1: legendX, y1: legendY - 4, x2: legendX + 18, y2: legendY - 4, stroke: series.color, width: 3)
            svg.text(series.name, x: legendX + 24, y: legendY)
        }
        return svg.finish()
    }

    /// The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above `value`: round axis maxima.
    static func niceCeiling(_ value: Double) -> Double {
        var magnitude = 1.0
        while magnitude * 10 <= value { magnitude *= 10 }
        while magnitude > value { magnitude /= 10 }
        for factor in [1.0, 2.0, 2.5, 5.0, 10.0] where factor * magnitude >= value {
            return factor * magnitude
        }
        return value
    }
}
