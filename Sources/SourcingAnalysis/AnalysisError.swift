/// Errors in an analysis request: a path, a value list, a period or a shard that cannot be used.
///
/// The descriptions name no command-line option: the CLI and the server say which of their
/// flags or parameters was wrong (each case carries what they need to).
public enum AnalysisError: Error, Sendable, Equatable, CustomStringConvertible {
    case badPath(String, String)
    case badValues(String, String)
    case badShard(String)
    case badRequest(String)
    /// A period label the scenario does not have; `known` lists its periods in order.
    case unknownPeriod(String, known: [String])
    /// A disruption asked to last fewer than one period.
    case durationTooShort(Int)
    /// A disruption of `length` periods from period `from` that runs past the horizon's `last`
    /// period; at most `atMost` periods fit.
    case durationPastHorizon(length: Int, from: String, last: String, atMost: Int)
    /// A sweep without any parameter to vary.
    case noParameters
    /// A parameter specification with nothing in it (not even `PATH=`).
    case emptySpecification
    /// A tornado move that is not a share strictly between 0 and 1.
    case shareOutOfRange(Double)
    /// A required domestic share outside 0…1.
    case domesticShareOutOfRange(Double)

    public var description: String {
        switch self {
        case .badPath(let path, let why): "\(path): \(why)"
        case .badValues(let text, let why): text.isEmpty ? "an empty value list: \(why)" : "\(text): \(why)"
        case .badShard(let why): "shard: \(why)"
        case .badRequest(let why): why
        case .unknownPeriod(let label, let known):
            "unknown period \"\(label)\"; periods are \(known.joined(separator: ", "))"
        case .durationTooShort(let length): "a disruption lasts at least 1 period, got \(length)"
        case .durationPastHorizon(let length, let from, let last, let left):
            "\(length) periods from \(from) run past the last period \(last); at most \(left)"
        case .noParameters: "give at least one parameter to vary (PATH=VALUES)"
        case .emptySpecification: "the parameter is empty: give PATH=VALUES, e.g. policy.budget=800,900"
        case .shareOutOfRange(let share): "the share must be between 0% and 100%, exclusive, got \(share)"
        case .domesticShareOutOfRange(let share): "domestic shares are values from 0 to 1, got \(share)"
        }
    }
}
