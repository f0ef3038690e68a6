extension SMSEncoding {
    /// Septets the GSM-7 alphabet needs for `scalar`: 1 for the basic table, 2 for the extension table
    /// (escape + character), `nil` when GSM-7 cannot carry it and the message must go as UCS-2.
    package static func gsm7Septets(for scalar: Unicode.Scalar) -> Int? {
        if gsm7Basic.contains(scalar) { return 1 }
        if gsm7Extension.contains(scalar) { return 2 }
        return nil
    }

    // GSM 03.38 default alphabet, as Twilio's calculator maps it (PROVIDERS §6.1). The escape code itself
    // (0x1B) is not a character a message can contain, so it is absent.
    private static let gsm7Basic: Set<Unicode.Scalar> = Set(
        ("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
            .unicodeScalars
    )

    private static let gsm7Extension: Set<Unicode.Scalar> = Set("\u{0C}^{}\\[~]|€".unicodeScalars)
}
