/** One site: the public project id its browser SDK sends and the secret token its server uses. */
export interface ProjectConfig {
  projectId: string;
  accessToken: string;
  /** Loyalty points per aggregation field for browser events (a browser cannot choose them). */
  aggregationPoints?: Record<string, number>;
  /**
   * Origins a push notification may open besides the site's own. Project data only: the mock
   * checks and keeps it but hands it to nobody; the worker's allowlist is the SDK's
   * `push.urlAllowlist` option, passed on the worker's URL.
   */
  pushUrlOrigins?: string[];
}

/** An onboarding-goals API token and the endpoints it was whitelisted for (none by default). */
export interface ApiTokenConfig {
  token: string;
  /** `onboarding-goals/complete`, `onboarding-goals/list`, `onboarding-goals/assign`. */
  endpoints?: string[];
}

export type GoalConfig =
  | { code: string; name: string; type: 'simple' }
  | { code: string; name: string; type: 'event'; event: string };

export interface MockConfig {
  projects: ProjectConfig[];
  apiTokens?: ApiTokenConfig[];
  goals?: GoalConfig[];
}

/** The config with every optional list present, as the backend uses it. */
export interface ResolvedConfig {
  projects: Required<ProjectConfig>[];
  apiTokens: Required<ApiTokenConfig>[];
  goals: GoalConfig[];
}

export const GOAL_ENDPOINTS = ['onboarding-goals/complete', 'onboarding-goals/list', 'onboarding-goals/assign'];

/** What `novin-mock` uses without `--config`: SPEC §11's example, plus the assign endpoint. */
export const DEV_CONFIG: MockConfig = {
  projects: [
    { projectId: 'demo-project', accessToken: 'dev-access-token', aggregationPoints: { mobileLead: 10 } },
  ],
  apiTokens: [{ token: 'dev-api-token', endpoints: [...GOAL_ENDPOINTS] }],
  goals: [
    { code: 'demo', name: 'Demo', type: 'simple' },
    { code: 'signed-up', name: 'Signed up', type: 'event', event: 'signUp' },
  ],
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isOrigin = (v: unknown): boolean => {
  try {
    return typeof v === 'string' && /^https?:$/.test(new URL(v).protocol) && new URL(v).origin === v;
  } catch {
    return false;
  }
};
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 256;

/**
 * Checks a config (parsed JSON from `--config`, or an object from a test) and fills in the
 * optional lists. Throws one Error listing every problem, each naming its field, so a typo in
 * a config file is found at start-up rather than as a puzzling 401 later.
 */
export function resolveConfig(input: unknown): ResolvedConfig {
  const errors: string[] = [];
  const need = (ok: boolean, msg: string) => void (ok || errors.push(msg));
  const out: ResolvedConfig = { projects: [], apiTokens: [], goals: [] };
  if (!isObject(input)) throw new Error('config: must be a JSON object with "projects"');
  const projects = input.projects;
  need(Array.isArray(projects) && projects.length > 0, 'config.projects: must be a non-empty array');
  const seen = new Set<string>();
  (Array.isArray(projects) ? projects : []).forEach((p: unknown, i) => {
    const at = `config.projects[${i}]`;
    if (!isObject(p)) return void errors.push(`${at}: must be an object`);
    need(isText(p.projectId), `${at}.projectId: must be a non-empty string`);
    need(isText(p.accessToken), `${at}.accessToken: must be a non-empty string`);
    need(!seen.has(String(p.projectId)), `${at}.projectId: "${String(p.projectId)}" is listed twice`);
    seen.add(String(p.projectId));
    const points = p.aggregationPoints ?? {};
    need(isObject(points) && Object.values(points).every((n) => typeof n === 'number' && isFinite(n)),
      `${at}.aggregationPoints: must map field names to numbers`);
    const origins = p.pushUrlOrigins ?? [];
    need(Array.isArray(origins) && origins.every(isOrigin), `${at}.pushUrlOrigins: must be an array of origins like "https://blog.example.com"`);
    out.projects.push({
      projectId: String(p.projectId),
      accessToken: String(p.accessToken),
      aggregationPoints: { ...(points as Record<string, number>) },
      pushUrlOrigins: Array.isArray(origins) ? origins.map(String) : [],
    });
  });
  const tokens = input.apiTokens ?? [];
  need(Array.isArray(tokens), 'config.apiTokens: must be an array');
  (Array.isArray(tokens) ? tokens : []).forEach((t: unknown, i) => {
    const at = `config.apiTokens[${i}]`;
    if (!isObject(t)) return void errors.push(`${at}: must be an object`);
    need(isText(t.token), `${at}.token: must be a non-empty string`);
    const endpoints = t.endpoints ?? [];
    const known = Array.isArray(endpoints) && endpoints.every((e) => GOAL_ENDPOINTS.includes(e as string));
    need(known, `${at}.endpoints: must list some of ${GOAL_ENDPOINTS.join(', ')}`);
    out.apiTokens.push({ token: String(t.token), endpoints: known ? (endpoints as string[]) : [] });
  });
  const goals = input.goals ?? [];
  need(Array.isArray(goals), 'config.goals: must be an array');
  const codes = new Set<string>();
  (Array.isArray(goals) ? goals : []).forEach((g: unknown, i) => {
    const at = `config.goals[${i}]`;
    if (!isObject(g)) return void errors.push(`${at}: must be an object`);
    need(isText(g.code) && !codes.has(g.code), `${at}.code: must be a non-empty string, unique among goals`);
    codes.add(String(g.code));
    need(isText(g.name), `${at}.name: must be a non-empty string`);
    if (g.type === 'simple') out.goals.push({ code: String(g.code), name: String(g.name), type: 'simple' });
    else if (g.type === 'event') {
      need(isText(g.event), `${at}.event: an event goal must name the event that completes it`);
      out.goals.push({ code: String(g.code), name: String(g.name), type: 'event', event: String(g.event) });
    } else errors.push(`${at}.type: must be "simple" or "event"`);
  });
  if (errors.length) throw new Error(`invalid mock config:\n  ${errors.join('\n  ')}`);
  return out;
}
