import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startSlackHarness, type SlackHarness, type SlackHarnessOptions } from './fakes/slack-harness.js';
import { blockActionsBody, postToSlackApp, slashCommandBody, TEST_SIGNING_SECRET } from './fakes/slack-requests.js';
import { buttonsOf, type Message } from './slack-check.js';

// Driving the Slack app through its HTTP endpoint, as Slack does.

export interface Reply extends Message {
  response_type?: string;
  replace_original?: boolean;
  delete_original?: boolean;
}

/** Sends a slash command and returns the acknowledgement (the private answer). */
export async function command(harness: SlackHarness, text: string, fields: { userId?: string } = {}): Promise<Reply> {
  const response = await postToSlackApp(harness.eventsUrl, slashCommandBody({ text, ...fields }), TEST_SIGNING_SECRET);
  expect(response.status).toBe(200);
  return (await response.json()) as Reply;
}

/** Clicks a button of `message` and returns what the app posted to the (fake) response_url. */
export async function click(harness: SlackHarness, message: Message, actionId: string, expected = 1, user = 'asker'): Promise<Reply[]> {
  const button = buttonsOf(message).get(actionId);
  if (!button) throw new Error(`no ${actionId} button in ${[...buttonsOf(message).keys()].join(', ')}`);
  const id = `${actionId}-${Math.random().toString(36).slice(2)}`;
  const body = blockActionsBody({ actionId, value: button.value, responseUrl: harness.fake.responseUrl(id), userName: user });
  const response = await postToSlackApp(harness.eventsUrl, body, TEST_SIGNING_SECRET);
  expect(response.status).toBe(200);
  const posted = await harness.fake.waitForResponses(id, expected);
  return posted.map((p) => p.body as Reply);
}

/**
 * Starts a harness before the tests of the enclosing `describe`, resets it after each test and
 * closes it after all; what it returns stands for the harness once started.
 */
export function useSlackHarness(options: SlackHarnessOptions, reset: (harness: SlackHarness) => void = () => {}): SlackHarness {
  let harness: SlackHarness | undefined;
  beforeAll(async () => {
    harness = await startSlackHarness(options);
  });
  afterEach(() => {
    if (harness) reset(harness);
  });
  afterAll(async () => {
    await harness?.close();
  });
  return new Proxy({} as SlackHarness, { get: (_, key) => harness![key as keyof SlackHarness] });
}
