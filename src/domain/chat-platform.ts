/** The chat platforms Tocsin speaks: the one list the policy file, the catalog and the adapters read. */
export const CHAT_PLATFORMS = ['slack', 'teams'] as const;

export type ChatPlatform = (typeof CHAT_PLATFORMS)[number];
