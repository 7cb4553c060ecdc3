import TerminalKit
import WardenCore

extension Role {
    /// HMO risk bands (every built-in theme defines them; monochrome adds bold/underline/dim).
    static let riskHigh: Role = "risk.high"
    static let riskModerate: Role = "risk.moderate"
    static let riskSome: Role = "risk.some"
    static let riskLow: Role = "risk.low"
}

/// How the risk panels draw bands: a colour role *and* a symbol or fill character for each, so
/// a band reads the same in monochrome, under NO_COLOR and in plain ASCII.
enum RiskLook {
    static func role(_ band: RiskBand) -> Role {
        switch band {
        case .high: return .riskHigh
        case .moderate: return .riskModerate
        case .some: return .riskSome
        case .low: return .riskLow
        }
    }

    static func style(_ band: RiskBand) -> Style { Style(role(band)) }

    /// The band's map and list symbol: ● ◆ ▲ · (H M S . in ASCII).
    static func symbol(_ band: RiskBand, ascii: Bool) -> String {
        guard ascii else { return band.symbol }
        switch band {
        case .high: return "H"
        case .moderate: return "M"
        case .some: return "S"
        case .low: return "."
        }
    }

    /// The band's fill in a stacked bar: █ ▓ ▒ ░ (# = + . in ASCII).
    static func fill(_ band: RiskBand, ascii: Bool) -> Character {
        switch band {
        case .high: return ascii ? "#" : "█"
        case .moderate: return ascii ? "=" : "▓"
        case .some: return ascii ? "+" : "▒"
        case .low: return ascii ? "." : "░"
        }
    }

    /// "● High" (or "H High").
    static func label(_ band: RiskBand, ascii: Bool) -> String { symbol(band, ascii: ascii) + " " + band.rawValue }

    /// The legend of the stacked bars: "█ High ▓ Moderate ▒ Some ░ Low ".
    static func barLegend(ascii: Bool) -> [Span] {
        RiskBand.allCases.flatMap { b in
            [Span(String(fill(b, ascii: ascii)), style: style(b)), Span(" \(b.rawValue) ")]
        }
    }

    /// Cells of a stacked bar `width` wide for band counts (High first): proportional, every
    /// non-empty band at least one cell (so three High properties among a thousand still show).
    static func barWidths(_ counts: [Int], width: Int) -> [Int] {
        let total = counts.reduce(0, +)
        guard total > 0, width > 0 else { return counts.map { _ in 0 } }
        var cells = counts.map { c in c == 0 ? 0 : max(1, Int((Double(c) / Double(total) * Double(width)).rounded())) }
        while cells.reduce(0, +) > width, let i = cells.indices.filter({ cells[$0] > 1 }).max(by: { cells[$0] < cells[$1] }) { cells[i] -= 1 }
        // Fewer non-empty bands than there is room for one cell each: drop the smallest bands' cells from the right.
        while cells.reduce(0, +) > width, let i = cells.indices.last(where: { cells[$0] > 0 }) { cells[i] -= 1 }
        return cells
    }

    /// The bar as text (what monochrome and the tests see).
    static func barText(_ counts: [Int], width: Int, ascii: Bool) -> String {
        zip(RiskBand.allCases, barWidths(counts, width: width)).map { String(repeating: fill($0, ascii: ascii), count: $1) }.joined()
    }

    /// Draws a stacked bar in `rect` (one row), each band in its colour; `style` overrides the
    /// colours (the selected row keeps the selection's look).
    static func drawBar(into canvas: inout Canvas, rect: Rect, counts: [Int], style override: Style? = nil) {
        guard rect.width > 0, rect.height > 0 else { return }
        let ascii = canvas.symbols.isASCII
        var x = rect.x
        for (band, w) in zip(RiskBand.allCases, barWidths(counts, width: rect.width)) where w > 0 {
            canvas.draw(String(repeating: fill(band, ascii: ascii), count: w), at: Point(x: x, y: rect.y), style: override ?? style(band), maxWidth: w)
            x += w
        }
    }

    /// "AUC 0.93 · top 100: 30% known HMOs (5.2× random) · top 500: 12% (2.1×) · model v3, 02/11/2026".
    static func accuracy(_ m: RiskModelSummary) -> String {
        func pct(_ v: Double?) -> String { v.map { "\(Int(($0 * 100).rounded()))%" } ?? "—" }
        func num(_ v: Double?, _ d: Int) -> String { v.map { String(format: "%.\(d)f", $0) } ?? "—" }
        return "AUC \(num(m.auc, 2)) · top 100: \(pct(m.precisionTop100)) known HMOs (\(num(m.liftTop100, 1))× random) · "
            + "top 500: \(pct(m.precisionTop500)) (\(num(m.liftTop500, 1))×) · model v\(m.version), \(Format.date(m.createdAt))"
    }

    /// Text for a plain-ASCII terminal: typographic marks as ASCII, "×" as "x" (unchanged otherwise).
    static func text(_ s: String, _ symbols: Symbols) -> String {
        guard symbols.isASCII else { return s }
        return Glyphs(symbols).ascii(s).replacingOccurrences(of: "×", with: "x")
    }

    static func spans(_ spans: [Span], _ symbols: Symbols) -> [Span] {
        guard symbols.isASCII else { return spans }
        return spans.map { Span(text($0.text, symbols), style: $0.style) }
    }

    /// Tenure as officers say it ("private rented"), "unknown" when not known.
    static func tenure(_ t: String?) -> String { t.map(Format.tenure) ?? "unknown" }
}
