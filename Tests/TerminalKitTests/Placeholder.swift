import Testing
@Test func TerminalKitPlaceholder() { #expect(Bool(true)) }
