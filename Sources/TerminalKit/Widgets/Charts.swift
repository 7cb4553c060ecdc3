/// Fills `width` columns (within `maxWidth`) of a horizontal bar in eighths of a cell.
private func barText(fraction: Double, width: Int, symbols: Symbols) -> String {
    guard width > 0 else { return "" }
    let f = fraction.isFinite ? min(1, max(0, fraction)) : 0
    let eighths = Int((f * Double(width * 8)).rounded())
    let full = eighths / 8
    let part = eighths % 8
    var s = String(repeating: symbols.barEighths[8], count: full)
    if part > 0 && full < width { s.append(symbols.barEighths[part]) }
    return s
}

/// Formats a chart value compactly: whole numbers without decimals, others with one.
func formatValue(_ v: Double) -> String {
    guard v.isFinite else { return "–" }
    if v == v.rounded() && abs(v) < 1e15 { return String(Int(v)) }
    return String((v * 10).rounded() / 10)
}

/// Horizontal bars, one per row: label, bar, value.
public struct BarChart: Hashable, Sendable {
    /// One bar.
    public struct Bar: Hashable, Sendable {
        /// The label.
        public var label: String
        /// The value.
        public var value: Double
        /// The bar's style; nil for `chart.bar`.
        public var style: Style?
        /// Text shown after the bar; nil shows the value.
        public var valueText: String?

        /// A bar for `value`, labelled `label`.
        public init(_ label: String, _ value: Double, style: Style? = nil, valueText: String? = nil) {
            self.label = label
            self.value = value
            self.style = style
            self.valueText = valueText
        }
    }

    /// The bars, top to bottom.
    public var bars: [Bar]
    /// The value of a full-width bar; nil uses the largest value.
    public var maxValue: Double?

    /// A chart of `bars`, scaled so `maxValue` (or the largest value) fills the width.
    public init(_ bars: [Bar], maxValue: Double? = nil) {
        self.bars = bars
        self.maxValue = maxValue
    }

    /// Draws as many bars as there are rows in `area`.
    public func render(into canvas: inout Canvas, area: Rect) {
        guard !area.isEmpty else { return }
        canvas.withClip(area) { canvas in
            canvas.fill(area)
            let top = maxValue ?? bars.map(\.value).max() ?? 0
            let labelWidth = min(bars.map { DisplayWidth.of(Sanitizer.sanitize($0.label)) }.max() ?? 0, area.width / 3)
            let values = bars.map { $0.valueText ?? formatValue($0.value) }
            let valueWidth = min(values.map { DisplayWidth.of(Sanitizer.sanitize($0)) }.max() ?? 0, area.width / 4)
            let barX = area.x + labelWidth + (labelWidth > 0 ? 1 : 0)
            let barWidth = max(0, area.maxX - barX - (valueWidth > 0 ? valueWidth + 1 : 0))
            for (k, bar) in bars.prefix(area.height).enumerated() {
                let y = area.y + k
                if labelWidth > 0 {
                    canvas.draw(bar.label, in: Rect(x: area.x, y: y, width: labelWidth, height: 1), style: Style(.chartAxis))
                }
                let fraction = top > 0 ? bar.value / top : 0
                let text = barText(fraction: fraction, width: barWidth, symbols: canvas.symbols)
                let drawn = canvas.draw(text, at: Point(x: barX, y: y), style: bar.style ?? Style(.chartBar), maxWidth: barWidth)
                if valueWidth > 0 {
                    canvas.draw(values[k], in: Rect(x: barX + drawn + 1, y: y, width: valueWidth, height: 1))
                }
            }
        }
    }
}

/// One horizontal bar split into segments (such as counts in four risk bands), with a legend.
///
/// Each segment gets a different fill pattern as well as its own style, so the segments can be
/// told apart in monochrome and by people who do not see the colours. The segment widths always
/// add up to the full bar, and every non-zero segment gets at least one cell when there is room.
public struct StackedBar: Hashable, Sendable {
    /// One part of the bar.
    public struct Segment: Hashable, Sendable {
        /// The label.
        public var label: String
        /// The value.
        public var value: Double
        /// How it is drawn.
        public var style: Style

        /// A segment for `value`, labelled `label`, drawn in `style`.
        public init(_ label: String, _ value: Double, style: Style) {
            self.label = label
            self.value = value
            self.style = style
        }
    }

    /// The segments, left to right.
    public var segments: [Segment]
    /// Whether a legend ("█ High 12  ▓ Moderate 30") is drawn on the rows below the bar.
    public var showsLegend: Bool

    /// A stacked bar of `segments`, with a legend unless told otherwise.
    public init(_ segments: [Segment], showsLegend: Bool = true) {
        self.segments = segments
        self.showsLegend = showsLegend
    }

    /// The width of each segment in a bar `width` columns wide (largest-remainder rounding).
    public func segmentWidths(total width: Int) -> [Int] {
        let values = segments.map { max(0, $0.value.isFinite ? $0.value : 0) }
        let sum = values.reduce(0, +)
        guard width > 0, sum > 0 else { return values.map { _ in 0 } }
        let exact = values.map { $0 / sum * Double(width) }
        var widths = exact.map { Int($0) }
        // Every non-zero segment is visible when there is room for all of them.
        let nonZero = values.filter { $0 > 0 }.count
        if nonZero <= width {
            for i in widths.indices where values[i] > 0 && widths[i] == 0 { widths[i] = 1 }
        }
        var diff = width - widths.reduce(0, +)
        let order = widths.indices.sorted { (exact[$0] - Double(widths[$0])) > (exact[$1] - Double(widths[$1])) || ((exact[$0] - Double(widths[$0])) == (exact[$1] - Double(widths[$1])) && $0 < $1) }
        var k = 0
        while diff > 0 && !order.isEmpty {
            let i = order[k % order.count]
            if values[i] > 0 { widths[i] += 1; diff -= 1 }
            k += 1
        }
        // Too wide after the minimums: take from the widest.
        while diff < 0 {
            guard let i = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[i] > 1 else { break }
            widths[i] -= 1
            diff += 1
        }
        return widths
    }

    /// Draws the bar in the first row of `area` and the legend below it when there is room.
    public func render(into canvas: inout Canvas, area: Rect) {
        guard !area.isEmpty else { return }
        canvas.withClip(area) { canvas in
            canvas.fill(area)
            let patterns = canvas.symbols.segmentPatterns
            let widths = segmentWidths(total: area.width)
            var x = area.x
            for (i, seg) in segments.enumerated() where widths[i] > 0 {
                let glyph = patterns[i % patterns.count]
                canvas.draw(String(repeating: glyph, count: widths[i]), at: Point(x: x, y: area.y), style: seg.style)
                x += widths[i]
            }
            guard showsLegend, area.height > 1 else { return }
            var lx = area.x
            var ly = area.y + 1
            for (i, seg) in segments.enumerated() {
                let text = seg.label + " " + formatValue(seg.value)
                let w = DisplayWidth.of(Sanitizer.sanitize(text)) + 2
                if lx > area.x && lx + w > area.maxX {
                    lx = area.x
                    ly += 1
                    if ly >= area.maxY { break }
                }
                canvas.draw(String(patterns[i % patterns.count]), at: Point(x: lx, y: ly), style: seg.style)
                canvas.draw(text, at: Point(x: lx + 2, y: ly), maxWidth: area.maxX - lx - 2)
                lx += w + 2
            }
        }
    }
}

/// A compact trend line of values drawn with block heights, newest at the right.
///
/// A series with nothing above zero (all zeros, say) draws every value as the lowest level, a
/// visible baseline, so "there is data and it is flat at zero" never looks like "no data".
/// A missing value (NaN) is always left blank.
public struct Sparkline: Hashable, Sendable {
    /// The values, oldest first; NaN for a missing one.
    public var values: [Double]
    /// The value of a full-height column; nil uses the largest value.
    public var maxValue: Double?
    /// How it is drawn.
    public var style: Style

    /// A sparkline of `values`, scaled so `maxValue` (or the largest shown) is full height.
    public init(_ values: [Double], maxValue: Double? = nil, style: Style = Style(.sparkline)) {
        self.values = values
        self.maxValue = maxValue
        self.style = style
    }

    /// The height of each of the last `count` values in level steps, out of `steps` for a full
    /// column: 0 draws nothing. A positive value gets at least one step; in a series with no
    /// positive value, every present value gets exactly one (the baseline).
    func heights(count: Int, steps: Int) -> [Int] {
        let shown = values.suffix(count)
        let present = shown.filter(\.isFinite)
        let top = maxValue ?? present.max() ?? 0
        let flat = !present.contains { $0 > 0 }
        return shown.map { v in
            guard v.isFinite else { return 0 }
            if flat { return 1 }
            guard top > 0, v > 0 else { return 0 }
            return max(1, Int((min(1, v / top) * Double(steps)).rounded()))
        }
    }

    /// The last `width` values as one row of level glyphs (a space for a missing value, or for
    /// zero beside positive values), for a sparkline inside a table cell or a line of text.
    public func line(width: Int, symbols: Symbols) -> String {
        guard width > 0 else { return "" }
        let levels = symbols.sparkLevels
        return String(heights(count: width, steps: levels.count).map { $0 == 0 ? " " : levels[$0 - 1] })
    }

    /// Draws the last `area.width` values, using every row of `area` for height.
    public func render(into canvas: inout Canvas, area: Rect) {
        guard !area.isEmpty else { return }
        canvas.withClip(area) { canvas in
            canvas.fill(area)
            let levels = canvas.symbols.sparkLevels
            let steps = levels.count
            let heights = heights(count: area.width, steps: area.height * steps)
            let startX = area.maxX - heights.count
            for (k, total) in heights.enumerated() where total > 0 {
                let full = total / steps
                let part = total % steps
                let x = startX + k
                for r in 0..<min(full, area.height) {
                    canvas.draw(String(levels[steps - 1]), at: Point(x: x, y: area.maxY - 1 - r), style: style)
                }
                if part > 0 && full < area.height {
                    canvas.draw(String(levels[part - 1]), at: Point(x: x, y: area.maxY - 1 - full), style: style)
                }
            }
        }
    }
}

/// A progress bar with a label such as "62%".
public struct Gauge: Hashable, Sendable {
    /// How full, from 0 to 1 (clamped).
    public var ratio: Double
    /// Text after the bar; nil shows the percentage.
    public var label: String?

    /// A gauge filled to `ratio` (0–1), labelled with `label` or the percentage.
    public init(ratio: Double, label: String? = nil) {
        self.ratio = ratio
        self.label = label
    }

    /// Draws the gauge in the first row of `area`.
    public func render(into canvas: inout Canvas, area: Rect) {
        guard !area.isEmpty else { return }
        let row = area.row(0)
        canvas.withClip(row) { canvas in
            canvas.fill(row)
            let r = ratio.isFinite ? min(1, max(0, ratio)) : 0
            let text = label ?? "\(Int((r * 100).rounded()))%"
            let labelWidth = min(DisplayWidth.of(Sanitizer.sanitize(text)), row.width)
            let barWidth = max(0, row.width - labelWidth - (labelWidth > 0 ? 1 : 0))
            let filled = barText(fraction: r, width: barWidth, symbols: canvas.symbols)
            let used = canvas.draw(filled, at: row.origin, style: Style(.gaugeFilled), maxWidth: barWidth)
            if barWidth > used {
                canvas.draw(String(repeating: canvas.symbols.gaugeEmpty, count: barWidth - used),
                            at: Point(x: row.x + used, y: row.y), style: Style(.gaugeEmpty))
            }
            if labelWidth > 0 {
                canvas.draw(text, in: Rect(x: row.maxX - labelWidth, y: row.y, width: labelWidth, height: 1), alignment: .right)
            }
        }
    }
}
