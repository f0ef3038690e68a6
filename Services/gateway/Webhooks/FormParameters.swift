/// The fields of an `application/x-www-form-urlencoded` body, decoded and in the order sent. Names may
/// repeat (Twilio's `MediaUrl` style), so this keeps every pair rather than a dictionary.
package struct FormParameters: Sendable, Equatable {
    /// One decoded `name=value` pair.
    package struct Field: Sendable, Equatable {
        /// The decoded field name.
        package var name: String
        /// The decoded field value (empty for `name=` or a bare `name`).
        package var value: String

        /// A field from already-decoded text.
        package init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Every field, in body order.
    package var fields: [Field]

    /// Parameters from already-decoded fields.
    package init(_ fields: [Field]) {
        self.fields = fields
    }

    /// The first value sent for `name`, or nil if the body has no such field.
    package subscript(_ name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// The first value for `name` if it is present and not empty.
    package func nonEmpty(_ name: String) -> String? {
        guard let value = self[name], !value.isEmpty else { return nil }
        return value
    }
}
