/** What the Discord adapter is started with (the shell's configuration has this shape). */
export interface DiscordOptions {
  /** The slash command's name. */
  command: string;
  discord: {
    token?: string;
    applicationId?: string;
    publicKey?: string;
    guildId?: string;
    /** The REST base, `https://discord.com/api` unless a test or proxy says otherwise. */
    apiUrl: string;
    shards?: number | 'auto';
  };
}
