/// Errors in an analysis request: a path, a value list or a shard that cannot be used.
public enum AnalysisError: Error, Sendable, Equatable, CustomStringConvertible {
    case badPath(String, String)
    case badValues(String, String)
    case badShard(String)
    case badRequest(String)

    public var description: String {
        switch self {
        case .badPath(let path, let why): "\(path): \(why)"
        case .badValues(let text, let why): "\(text): \(why)"
        case .badShard(let why): "shard: \(why)"
        case .badRequest(let why): why
        }
    }
}
