import type { ResolvedConfig } from './config.js';
import { HttpError } from './http.js';

/**
 * Compares in time that depends only on the length of the secret we hold, so response
 * timing does not reveal how many leading characters of a guessed token were right.
 */
export function safeEqual(given: string, secret: string): boolean {
  let diff = given.length ^ secret.length;
  for (let i = 0; i < secret.length; i++) diff |= secret.charCodeAt(i) ^ (given.charCodeAt(i % (given.length || 1)) || 0);
  return diff === 0;
}

/** Finds the one entry whose secret matches, checking every entry so the scan time says nothing. */
function findBySecret<T>(list: readonly T[], secretOf: (t: T) => string, given: string): T | undefined {
  let found: T | undefined;
  for (const t of list) if (safeEqual(given, secretOf(t)) && !found) found = t;
  return found;
}

function bearer(req: Request, what: string): string {
  const header = req.headers.get('authorization');
  if (!header) throw new HttpError(401, `Authorization: missing; send "Authorization: Bearer <${what}>"`);
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw new HttpError(401, `Authorization: must be "Bearer <${what}>"`);
  return m[1];
}

/** The project whose secret access token the request carries (server API, SPEC §4–5). */
export function projectByAccessToken(config: ResolvedConfig, req: Request) {
  const project = findBySecret(config.projects, (p) => p.accessToken, bearer(req, 'access token'));
  if (!project) throw new HttpError(401, 'Authorization: unknown access token');
  return project;
}

/** The project named by the public `projectId` query parameter (browser ingest, SPEC §10). */
export function projectById(config: ResolvedConfig, url: URL) {
  const id = url.searchParams.get('projectId');
  if (!id) throw new HttpError(401, 'projectId: missing; add ?projectId=<your project id>');
  const project = config.projects.find((p) => p.projectId === id);
  if (!project) throw new HttpError(401, `projectId: unknown project "${id.slice(0, 100)}"`);
  return project;
}

/** Checks an onboarding-goals API token: 401 when unknown, 403 when not whitelisted for `endpoint`. */
export function requireApiToken(config: ResolvedConfig, req: Request, endpoint: string): void {
  const token = findBySecret(config.apiTokens, (t) => t.token, bearer(req, 'API token'));
  if (!token) throw new HttpError(401, 'Authorization: unknown API token');
  if (!token.endpoints.includes(endpoint)) throw new HttpError(403, `Authorization: this API token is not whitelisted for ${endpoint}`);
}
