/// A JSON value that providers type loosely (SMSMobileAPI's `error` is a number or a string, `sent` a
/// string), read as text. `null` and objects read as `nil`.
struct ProviderCode: Decodable, Hashable {
    let text: String?

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            text = nil
        } else if let string = try? container.decode(String.self) {
            text = string
        } else if let integer = try? container.decode(Int.self) {
            text = String(integer)
        } else if let boolean = try? container.decode(Bool.self) {
            text = boolean ? "1" : "0"
        } else if let number = try? container.decode(Double.self) {
            text = String(number)
        } else {
            text = nil
        }
    }
}
