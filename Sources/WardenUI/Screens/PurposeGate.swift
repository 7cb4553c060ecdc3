import TerminalKit

/// The purpose check a screen showing personal data runs before it loads: ask once for the
/// purpose of the piece of work (`PurposeScreen`), then, when the prompt closes, go on only if
/// one was given. Shared by the person view, a case and the case queue.
struct PurposeGate {
    /// The prompt is open (or was, and the screen has not yet seen it close).
    private(set) var awaiting = false

    /// The effect that asks for a purpose, or nil when the officer already gave one (or is not
    /// a user the policy asks: the access log then records the account alone).
    /// Asks for the purpose when none is set yet and the officer's role may open `screen` at
    /// all (a role that may not is refused by the load, without being asked why first).
    mutating func ask(_ context: ScreenContext, screen: String) -> ScreenEffect? {
        guard Self.needed(context), context.data.access.canUse(screen: screen) else { return nil }
        awaiting = true
        return .push(PurposeScreen())
    }

    /// Whether the officer has yet to state the purpose of their piece of work.
    static func needed(_ context: ScreenContext) -> Bool { context.data.access.purpose == nil && context.data.access.isUser }

    /// After the prompt closed: nil when a purpose was given (load now), else what to tell the
    /// officer, e.g. `needed(to: "open a case")`.
    mutating func answered(_ context: ScreenContext, needed what: String) -> String? {
        awaiting = false
        guard context.data.access.purpose == nil else { return nil }
        return "A purpose is needed to \(what) (the access log records it). Press r to choose one."
    }
}
