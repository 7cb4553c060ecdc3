/// A key a person pressed.
///
/// Printable characters (including non-ASCII ones such as "ğ" or "李") arrive as ``char(_:)``;
/// Ctrl with a letter as ``ctrl(_:)`` with the lowercase letter; Alt (or Esc then a key) as ``alt(_:)``.
public enum KeyEvent: Hashable, Sendable, CustomStringConvertible {
    /// A printable character.
    case char(Character)
    /// Ctrl with a letter, given in lowercase: Ctrl-A is `.ctrl("a")`.
    case ctrl(Character)
    /// Alt (Meta) with a character.
    case alt(Character)
    case enter, escape, backspace, delete, insert, tab, backTab
    case up, down, left, right, home, end, pageUp, pageDown
    /// Ctrl with Left or Right: move by word in text.
    case ctrlLeft, ctrlRight
    /// A function key, F1 to F12 (or higher where the terminal has them).
    case function(Int)

    public var description: String {
        switch self {
        case .char(let c): return c == " " ? "Space" : String(c)
        case .ctrl(let c): return "Ctrl-\(c.uppercased())"
        case .alt(let c): return "Alt-\(c)"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .backspace: return "Backspace"
        case .delete: return "Delete"
        case .insert: return "Insert"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .ctrlLeft: return "Ctrl-←"
        case .ctrlRight: return "Ctrl-→"
        case .function(let n): return "F\(n)"
        }
    }
}

/// A mouse button.
public enum MouseButton: Hashable, Sendable {
    case left, middle, right
}

/// What the mouse did.
public enum MouseAction: Hashable, Sendable {
    case press(MouseButton)
    case release(MouseButton)
    case wheelUp
    case wheelDown
}

/// A mouse event at a cell position on the screen.
public struct MouseEvent: Hashable, Sendable {
    /// What happened.
    public var action: MouseAction
    /// Where, in screen cells from the top left.
    public var position: Point

    /// A mouse event: `action` at the cell `position`.
    public init(_ action: MouseAction, at position: Point) {
        self.action = action
        self.position = position
    }
}

/// Something that came from the terminal: a key, the mouse, pasted text, or a new size.
public enum InputEvent: Hashable, Sendable {
    case key(KeyEvent)
    case mouse(MouseEvent)
    /// Text pasted in one go (bracketed paste); not yet sanitised.
    case paste(String)
    /// The terminal is now this size.
    case resize(Size)
}

extension KeyEvent {
    /// The keys for typing `text`, one ``char(_:)`` per grapheme (newlines become ``enter``).
    public static func typing(_ text: String) -> [KeyEvent] {
        text.map { $0 == "\n" ? .enter : .char($0) }
    }
}
