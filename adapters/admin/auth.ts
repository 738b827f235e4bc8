import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The operator page's session cookie. */
export const SESSION_COOKIE = 'redline_admin';
/** How long a sign-in lasts, seconds. */
const SESSION_SECONDS = 12 * 3600;

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/**
 * Who may see the operator page: a request with `Authorization: Bearer <token>`, or with the
 * session cookie the sign-in form sets. The cookie holds an HMAC of the token, never the token;
 * every comparison is of equal-length digests in constant time.
 */
export class AdminAuth {
  private readonly tokenDigest: Buffer;
  private readonly session: string;
  private readonly sessionDigest: Buffer;

  constructor(token: string) {
    this.tokenDigest = sha256(token);
    this.session = createHmac('sha256', token).update('redline operator session v1').digest('base64url');
    this.sessionDigest = sha256(this.session);
  }

  /** Whether `given` is the token. */
  isToken(given: string): boolean {
    return timingSafeEqual(sha256(given), this.tokenDigest);
  }

  /** Whether the request carries the token (bearer) or a session cookie. */
  allows(req: IncomingMessage): boolean {
    const bearer = /^Bearer (.+)$/i.exec(String(req.headers.authorization ?? '').trim());
    if (bearer && this.isToken(bearer[1]!.trim())) return true;
    const cookie = cookieValue(req, SESSION_COOKIE);
    return cookie !== undefined && timingSafeEqual(sha256(cookie), this.sessionDigest);
  }

  /** The `Set-Cookie` of a sign-in: HttpOnly, SameSite=Strict, Secure when the page is reached over https. */
  signIn(req: IncomingMessage): string {
    return `${SESSION_COOKIE}=${this.session}; Path=/admin; Max-Age=${SESSION_SECONDS}; HttpOnly; SameSite=Strict${secure(req) ? '; Secure' : ''}`;
  }

  /** The `Set-Cookie` of a sign-out. */
  signOut(req: IncomingMessage): string {
    return `${SESSION_COOKIE}=; Path=/admin; Max-Age=0; HttpOnly; SameSite=Strict${secure(req) ? '; Secure' : ''}`;
  }
}

/** Over TLS here, or behind a proxy that says it terminated TLS. */
function secure(req: IncomingMessage): boolean {
  return (
    Boolean((req.socket as { encrypted?: boolean }).encrypted) ||
    String(req.headers['x-forwarded-proto'] ?? '')
      .split(',')[0]!
      .trim() === 'https'
  );
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
