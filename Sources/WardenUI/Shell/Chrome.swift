import TerminalKit

/// The top line: product, borough, the officer, and how fresh the data is.
struct TopBar {
    var overview: WarehouseOverview?
    var user: String
    var today: CalendarDay
    var glyphs: Glyphs

    /// The right-hand part, from fullest to tersest; the first that leaves the borough room wins.
    func rightParts() -> [String] {
        let asOf = overview?.asOf.map(Format.date)
        var loaded: String?
        if let last = overview?.lastLoad, let day = Format.day(last) {
            let days = day.ordinal <= today.ordinal ? today.ordinal - day.ordinal : -(day.ordinal - today.ordinal)
            loaded = "loaded " + Format.daysAgo(days) + (days > 31 ? " (stale)" : "")
        }
        let d = glyphs.dot
        var out: [String] = []
        out.append((["user " + user] + [asOf.map { "extracts as of " + $0 }, loaded].compactMap { $0 }).joined(separator: d))
        out.append(([user] + [asOf.map { "as of " + $0 }, loaded].compactMap { $0 }).joined(separator: d))
        // Narrower: the data's date matters more than the officer's own name (the Borough tile has it).
        out.append([asOf.map { "as of " + $0 }, loaded].compactMap { $0 }.joined(separator: d))
        out.append([asOf, loaded].compactMap { $0 }.joined(separator: d))
        out.append(loaded ?? asOf ?? user)
        return out
    }

    func render(into canvas: inout Canvas, area: Rect) {
        guard !area.isEmpty else { return }
        let bar = Style(.statusBar)
        canvas.fill(area, style: bar)
        let name = " Warden"
        let nameWidth = canvas.draw(name, at: area.origin, style: Style(.statusBarKey), maxWidth: area.width)
        let borough = overview.map { $0.borough ?? "Warehouse" } ?? "Opening the warehouse…"
        let lead = glyphs.dot
        // The borough shows whole if a shorter right-hand part allows it; else it keeps 12 columns.
        let fixed = area.width - nameWidth - DisplayWidth.of(lead) - 3
        let boroughNatural = DisplayWidth.of(Sanitizer.sanitize(borough))
        let parts = rightParts()
        let right = parts.first { DisplayWidth.of(Sanitizer.sanitize($0)) <= fixed - boroughNatural }
            ?? parts.first { DisplayWidth.of(Sanitizer.sanitize($0)) <= fixed - min(boroughNatural, 12) } ?? ""
        let rightWidth = DisplayWidth.of(Sanitizer.sanitize(right))
        if rightWidth > 0 {
            canvas.draw(right, in: Rect(x: area.maxX - rightWidth - 1, y: area.y, width: rightWidth, height: 1), style: bar)
        }
        let x = area.x + nameWidth
        let used = canvas.draw(lead, at: Point(x: x, y: area.y), style: bar, maxWidth: area.maxX - x)
        let boroughWidth = area.maxX - (x + used) - (rightWidth > 0 ? rightWidth + 2 : 0)
        canvas.draw(borough, in: Rect(x: x + used, y: area.y, width: max(0, boroughWidth), height: 1), style: bar)
    }
}

/// The navigation stack as a path: "Home › Search ‘smith’ › John Smith (1381424)". When it does
/// not fit, the oldest steps give way to "…"; the current screen always shows.
struct Breadcrumb {
    var titles: [String]
    var busy: String?
    var spinnerFrame: Int
    var glyphs: Glyphs

    /// Where each shown crumb sits (for clicks): stack index, column and width; `cut` says steps were left out.
    static func layout(titles: [String], width: Int, glyphs: Glyphs) -> [(index: Int, x: Int, width: Int, text: String)] {
        guard !titles.isEmpty, width > 2 else { return [] }
        let sep = DisplayWidth.of(glyphs.crumb)
        let ellipsis = "…"
        // Earlier steps are cut to 24 columns each so more of the path shows.
        var texts = titles.enumerated().map { i, t in
            let plain = glyphs.ascii(t)
            return i == titles.count - 1 ? Sanitizer.sanitize(plain) : TextLayout.truncate(plain, to: 24)
        }
        let available = width - 1
        var first = 0
        func total(from start: Int) -> Int {
            var w = start > 0 ? DisplayWidth.of(ellipsis) + sep : 0
            for i in start..<texts.count { w += DisplayWidth.of(texts[i]) + (i > start ? sep : 0) }
            return w
        }
        while first < texts.count - 1 && total(from: first) > available { first += 1 }
        if total(from: first) > available {
            let lead = first > 0 ? DisplayWidth.of(ellipsis) + sep : 0
            texts[texts.count - 1] = TextLayout.truncate(texts[texts.count - 1], to: max(1, available - lead))
        }
        var x = 1 + (first > 0 ? DisplayWidth.of(ellipsis) + sep : 0)
        var out: [(Int, Int, Int, String)] = []
        for i in first..<texts.count {
            if i > first { x += sep }
            let w = DisplayWidth.of(texts[i])
            out.append((i, x, w, texts[i]))
            x += w
        }
        return out.map { (index: $0.0, x: $0.1, width: $0.2, text: $0.3) }
    }

    func render(into canvas: inout Canvas, area: Rect) {
        guard !area.isEmpty else { return }
        canvas.fill(area)
        var spinnerWidth = 0
        if let busy {
            let label = busy + "…"
            spinnerWidth = min(area.width / 2, DisplayWidth.of(Sanitizer.sanitize(label)) + 3)
            Spinner(frame: spinnerFrame, label: label)
                .render(into: &canvas, area: Rect(x: area.maxX - spinnerWidth, y: area.y, width: spinnerWidth, height: 1))
        }
        let width = area.width - spinnerWidth
        let crumbs = Breadcrumb.layout(titles: titles, width: width, glyphs: glyphs)
        canvas.withClip(Rect(x: area.x, y: area.y, width: width, height: 1)) { canvas in
            if let first = crumbs.first, first.index > 0 {
                canvas.draw("…" + glyphs.crumb, at: Point(x: area.x + 1, y: area.y), style: Style(.crumb))
            }
            for (k, c) in crumbs.enumerated() {
                if k > 0 {
                    canvas.draw(glyphs.crumb, at: Point(x: area.x + c.x - DisplayWidth.of(glyphs.crumb), y: area.y), style: Style(.crumb))
                }
                let current = c.index == titles.count - 1
                canvas.draw(c.text, at: Point(x: area.x + c.x, y: area.y), style: Style(current ? .crumbCurrent : .crumb), maxWidth: c.width)
            }
        }
    }
}
