import Domain
import Testing

@Suite struct MessageTemplateTextTests {
    @Test func bothBraceStylesRenderAndOtherWordsAreRefused() throws {
        let template = try MessageTemplateText("Bonjour {vendeur_nom} — {{prix}}, {marque} { } {{ modele }} {")
        #expect(template.used == ["vendeur_nom", "prix", "marque"])
        #expect(
            template.render(["vendeur_nom": "Léa", "prix": "8 500 €"])
                == "Bonjour Léa — 8 500 €,  { } {{ modele }} {")
        #expect(throws: DomainError.unknownPlaceholders(["prenom", "km"])) {
            try MessageTemplateText("{prenom} {{km}} {prenom}")
        }
    }

    @Test func pricesAreFrench() {
        #expect(MessageTemplateText.frenchPrice(12_500) == "12 500 €")
        #expect(MessageTemplateText.frenchPrice(999.6) == "1 000 €")
        #expect(MessageTemplateText.frenchPrice(1_234_567) == "1 234 567 €")
        #expect(MessageTemplateText.frenchPrice(0) == "" && MessageTemplateText.frenchPrice(nil) == "")
    }
}
