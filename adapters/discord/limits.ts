/**
 * Discord's limits and the API numbers redline's payloads use, in one place.
 * The numbers are typed against discord.js's API types where they are used; they are spelled out
 * here so that rendering, registering and the HTTP endpoint do not load discord.js (slow to import).
 */

/** Message `content`. */
export const CONTENT_MAX = 2000;
/** One embed's `title`. */
export const EMBED_TITLE_MAX = 256;
/** One embed's `description`. */
export const EMBED_DESCRIPTION_MAX = 4096;
/** One embed's `footer.text`. */
export const EMBED_FOOTER_MAX = 2048;
/** One embed's `author.name`. */
export const EMBED_AUTHOR_MAX = 256;
/** Title, description, footer, author and fields of all the embeds of one message together. */
export const EMBEDS_TOTAL_MAX = 6000;
/** Embeds in one message. */
export const EMBEDS_PER_MESSAGE = 10;
/** A component's `custom_id`. */
export const CUSTOM_ID_MAX = 100;
/** A button's `label`. */
export const BUTTON_LABEL_MAX = 80;
/** Buttons in one action row, and action rows in one message. */
export const BUTTONS_PER_ROW = 5;
export const ROWS_PER_MESSAGE = 5;
/** Autocomplete: choices in one answer, and the length of each choice's name and value. */
export const AUTOCOMPLETE_CHOICES_MAX = 25;
export const CHOICE_NAME_MAX = 100;
export const CHOICE_VALUE_MAX = 100;
/** Slash command and option descriptions. */
export const COMMAND_DESCRIPTION_MAX = 100;
/** Static choices of one option. */
export const OPTION_CHOICES_MAX = 25;
/** The largest interaction body accepted: a component click carries its message (embeds of at most 6,000 characters). */
export const INTERACTION_BODY_LIMIT = 128 * 1024;
/** A user id (a snowflake) in decimal: at most 20 digits; anything else is not mentioned. */
export const SNOWFLAKE = /^\d{1,20}$/;
/** How far a signed request's timestamp may be from our clock (seconds) before it is refused. */
export const SIGNATURE_MAX_SKEW_SECONDS = 5 * 60;

/** `flags` bit that makes a message visible only to the person who asked (MessageFlags.Ephemeral). */
export const EPHEMERAL = 64;

/** Interaction types Discord sends (InteractionType). */
export const InteractionKind = {
  Ping: 1,
  Command: 2,
  Component: 3,
  Autocomplete: 4,
} as const;

/** Interaction callback types redline answers with (InteractionResponseType). */
export const ResponseKind = {
  Pong: 1,
  Message: 4,
  DeferredMessage: 5,
  UpdateMessage: 7,
  AutocompleteResult: 8,
} as const;

/** Where Discord's REST API lives under the configured base (`DISCORD_API_URL`). */
export const API_VERSION = 'v10';
