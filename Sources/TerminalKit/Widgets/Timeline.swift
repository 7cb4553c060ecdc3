/// A calendar date without a time or time zone, for timelines.
///
/// Kept free of `Foundation.Date` on purpose: a day drawn on a chart must not move with the
/// machine's time zone.
public struct CalendarDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The year (proleptic Gregorian).
    public let year: Int
    /// The month, 1–12.
    public let month: Int
    /// The day of the month, 1–31.
    public let day: Int

    /// The date, or nil if there is no such day (31 April, 29 February 2023).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        let check = CalendarDay(ordinal: CalendarDay.ordinal(year: year, month: month, day: day))
        guard check.year == year, check.month == month, check.day == day else { return nil }
        self = check
    }

    /// The day `ordinal` days after 1 January 1970 (negative: before).
    public init(ordinal: Int) {
        // Civil-from-days over 400-year eras of 146,097 days, counting years from 1 March.
        let z = ordinal + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let d = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let m = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        self.year = yearOfEra + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// Days since 1 January 1970.
    public var ordinal: Int { CalendarDay.ordinal(year: year, month: month, day: day) }

    static func ordinal(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = (month + 9) % 12
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day `days` later (earlier when negative).
    public func adding(days: Int) -> CalendarDay { CalendarDay(ordinal: ordinal + days) }

    /// Three-letter English month name ("Jan").
    public var monthAbbreviation: String {
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][month - 1]
    }

    public static func < (a: CalendarDay, b: CalendarDay) -> Bool { a.ordinal < b.ordinal }

    /// ISO 8601: `2024-03-07`.
    public var description: String {
        let m = month < 10 ? "0\(month)" : "\(month)"
        let d = day < 10 ? "0\(day)" : "\(day)"
        return "\(year)-\(m)-\(d)"
    }
}

/// Maps days to columns across a track, and chooses readable tick labels.
struct DateAxis {
    let start: Int
    let end: Int
    let x: Int
    let width: Int

    init(range: ClosedRange<CalendarDay>, x: Int, width: Int) {
        start = range.lowerBound.ordinal
        end = max(range.upperBound.ordinal, range.lowerBound.ordinal)
        self.x = x
        self.width = width
    }

    /// The screen column of `day`, or nil when it is outside the range.
    func column(_ day: CalendarDay) -> Int? {
        let d = day.ordinal
        guard d >= start, d <= end, width > 0 else { return nil }
        let span = end - start
        return x + (span == 0 ? 0 : (d - start) * (width - 1) / span)
    }

    /// The column of `day`, clamped into the track.
    func clampedColumn(_ day: CalendarDay) -> Int {
        let d = min(max(day.ordinal, start), end)
        return column(CalendarDay(ordinal: d)) ?? x
    }

    /// Tick positions and labels that do not overlap: years, months or days, by span.
    func ticks() -> [(x: Int, label: String)] {
        guard width > 0 else { return [] }
        let span = end - start
        var candidates: [(CalendarDay, String)] = []
        let first = CalendarDay(ordinal: start)
        if span > 3 * 366 {
            for y in first.year...(CalendarDay(ordinal: end).year) {
                if let d = CalendarDay(year: y, month: 1, day: 1), d.ordinal >= start { candidates.append((d, String(y))) }
            }
        } else if span > 45 {
            var y = first.year
            var m = first.month
            while true {
                guard let d = CalendarDay(year: y, month: m, day: 1) else { break }
                if d.ordinal > end { break }
                if d.ordinal >= start { candidates.append((d, m == 1 ? String(y) : d.monthAbbreviation)) }
                m += 1
                if m > 12 { m = 1; y += 1 }
            }
        } else {
            let step = span > 14 ? 7 : 1
            var o = start
            while o <= end {
                let d = CalendarDay(ordinal: o)
                candidates.append((d, "\(d.day) \(d.monthAbbreviation)"))
                o += step
            }
        }
        var result: [(Int, String)] = []
        var nextFree = Int.min
        for (day, label) in candidates {
            guard let cx = column(day) else { continue }
            let w = label.count
            let lx = min(cx, x + width - w)
            if lx >= nextFree && lx >= x {
                result.append((cx, label))
                nextFree = lx + w + 1
            }
        }
        return result
    }
}

/// Dated events along a horizontal time axis, with labels stacked above so they do not collide.
public struct Timeline: Hashable, Sendable {
    /// One dated event.
    public struct Event: Hashable, Sendable {
        /// When it happened.
        public var day: CalendarDay
        /// What it is called.
        public var label: String
        /// The marker's style; nil for `timeline.event`.
        public var style: Style?

        /// An event on `day` labelled `label`.
        public init(_ day: CalendarDay, _ label: String, style: Style? = nil) {
            self.day = day
            self.label = label
            self.style = style
        }
    }

    /// The events, in any order.
    public var events: [Event]
    /// The dates the axis spans; nil spans the events (and today).
    public var range: ClosedRange<CalendarDay>?
    /// Marked on the axis when inside the range.
    public var today: CalendarDay?

    /// A timeline of `events`.
    public init(_ events: [Event], range: ClosedRange<CalendarDay>? = nil, today: CalendarDay? = nil) {
        self.events = events
        self.range = range
        self.today = today
    }

    func effectiveRange() -> ClosedRange<CalendarDay>? {
        if let range { return range }
        var days = events.map(\.day)
        if let today { days.append(today) }
        guard let lo = days.min(), let hi = days.max() else { return nil }
        return lo...hi
    }

    /// Draws label lanes above an axis line with tick labels beneath it.
    public func render(into canvas: inout Canvas, area: Rect) {
        guard !area.isEmpty else { return }
        canvas.withClip(area) { canvas in
            canvas.fill(area)
            guard let range = effectiveRange() else {
                canvas.draw("No events", in: area.row(0), style: Style(.dim))
                return
            }
            let symbols = canvas.symbols
            let axisY = area.height >= 2 ? area.maxY - 2 : area.y
            let axis = DateAxis(range: range, x: area.x, width: area.width)
            canvas.draw(String(repeating: symbols.axis, count: area.width), at: Point(x: area.x, y: axisY), style: Style(.chartAxis))
            if area.height >= 2 {
                for t in axis.ticks() {
                    canvas.draw(String(symbols.tick), at: Point(x: t.x, y: axisY), style: Style(.chartAxis))
                    let lx = min(t.x, area.maxX - t.label.count)
                    canvas.draw(t.label, at: Point(x: lx, y: axisY + 1), style: Style(.chartAxis))
                }
            }
            let lanes = max(0, axisY - area.y)
            if let today, let tx = axis.column(today) {
                for y in area.y..<axisY + 1 {
                    canvas.draw(String(symbols.today), at: Point(x: tx, y: y), style: Style(.timelineToday))
                }
            }
            var laneEnd = [Int](repeating: Int.min, count: lanes)
            for event in events.sorted(by: { $0.day < $1.day }) {
                guard let ex = axis.column(event.day) else { continue }
                let style = event.style ?? Style(.timelineEvent)
                canvas.draw(String(symbols.event), at: Point(x: ex, y: axisY), style: style)
                let label = Sanitizer.sanitize(event.label)
                let w = min(DisplayWidth.of(label), area.width)
                let lx = max(area.x, min(ex, area.maxX - w))
                guard let lane = laneEnd.indices.first(where: { laneEnd[$0] < lx }) else { continue }
                canvas.draw(label, at: Point(x: lx, y: axisY - 1 - lane), style: style, maxWidth: area.maxX - lx)
                laneEnd[lane] = lx + w
            }
        }
    }
}

/// Gantt-style rows of planned and actual spans on a shared date axis, with today marked.
///
/// Planned spans are drawn as a light pattern, actual spans solid, and any part of an actual span
/// past its planned end with a denser pattern in the `timeline.late` role (so it shows without
/// colour); a legend explains the glyphs when there is room.
public struct GanttChart: Hashable, Sendable {
    /// One activity.
    public struct Row: Hashable, Sendable {
        /// What it is called.
        public var label: String
        /// When it was planned to run.
        public var planned: ClosedRange<CalendarDay>?
        /// When it actually ran (so far).
        public var actual: ClosedRange<CalendarDay>?

        /// An activity with optional planned and actual spans.
        public init(_ label: String, planned: ClosedRange<CalendarDay>? = nil, actual: ClosedRange<CalendarDay>? = nil) {
            self.label = label
            self.planned = planned
            self.actual = actual
        }
    }

    /// The activities, top to bottom.
    public var rows: [Row]
    /// The dates the axis spans; nil spans all rows (and today).
    public var range: ClosedRange<CalendarDay>?
    /// Marked with a vertical line through every row.
    public var today: CalendarDay?

    /// A Gantt chart of `rows`.
    public init(_ rows: [Row], range: ClosedRange<CalendarDay>? = nil, today: CalendarDay? = nil) {
        self.rows = rows
        self.range = range
        self.today = today
    }

    func effectiveRange() -> ClosedRange<CalendarDay>? {
        if let range { return range }
        var days: [CalendarDay] = []
        for r in rows {
            if let p = r.planned { days += [p.lowerBound, p.upperBound] }
            if let a = r.actual { days += [a.lowerBound, a.upperBound] }
        }
        if let today { days.append(today) }
        guard let lo = days.min(), let hi = days.max() else { return nil }
        return lo...hi
    }

    /// Draws an axis row, one row per activity, and a legend when there is room.
    public func render(into canvas: inout Canvas, area: Rect) {
        guard !area.isEmpty else { return }
        canvas.withClip(area) { canvas in
            canvas.fill(area)
            guard let range = effectiveRange() else {
                canvas.draw("Nothing planned", in: area.row(0), style: Style(.dim))
                return
            }
            let symbols = canvas.symbols
            let labelWidth = min(rows.map { DisplayWidth.of(Sanitizer.sanitize($0.label)) }.max() ?? 0, area.width / 3)
            let trackX = area.x + labelWidth + (labelWidth > 0 ? 1 : 0)
            let axis = DateAxis(range: range, x: trackX, width: max(0, area.maxX - trackX))
            let todayX = today.flatMap { axis.column($0) }
            // The today marker shares this row and keeps a blank column from the labels, as they
            // do from one another (else "Nov" and the marker read as one word: "Novv" in plain
            // mode). A label the marker would touch moves a column away when that keeps its own
            // gaps; one it would cut, or that cannot move, is left out.
            let ticks = axis.ticks().map { (x: min($0.x, area.maxX - $0.label.count), label: $0.label) }
            var previousEnd = Int.min
            for (i, t) in ticks.enumerated() {
                var lx = t.x
                let w = t.label.count
                if let tx = todayX, tx >= lx - 1 && tx <= lx + w {
                    let nextStart = i + 1 < ticks.count ? ticks[i + 1].x : area.maxX + 1
                    let moved = tx == lx + w ? lx - 1 : tx == lx - 1 ? lx + 1 : nil
                    guard let m = moved, m >= trackX, m > previousEnd, m + w < nextStart, m + w <= area.maxX else { continue }
                    lx = m
                }
                canvas.draw(t.label, at: Point(x: lx, y: area.y), style: Style(.chartAxis))
                previousEnd = lx + w
            }
            let legendRows = area.height >= rows.count + 2 ? 1 : 0
            let shown = rows.prefix(max(0, area.height - 1 - legendRows))
            for (k, row) in shown.enumerated() {
                let y = area.y + 1 + k
                if labelWidth > 0 {
                    canvas.draw(row.label, in: Rect(x: area.x, y: y, width: labelWidth, height: 1))
                }
                var cells = [Character?](repeating: nil, count: axis.width)
                var styles = [Style](repeating: .text, count: axis.width)
                if let p = row.planned {
                    let a = axis.clampedColumn(p.lowerBound) - trackX
                    let b = axis.clampedColumn(p.upperBound) - trackX
                    for i in a...max(a, b) where i >= 0 && i < cells.count {
                        cells[i] = symbols.planned
                        styles[i] = Style(.timelinePlanned)
                    }
                }
                if let act = row.actual {
                    let a = axis.clampedColumn(act.lowerBound) - trackX
                    let b = axis.clampedColumn(act.upperBound) - trackX
                    let plannedEnd = row.planned.map { axis.clampedColumn($0.upperBound) - trackX }
                    for i in a...max(a, b) where i >= 0 && i < cells.count {
                        let late = plannedEnd.map { i > $0 } ?? false
                        cells[i] = late ? symbols.segmentPatterns[1] : symbols.barEighths[8]
                        styles[i] = Style(late ? .timelineLate : .timelineActual)
                    }
                }
                if let tx = todayX, cells.indices.contains(tx - trackX), cells[tx - trackX] == nil {
                    cells[tx - trackX] = symbols.today
                    styles[tx - trackX] = Style(.timelineToday)
                }
                for (i, c) in cells.enumerated() {
                    if let c { canvas.draw(String(c), at: Point(x: trackX + i, y: y), style: styles[i]) }
                }
            }
            if let tx = todayX {
                // A marker on the axis row makes "today" findable even where bars cover its line.
                let marker = symbols.isASCII ? "v" : "▼"
                canvas.draw(marker, at: Point(x: tx, y: area.y), style: Style(.timelineToday))
            }
            if legendRows > 0 {
                let y = area.y + 1 + shown.count
                let items: [(String, Style, String)] = [
                    (String(symbols.planned), Style(.timelinePlanned), "planned"),
                    (String(symbols.barEighths[8]), Style(.timelineActual), "actual"),
                    (String(symbols.segmentPatterns[1]), Style(.timelineLate), "late"),
                    (String(symbols.today), Style(.timelineToday), "today"),
                ]
                var x = trackX
                for (glyph, style, name) in items {
                    if x + 2 + name.count > area.maxX { break }
                    canvas.draw(glyph, at: Point(x: x, y: y), style: style)
                    x += 2 + canvas.draw(name, at: Point(x: x + 2, y: y), style: Style(.dim)) + 2
                }
            }
        }
    }
}
