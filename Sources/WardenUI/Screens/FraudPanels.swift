import Foundation
import TerminalKit
import WardenCore

// What the counter-fraud screens share: money and status wording, a small modal box for
// prompts and results, where a row leads, the palette commands and the home tile.

extension Format {
    /// Whole pounds with thousands separators: "£12,000".
    public static func pounds(_ v: Double) -> String {
        // (saturating: a stored figure past what an Int holds must still print, not trap)
        let n = v.isFinite ? Int(max(-9e15, min(9e15, v)).rounded()) : 0
        return (n < 0 ? "-" : "") + "£" + count(abs(n))
    }

    /// Pounds and pence: "£1,312.50".
    public static func poundsPence(_ v: Double) -> String {
        let pence = v.isFinite ? Int((min(9e15, abs(v)) * 100).rounded()) : 0
        let p = pence % 100
        return (v < 0 ? "-" : "") + "£" + count(pence / 100) + "." + (p < 10 ? "0" : "") + String(p)
    }

    /// A case's status as officers say it.
    static func status(_ s: FraudCaseStatus) -> String {
        switch s {
        case .new: return "New"
        case .triage: return "Triage"
        case .investigation: return "Investigation"
        case .closed: return "Closed"
        }
    }

    /// The status column of a queue: short enough for 80 columns.
    static func shortStatus(_ s: FraudCaseStatus) -> String {
        s == .investigation ? "Investig." : status(s)
    }

    /// An ISO timestamp as "22/09/2026 11:30" (UTC, as stored).
    static func when(_ iso: String) -> String {
        let time = iso.count >= 16 ? " " + String(iso.dropFirst(11).prefix(5)) : ""
        return date(iso) + time
    }
}

/// Where a counter-fraud row leads (a ``Destination`` case, so home tiles can lead there too).
public enum FraudPlace: Sendable, Hashable {
    /// A queue: "all", "mine", or a case type.
    case queue(String)
    case `case`(Int64)
    case savings

    func screen() -> any DashboardScreen {
        switch self {
        case .queue(let q): return CasesScreen(queue: CasesScreen.Queue(argument: q) ?? .all)
        case .case(let id): return CaseScreen(id: id)
        case .savings: return SavingsScreen()
        }
    }
}

extension PaletteCommand {
    /// The counter-fraud commands: one case, queues, the savings panel ("case" first, so typing it does not pick "cases").
    public static let fraud: [PaletteCommand] = [
        PaletteCommand("case", argument: "ID", summary: "Open a counter-fraud case by number") { arg, context in
            guard let id = Int64(arg.filter { !$0.isWhitespace }) else { return .error("case needs a case number, e.g. case 102") }
            if let r = context.data.screenRefusal("case", what: "open counter-fraud cases") { return .error(r) }
            guard context.data.exists(.fraudCase, id) else { return .error("No case \(id): the queues (:cases) list every case.") }
            return .push(CaseScreen(id: id))
        },
        PaletteCommand("cases", argument: "[TYPE|mine]", summary: "Counter-fraud case queues (all, mine, or one case type)", aliases: ["queue", "fraud"]) { arg, _ in
            let a = arg.trimmingCharacters(in: .whitespaces)
            guard let q = CasesScreen.Queue(argument: a.isEmpty ? "all" : a) else {
                return .error("cases takes mine, all or a case type: " + FraudCaseType.known.joined(separator: ", "))
            }
            return .push(CasesScreen(queue: q))
        },
        PaletteCommand("savings", summary: "Counter-fraud savings: identified, in progress, recovered") { _, _ in
            .push(SavingsScreen())
        },
    ]
}

/// The home tile for investigators: their open cases, new cases, value being worked. Left out for
/// roles that may not see counter-fraud cases.
struct CounterFraudTile: HomeTile {
    var id: String { "counter-fraud" }
    var title: String { "Counter-fraud" }
    func load(_ data: DashboardData, today: CalendarDay) throws -> TileContent? {
        guard let f = try data.fraudTile(today: today) else { return nil }
        return TileContent(rows: [
            .init("My open cases", Format.count(f.myOpen) + (f.myOverdue > 0 ? ", \(f.myOverdue) overdue" : ""),
                  role: f.myOverdue > 0 ? .statusWarn : nil, target: .fraud(.queue("mine"))),
            .init("New cases", Format.count(f.newCases), target: .fraud(.queue("all"))),
            .init("In progress", "\(Format.pounds(f.inProgressValue))/yr, \(Format.count(f.inProgress)) case\(f.inProgress == 1 ? "" : "s")",
                  target: .fraud(.savings)),
        ], note: "Enter: open · :cases :case :savings")
    }
}

/// A small modal box over a screen: a title, wrapped lines, an optional text field, an optional
/// list of choices (the chosen one marked ▶ as well as highlighted), and a line of keys.
struct FraudBox {
    var title: String
    var lines: [String] = []
    var input: TextInput?
    var choices: [String] = []
    var selected = 0
    var hint: String
    /// A style for the lines (a conflict reads as a warning).
    var lineStyle: Style = Style(.dialog)

    func frame(in area: Rect) -> Rect {
        let widest = max((lines + choices.map { "  " + $0 } + [hint, title + "    "]).map { DisplayWidth.of(Sanitizer.sanitize($0)) }.max() ?? 0, 36)
        let width = min(max(24, widest + 4), area.width >= 24 ? area.width - 2 : area.width, 76)
        let textWidth = max(1, width - 4)
        let wrapped = lines.flatMap { TextLayout.wrap($0, width: textWidth) }.count
        let body = wrapped + (input != nil ? 2 : 0) + (choices.isEmpty ? 0 : choices.count + 1) + 2
        let height = min(body + 2, area.height >= 9 ? area.height - 2 : area.height)
        return area.centered(Size(width: width, height: height))
    }

    func render(into canvas: inout Canvas, area: Rect) {
        let f = frame(in: area)
        guard !f.isEmpty else { return }
        canvas.withClip(f) { canvas in
            let body = Style(.dialog)
            canvas.fill(f, style: body)
            let inner = canvas.drawBox(f, title: title, style: body, titleStyle: Style(.dialogTitle), border: .dialog)
            let text = inner.inset(left: 1, right: 1)
            guard text.height > 0 else { return }
            var y = text.y + 1
            let bottom = text.maxY - 1 // the hint's row
            for line in lines.flatMap({ TextLayout.wrap($0, width: max(1, text.width)) }) where y < bottom {
                canvas.draw(line, in: Rect(x: text.x, y: y, width: text.width, height: 1), style: lineStyle)
                y += 1
            }
            if let input, y < bottom {
                input.render(into: &canvas, area: Rect(x: text.x, y: y, width: text.width, height: 1), isFocused: true)
                y += 2
            }
            if !choices.isEmpty {
                if !lines.isEmpty { y += 1 }
                for (i, c) in choices.enumerated() where y < bottom {
                    let chosen = i == selected
                    let style = Style(chosen ? .buttonFocus : .dialog)
                    canvas.fill(Rect(x: text.x, y: y, width: text.width, height: 1), style: style)
                    canvas.draw((chosen ? canvas.symbols.selectionMarker : " ") + " " + c, in: Rect(x: text.x, y: y, width: text.width, height: 1), style: style)
                    y += 1
                }
            }
            canvas.draw(hint, in: Rect(x: text.x, y: text.maxY - 1, width: text.width, height: 1), style: Style(.dim))
        }
    }
}

/// Per-case results of claiming or assigning several cases at once.
struct FraudResults: Sendable {
    var title: String
    var results: [FraudChangeResult]

    var summary: String {
        let ok = results.filter(\.ok).count
        let refused = results.count - ok
        return "\(ok) of \(results.count) done" + (refused > 0 ? ", \(refused) refused" : "")
    }

    var box: FraudBox {
        FraudBox(title: title, lines: results.map(\.message) + [summary],
                 hint: "Enter or Esc: close")
    }
}
