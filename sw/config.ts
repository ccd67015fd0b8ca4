/**
 * The worker's settings. A site serving our file registers it as
 * `/novin-sw.js?projectId=P&endpoint=E[&allow=O1,O2]`; a site pulling it into its own worker
 * may instead set `self.novinConfig` before `importScripts`, and a bundling site passes them in.
 */
import { origins } from './url.js';

export interface WorkerConfig {
  /** The public project token. */
  projectId?: string;
  /** The collector's origin; defaults to the site's. */
  endpoint?: string;
  /** Origins besides the site's own that notification links and images may use. */
  urlAllowlist?: string[];
}

export interface Settings {
  projectId: string;
  endpoint: string;
  /** The site's origin: where clicks lead by default, and what counts as "our own". */
  origin: string;
  allow: string[];
}

export function settings(href: string, given: WorkerConfig = {}): Settings {
  const url = new URL(href);
  const q = url.searchParams;
  return {
    projectId: given.projectId ?? q.get('projectId') ?? '',
    endpoint: (given.endpoint ?? q.get('endpoint') ?? url.origin).replace(/\/+$/, ''),
    origin: url.origin,
    allow: origins(given.urlAllowlist ?? q.get('allow')?.split(',')),
  };
}
