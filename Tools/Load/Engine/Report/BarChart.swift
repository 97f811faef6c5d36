/// An inline SVG horizontal bar chart: one labelled bar per category.
struct BarChart: Sendable {
    /// One bar.
    struct Bar: Sendable {
        var label: String
        var value: Double
        var color: String
    }

    var title: String
    var bars: [Bar]
    var width = 720.0

    func render() -> String {
        let rowHeight = 26.0
        let height = 40 + rowHeight * Double(max(1, self.bars.count))
        let labelWidth = 170.0
        let valueWidth = 90.0
        let barSpace = self.width - labelWidth - valueWidth - 16
        let maximum = max(self.bars.map(\.value).max() ?? 1, 1e-9)
        var svg = SVGBuilder(width: self.width, height: height, title: self.title)
        svg.text(self.title, x: 8, y: 18, attributes: "font-weight=\"bold\"")
        for (row, bar) in self.bars.enumerated() {
            let y = 30 + Double(row) * rowHeight
            svg.text(bar.label, x: labelWidth - 8, y: y + 15, attributes: "text-anchor=\"end\"")
            svg.rect(x: labelWidth, y: y + 2, width: max(1, bar.value / maximum * barSpace), height: rowHeight - 8, fill: bar.color)
            svg.text(Format.number(bar.value), x: labelWidth + max(1, bar.value / maximum * barSpace) + 6, y: y + 15)
        }
        return svg.finish()
    }
}
