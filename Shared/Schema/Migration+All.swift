extension Migration {
    /// The project's migrations in version order; each lives in `Migrations/NNNN_name.swift`.
    /// Never edit one that has shipped: add a new version instead (the checksum check refuses edits).
    package static let all: [Migration] = [
        .foundation,
        .messaging,
        .sendClaims,
        .workers,
        .whatsAppSessions,
        .whatsAppMessages,
        .sendLeases,
        .eventOutbox,
        .requestFingerprints,
        .sessionOwnerGenerations,
        .deadLetterViews,
        .blockedContacts,
        .conversations,
        .voiceCampaigns,
        .lobstrAds,
        .templatesAndHunts,
        .leads,
        .huntOutreach,
        .customerWebhooks,
    ]
}
