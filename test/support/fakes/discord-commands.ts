import type { ServerResponse } from 'node:http';
import { json, type RecordedRequest } from './discord-model.js';

// The fake Discord's application commands: bulk overwrite (PUT) and list (GET), global or per guild.

/** Answers a `/applications/...` request; false when it is not this route. */
export function commandRoute(
  r: RecordedRequest,
  res: ServerResponse,
  applicationId: string,
  commands: Map<string, any[]>,
  nextId: () => string,
): boolean {
  let m: RegExpExecArray | null;
  if ((r.method === 'PUT' || r.method === 'GET') && (m = /^\/applications\/([^/]+)(?:\/guilds\/([^/]+))?\/commands$/.exec(r.path))) {
    if (m[1] !== applicationId) return (json(res, 404, { message: 'Unknown Application', code: 10002 }), true);
    if (r.method === 'GET') return (json(res, 200, commands.get(m[2] ?? 'global') ?? []), true);
    if (!Array.isArray(r.body)) return (json(res, 400, { message: 'Invalid Form Body', code: 50035 }), true);
    const names = (r.body as any[]).map((c) => `${c.type ?? 1}:${c.name}`);
    if (new Set(names).size < names.length)
      return (json(res, 400, { message: 'Invalid Form Body', code: 50035, errors: ['duplicate command name'] }), true);
    // As Discord's bulk overwrite: a command already there (same type and name) keeps its id; a new one gets one.
    const before = commands.get(m[2] ?? 'global') ?? [];
    const stored = (r.body as any[]).map((command) => ({
      id: command.id ?? before.find((c) => c.name === command.name && (c.type ?? 1) === (command.type ?? 1))?.id ?? nextId(),
      application_id: applicationId,
      version: '1',
      default_member_permissions: null,
      ...(m![2] ? { guild_id: m![2] } : {}),
      ...command,
    }));
    commands.set(m[2] ?? 'global', stored);
    return (json(res, 200, stored), true);
  }

  return false;
}
