import TerminalKit
import WardenCore

/// A map of a ward drawn in the terminal: each dwelling at its grid coordinates, north up, with
/// true proportions (a braille cell is 2×4 dots, each about square).
///
/// A cell holding a High, Moderate or Some dwelling shows that band's symbol (● ◆ ▲) in its
/// colour, so the risk reads in monochrome too; cells holding only Low dwellings show their
/// exact positions as braille dots. The selected property is marked ◎ (@ in ASCII).
struct WardMapView {
    var map: WardMap?
    var ward: String
    var selected: Int64?

    /// One terminal cell of the map: the braille dots set, and the highest band in it.
    struct MapCell: Equatable {
        var dots: UInt8 = 0
        var band: RiskBand?
        var selected = false
    }

    /// Braille dot bits by (column 0–1, row 0–3) within a cell.
    static let dotBits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    /// The cells of a map `width` × `height` terminal cells, row by row.
    static func cells(_ map: WardMap, width: Int, height: Int, selected: Int64?) -> [[MapCell]] {
        var grid = Array(repeating: Array(repeating: MapCell(), count: max(0, width)), count: max(0, height))
        guard width > 0, height > 0, let minE = map.minEasting, let maxE = map.maxEasting,
              let minN = map.minNorthing, let maxN = map.maxNorthing else { return grid }
        let dotsWide = Double(width * 2 - 1), dotsHigh = Double(height * 4 - 1)
        let spanE = max(maxE - minE, 1), spanN = max(maxN - minN, 1)
        let scale = min(dotsWide / spanE, dotsHigh / spanN)
        // Centre the ward in the box.
        let padX = (dotsWide - spanE * scale) / 2, padY = (dotsHigh - spanN * scale) / 2
        for p in map.points {
            let dx = Int(((p.easting - minE) * scale + padX).rounded()), dy = Int(((maxN - p.northing) * scale + padY).rounded())
            let cx = min(width - 1, max(0, dx / 2)), cy = min(height - 1, max(0, dy / 4))
            var c = grid[cy][cx]
            c.dots |= dotBits[min(1, max(0, dx - cx * 2))][min(3, max(0, dy - cy * 4))]
            c.band = c.band.map { min($0, p.band) } ?? p.band
            if p.uprn == selected { c.selected = true }
            grid[cy][cx] = c
        }
        return grid
    }

    func render(into canvas: inout Canvas, area: Rect) {
        guard area.width >= 4, area.height >= 3 else { return }
        let ascii = canvas.symbols.isASCII
        let count = map?.points.count ?? 0
        let of = map.map { $0.dwellingsDrawable > count ? "\(Format.count(count)) of \(Format.count($0.dwellingsDrawable))" : Format.count(count) } ?? ""
        let title = map == nil ? "Map" : "Map of \(ward): \(of) dwellings, north \(ascii ? "up" : "↑")"
        let box = Rect(x: area.x, y: area.y, width: area.width, height: area.height - 1)
        let inner = canvas.drawBox(box, title: RiskLook.text(title, canvas.symbols))
        guard let map else {
            canvas.draw(" Reading the map…", in: inner.row(0), style: Style(.dim))
            return
        }
        if map.points.isEmpty {
            canvas.draw(map.dwellingsDrawable > 0 ? " No dwelling on the map matches the filter" : " No dwelling in \(ward) has coordinates to draw",
                        in: inner.row(0), style: Style(.dim))
        } else {
            let grid = Self.cells(map, width: inner.width, height: inner.height, selected: selected)
            for (y, row) in grid.enumerated() {
                for (x, c) in row.enumerated() {
                    guard let band = c.band else { continue }
                    let at = Point(x: inner.x + x, y: inner.y + y)
                    if c.selected {
                        canvas.draw(ascii ? "@" : "◎", at: at, style: Style(.selection), maxWidth: 1)
                    } else if band != .low {
                        canvas.draw(RiskLook.symbol(band, ascii: ascii), at: at, style: RiskLook.style(band), maxWidth: 1)
                    } else {
                        let dot = ascii ? "." : String(UnicodeScalar(0x2800 + UInt32(c.dots))!)
                        canvas.draw(dot, at: at, style: RiskLook.style(.low), maxWidth: 1)
                    }
                }
            }
        }
        // Legend under the box.
        var spans: [Span] = [Span(" ")]
        for b in RiskBand.allCases {
            let s = b == .low ? (ascii ? "." : "⠿") : RiskLook.symbol(b, ascii: ascii)
            spans.append(Span(s, style: RiskLook.style(b)))
            spans.append(Span(" \(b.rawValue)  "))
        }
        spans.append(Span(ascii ? "@" : "◎", style: Style(.selection)))
        spans.append(Span(" selected"))
        canvas.draw(spans, at: Point(x: area.x, y: area.maxY - 1), maxWidth: area.width)
    }
}
