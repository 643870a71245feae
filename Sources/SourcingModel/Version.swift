/// The tool's version, recorded in every plan.
public enum SourcingVersion {
    public static let string = "0.1.0"
}
