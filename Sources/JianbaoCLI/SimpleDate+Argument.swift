import ArgumentParser
import JianbaoModel

/// `--date 2024-01-12` on any command, checked once by the argument parser, which names the option
/// and the value it refused.
extension SimpleDate: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(iso: argument)
    }
}
