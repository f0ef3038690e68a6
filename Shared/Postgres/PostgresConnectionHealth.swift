import CLibPQ

/// What a connection's last call left behind: whether it is still usable and its transaction state.
struct PostgresConnectionHealth: Sendable, Equatable {
    enum Transaction: Sendable, Equatable {
        case idle, inTransaction, failedTransaction, active, unknown

        init(_ status: PGTransactionStatusType) {
            switch status {
            case PQTRANS_IDLE: self = .idle
            case PQTRANS_INTRANS: self = .inTransaction
            case PQTRANS_INERROR: self = .failedTransaction
            case PQTRANS_ACTIVE: self = .active
            default: self = .unknown
            }
        }
    }

    var isUsable: Bool
    var transaction: Transaction
    var backendPID: Int32

    static let closed = PostgresConnectionHealth(isUsable: false, transaction: .unknown, backendPID: 0)
}
