/** The languages the service words notifications and sheets in: French first, then Dutch (DOMAIN.md). */
export const LANGUAGES = ['fr-BE', 'nl-BE'] as const;

/** A supported language. */
export type Language = (typeof LANGUAGES)[number];

/** What a reader gets when they chose nothing. */
export const DEFAULT_LANGUAGE: Language = 'fr-BE';
