// Discord's rules for what an app sends, as its documentation states them, so that the fake
// refuses what the real API would: a late interaction callback (10062), a callback type that
// does not fit the interaction, a message over a limit or with repeated custom ids (50035).

/** An interaction must be answered within three seconds of being created. */
export const INTERACTION_DEADLINE_MS = 3000;

/** Callback types (InteractionResponseType) Discord accepts for each interaction type. */
const CALLBACKS_BY_INTERACTION: Record<number, number[]> = {
  1: [1], // PING: PONG
  2: [4, 5, 9], // APPLICATION_COMMAND: message, deferred message, modal
  3: [4, 5, 6, 7, 9], // MESSAGE_COMPONENT: message, deferred, deferred update, update, modal
  4: [8], // APPLICATION_COMMAND_AUTOCOMPLETE: choices
  5: [4, 5, 6, 7], // MODAL_SUBMIT
};

export interface Refusal {
  status: number;
  body: { message: string; code: number; errors?: unknown };
}

const invalidForm = (errors: string[]): Refusal => ({ status: 400, body: { message: 'Invalid Form Body', code: 50035, errors } });

/** Why Discord would refuse this callback, or undefined when it would accept it. */
export function callbackRefusal(
  interaction: { type: number; createdAt: number },
  body: { type?: number; data?: any },
  now: number,
): Refusal | undefined {
  if (now - interaction.createdAt > INTERACTION_DEADLINE_MS) return { status: 404, body: { message: 'Unknown interaction', code: 10062 } };
  const allowed = CALLBACKS_BY_INTERACTION[interaction.type] ?? [];
  if (!allowed.includes(body.type ?? -1))
    return invalidForm([`type: callback type ${body.type} is not valid for interaction type ${interaction.type}`]);
  const problems = body.type === 8 ? choiceViolations(body.data) : [4, 7].includes(body.type!) ? messageViolations(body.data ?? {}) : [];
  return problems.length ? invalidForm(problems) : undefined;
}

/** Every limit a message body breaks (content, embeds, components, custom ids); empty when it is fine. */
export function messageViolations(data: { content?: string; embeds?: any[]; components?: any[] }): string[] {
  const problems: string[] = [];
  if ((data.content ?? '').length > 2000) problems.push('content: over 2000');
  const embeds = data.embeds ?? [];
  if (embeds.length > 10) problems.push('embeds: over 10');
  let total = 0;
  for (const [i, e] of embeds.entries()) {
    const sizes = {
      title: e.title?.length ?? 0,
      description: e.description?.length ?? 0,
      footer: e.footer?.text?.length ?? 0,
      author: e.author?.name?.length ?? 0,
    };
    const limits = { title: 256, description: 4096, footer: 2048, author: 256 };
    for (const key of Object.keys(limits) as Array<keyof typeof limits>)
      if (sizes[key] > limits[key]) problems.push(`embeds.${i}.${key}: over ${limits[key]}`);
    total += sizes.title + sizes.description + sizes.footer + sizes.author;
  }
  if (total > 6000) problems.push('embeds: over 6000 in all');
  const rows = data.components ?? [];
  if (rows.length > 5) problems.push('components: over 5 rows');
  const ids = new Set<string>();
  for (const [r, row] of rows.entries()) {
    const buttons = row.components ?? [];
    if (!buttons.length || buttons.length > 5) problems.push(`components.${r}: ${buttons.length} buttons`);
    for (const [b, button] of buttons.entries()) {
      const where = `components.${r}.components.${b}`;
      if (!button.custom_id || button.custom_id.length > 100) problems.push(`${where}.custom_id: empty or over 100`);
      if (ids.has(button.custom_id)) problems.push(`${where}.custom_id: duplicate`);
      ids.add(button.custom_id);
      if ((button.label ?? '').length > 80) problems.push(`${where}.label: over 80`);
      if (!button.label && !button.emoji) problems.push(`${where}: neither label nor emoji`);
    }
  }
  return problems;
}

function choiceViolations(data: { choices?: Array<{ name: string; value: string }> } | undefined): string[] {
  const choices = data?.choices ?? [];
  const problems = choices.length > 25 ? ['choices: over 25'] : [];
  for (const [i, c] of choices.entries()) {
    if (!c.name || c.name.length > 100) problems.push(`choices.${i}.name: empty or over 100`);
    if (!c.value || String(c.value).length > 100) problems.push(`choices.${i}.value: empty or over 100`);
  }
  return problems;
}
