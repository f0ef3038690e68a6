import Cryptography
import Postgres

/// Why a hunt store call failed. Texts name no key, token or number.
package enum HuntStoreError: Error, CustomStringConvertible {
    case database(PostgresError)
    case sealing(CryptographyError)
    case notFound
    case invalidRow(String)

    package var description: String {
        switch self {
        case .database(let error): "database: \(error)"
        case .sealing(let error): "sealing: \(error)"
        case .notFound: "not found"
        case .invalidRow(let reason): "invalid row: \(reason)"
        }
    }

    static func wrapping(_ error: any Error) -> HuntStoreError {
        switch error {
        case let error as HuntStoreError: error
        case let error as PostgresError: .database(error)
        case let error as CryptographyError: .sealing(error)
        default: .database(PostgresError(.cancelled, "interrupted"))
        }
    }
}
