import Testing
@Test func WardenLinkagePlaceholder() { #expect(Bool(true)) }
