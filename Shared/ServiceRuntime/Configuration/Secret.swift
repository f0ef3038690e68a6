/// A configuration value that must never reach a log, an error or a response: printing it (in any way
/// string interpolation or `dump` would) shows `<redacted>`. Read the value with ``revealed`` where it is
/// used, e.g. to compare a token (in constant time) or to open a connection. Deliberately not `Equatable`:
/// `==` on a token would leak its length and prefix through timing.
package struct Secret: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret value itself.
    package let revealed: String

    package init(_ value: String) {
        self.revealed = value
    }

    package var description: String { "<redacted>" }
    package var debugDescription: String { "<redacted>" }
    // Without this, `dump` and Mirror-based printers would show the stored property.
    package var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
