import Testing
@Test func EndToEndPlaceholder() { #expect(Bool(true)) }
