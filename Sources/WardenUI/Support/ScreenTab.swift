import TerminalKit

/// A screen's tabs, in order: Tab and Shift-Tab cycle through them, a digit jumps to one.
protocol ScreenTab: RawRepresentable, CaseIterable where RawValue == Int {}

extension ScreenTab {
    /// The tab after this one (the first after the last).
    var next: Self { Self(rawValue: (rawValue + 1) % Self.allCases.count)! }
    /// The tab before this one (the last before the first).
    var previous: Self { Self(rawValue: (rawValue + Self.allCases.count - 1) % Self.allCases.count)! }
    /// The tab a digit key names (1 is the first); this one for any other key.
    func jumped(to key: Character) -> Self { Int(String(key)).flatMap { Self(rawValue: $0 - 1) } ?? self }

    /// The tab a tab command leads to ("nextTab", "previousTab", "jumpTab" with a digit), or
    /// nil when the command is not one of them.
    func following(_ command: String, _ key: KeyEvent) -> Self? {
        switch command {
        case "nextTab": return next
        case "previousTab": return previous
        case "jumpTab": if case .char(let c) = key { return jumped(to: c) } else { return self }
        default: return nil
        }
    }
}
