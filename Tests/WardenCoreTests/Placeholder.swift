import Testing
@Test func WardenCorePlaceholder() { #expect(Bool(true)) }
