import TerminalKit
import WardenCore

/// Asks why the officer is opening a record: one of the access policy's purposes, with an
/// optional case reference. The answer is remembered for the piece of work (the session, until
/// changed with `:purpose`) and recorded with every access.
public struct PurposeScreen: DashboardScreen {
    var list = ListState()
    var caseReference = TextInput(placeholder: "case reference (optional)")
    var editingCase = false
    var purposes: [String] = []
    var area = Rect.zero

    public init() {}

    public var title: String { "Purpose" }
    public var capturesText: Bool { editingCase }

    public var bindings: [KeyBinding] {
        [KeyBinding.move,
         KeyBinding([.enter], "Enter", "Use this purpose", command: "choose"),
         KeyBinding([.tab], "Tab", editingCase ? "Back to the purposes" : "Add a case reference", command: "toggle")]
    }

    public var statusMessage: String { purposes.isEmpty ? "" : "\(list.selected + 1) of \(purposes.count)" }

    public mutating func start(_ context: ScreenContext) -> ScreenEffect {
        purposes = context.data.access.policy.purposes
        if let current = context.data.access.purpose, let i = purposes.firstIndex(of: current) {
            list.selected = i
        } else if let i = Self.usual(for: context.data.access.role?.name, in: purposes) {
            list.selected = i
        }
        return .none
    }

    /// The purpose a role's work usually has, offered first: a fraud investigator is not asked
    /// with "Housing need" under the cursor. Found by words of the policy's own wording.
    static func usual(for role: String?, in purposes: [String]) -> Int? {
        let words: [String]
        switch role {
        case "fraud_investigator": words = ["fraud"]
        case "enforcement_officer": words = ["enforcement", "licensing", "hmo"]
        case "dpo": words = ["data protection"]
        case "analyst": words = ["data quality", "linkage"]
        default: return nil
        }
        return purposes.firstIndex { p in words.contains { p.lowercased().contains($0) } }
    }

    public mutating func handle(_ event: ScreenEvent, _ context: ScreenContext) -> ScreenEffect {
        switch event {
        case .layout(let r):
            area = r
            return .none
        case .command("move", let key):
            guard !editingCase else { return .ignored }
            _ = list.handle(key, count: purposes.count, visibleRows: max(1, area.height - 6))
            return .none
        case .command("toggle", _):
            editingCase.toggle()
            return .none
        case .command("choose", _):
            guard list.selected < purposes.count else { return .none }
            do {
                try context.data.access.setPurpose(purposes[list.selected], caseReference: caseReference.text)
            } catch {
                return .status(String(describing: error), .error)
            }
            return ScreenEffect([.status("Purpose: \(purposes[list.selected])", .success), .pop])
        case .key(let key) where editingCase:
            _ = caseReference.handle(key)
            return .none
        case .paste(let text) where editingCase:
            caseReference.insert(text)
            return .none
        default:
            return .ignored
        }
    }

    public func render(into canvas: inout Canvas, area: Rect, context: ScreenContext) {
        guard !area.isEmpty else { return }
        canvas.fill(area)
        let intro = "Why are you opening this record? The access log records your purpose with every view."
        canvas.draw(intro, in: Rect(x: area.x + 1, y: area.y, width: area.width - 2, height: 1), style: .text)
        let listArea = Rect(x: area.x + 1, y: area.y + 2, width: area.width - 2, height: max(0, area.height - 5))
        ListView(items: purposes.map { ListItem($0) }, isFocused: !editingCase).render(into: &canvas, area: listArea, state: list)
        let caseRow = Rect(x: area.x + 1, y: area.maxY - 2, width: area.width - 2, height: 1)
        canvas.draw("Case reference: ", in: caseRow, style: Style(.label))
        let field = Rect(x: caseRow.x + 16, y: caseRow.y, width: max(0, caseRow.width - 16), height: 1)
        caseReference.render(into: &canvas, area: field, isFocused: editingCase)
    }
}
