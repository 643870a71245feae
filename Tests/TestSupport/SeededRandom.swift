// The one seeded random source of the tests: the generator's SplitMix64 (SourcingScenario), a
// `RandomNumberGenerator`, so a failing seed replays the same on every machine.
@_exported import struct SourcingScenario.SplitMix64
