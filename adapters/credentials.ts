/** A platform credential an adapter is given: the shell knows which variable each comes from. */
export type Credential = 'slack.botToken' | 'slack.appToken' | 'slack.signingSecret' | 'discord.token' | 'discord.applicationId';

/** A credential that is missing where an adapter needs it, or that its platform refused. */
export class CredentialError extends Error {
  constructor(
    readonly credential: Credential,
    readonly reason: string,
  ) {
    super(`${credential}: ${reason}`);
    this.name = 'CredentialError';
  }
}
