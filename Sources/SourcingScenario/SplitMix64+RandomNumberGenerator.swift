// SplitMix64 as a standard library random source, so `Int.random(in:using:)` and the like draw
// from the same seeded stream (the tests' random scenarios and fixtures use it this way).
extension SplitMix64: RandomNumberGenerator {}
