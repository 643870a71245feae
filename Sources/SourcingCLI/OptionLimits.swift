import ArgumentParser
import Foundation

/// The limits every numeric option is checked against, in one place, before any work: a value
/// outside them is bad input (exit 2) with a message naming the option, never an overflow
/// further down.
enum OptionLimits {
    /// The largest magnitude a number may have, as in the scenario format.
    static let largestNumber = 1e15
    /// The most threads a command starts (--jobs).
    static let maximumJobs = 4096

    /// The machine's memory in MiB (at least 1).
    static var machineMegabytes: Int {
        let pages = sysconf(Int32(_SC_PHYS_PAGES))
        let size = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, size > 0 else { return Int(Int32.max) }
        let (bytes, overflow) = pages.multipliedReportingOverflow(by: size)
        return overflow ? Int(Int32.max) : max(1, bytes >> 20)
    }

    /// A number of seconds: finite, above 0, at most 1e15.
    static func checkSeconds(_ value: Double, option: String) throws(ValidationError) {
        guard value.isFinite, value > 0, value <= largestNumber else {
            throw ValidationError("\(option) must be a number of seconds above 0 and at most 1e15, got \(value)")
        }
    }

    /// An amount of memory in MiB: from 1 to what the machine has.
    static func checkMegabytes(_ value: Int, option: String) throws(ValidationError) {
        let limit = machineMegabytes
        guard value >= 1, value <= limit else {
            throw ValidationError(
                "\(option) must be a number of MiB from 1 to \(limit) (this machine's memory), got \(value)")
        }
    }

    /// A whole number in `range`.
    static func checkCount(_ value: Int, option: String, in range: ClosedRange<Int>) throws(ValidationError) {
        guard range.contains(value) else {
            throw ValidationError(
                "\(option) must be a whole number from \(range.lowerBound) to \(range.upperBound), got \(value)")
        }
    }
}
