import Domain
import Foundation
import Postgres

/// The placeholder values of one of the account's ads (SEED-APP §2.7): title, French-formatted price, brand,
/// model, model year, city, seller name; missing ones are empty.
package struct AdPlaceholders: Sendable {
    let pool: PostgresPool

    package init(pool: PostgresPool) {
        self.pool = pool
    }

    static func price(_ euros: Double?) -> String { MessageTemplateText.frenchPrice(euros) }

    /// Nil when the account has no ad with this id (ours or LeBonCoin's `annonce_id`).
    package func values(accountID: UUID, ad: String) async throws(HuntStoreError) -> [String: String]? {
        do {
            let rows = try await pool.query(
                """
                select title, price, brand, model, model_year, city, owner_name from ads
                where account_id = $1 and (annonce_id = $2 or id::text = $2) limit 1
                """,
                [accountID, ad])
            guard let row = rows.first else { return nil }
            return [
                "titre_annonce": try row.decode(String.self, "title"),
                "prix": Self.price(try row.decode(Double?.self, "price")),
                "marque": try row.decode(String?.self, "brand") ?? "",
                "modele": try row.decode(String?.self, "model") ?? "",
                "annee": try row.decode(Int?.self, "model_year").map(String.init) ?? "",
                "ville": try row.decode(String?.self, "city") ?? "",
                "vendeur_nom": try row.decode(String?.self, "owner_name") ?? "",
            ]
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }
}
