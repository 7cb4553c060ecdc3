import Testing
@Test func WardenUIPlaceholder() { #expect(Bool(true)) }
