import Testing
@Test func WardenSynthPlaceholder() { #expect(Bool(true)) }
