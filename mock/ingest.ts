import { checkEvent } from '../src/events/index.js';
import type { ProjectConfig } from './config.js';
import { endpointOf, type Ctx } from './context.js';
import { boundedPayload } from './http.js';
import type { Op, Point } from './state.js';

export interface IngestResult {
  status: 'ok';
  accepted: number;
  duplicates: number;
  rejected: Array<{ index: number; messageId: string | null; errors: string[] }>;
  /** Events kept with remarks (e.g. an unknown property); present only when there are some. */
  warnings?: Array<{ index: number; messageId: string; warnings: string[] }>;
}

/**
 * Loyalty points of one event (SPEC §7): a browser names only the field and the direction,
 * the project's configured points decide how much (a field without points adds 0, shown as
 * such); a site's server sends the signed points itself.
 */
function pointsOf(event: Record<string, unknown>, project: Required<ProjectConfig>, source: 'browser' | 'server'): Point[] {
  const list = Array.isArray(event.aggregations) ? (event.aggregations as Array<Record<string, unknown>>) : [];
  return list.map((a) => {
    const field = String(a.userAggregationfield);
    if (source === 'server') return { field, delta: Number(a.point) };
    const per = Object.prototype.hasOwnProperty.call(project.aggregationPoints, field) ? project.aggregationPoints[field] : 0;
    return { field, delta: a.operation === '-' ? -per : per };
  });
}

const messageIdOf = (raw: unknown): string | null =>
  typeof raw === 'object' && raw !== null && typeof (raw as { messageId?: unknown }).messageId === 'string'
    ? (raw as { messageId: string }).messageId
    : null;

/**
 * The batch's `sentAt` (SPEC §10) when it is a readable date; anything else is ignored, never
 * a reason to refuse the events.
 */
export function sentAtOf(body: Record<string, unknown>): string | undefined {
  const v = body.sentAt;
  return typeof v === 'string' && v.length <= 64 && !isNaN(Date.parse(v)) ? v : undefined;
}

/**
 * Validates each event with the SDK's own catalog, notes the ones this project already
 * accepted (same messageId, also twice in one batch) and commits the rest in one journal write.
 * A browser event must carry its messageId; a server event without one gets a fresh one.
 */
export function ingest(ctx: Ctx, project: Required<ProjectConfig>, list: unknown[], source: 'browser' | 'server', sentAt?: string): IngestResult {
  const result: IngestResult = { status: 'ok', accepted: 0, duplicates: 0, rejected: [] };
  const warned: NonNullable<IngestResult['warnings']> = [];
  const ops: Op[] = [];
  const batch = new Set<string>();
  const at = ctx.now();
  const projectId = project.projectId;
  list.forEach((raw, index) => {
    const checked = checkEvent(raw, source === 'browser' ? 'collector' : 'server');
    const { event, errors } = checked;
    const messageId = messageIdOf(raw);
    if (!event) {
      result.rejected.push({ index, messageId, errors });
      const name = typeof (raw as { name?: unknown } | null)?.name === 'string' ? String((raw as { name: string }).name).slice(0, 64) : undefined;
      const refusal = { endpoint: endpointOf(ctx), status: 200, projectId, messageId: messageId?.slice(0, 256), name, reasons: errors, payload: boundedPayload(raw), sentAt };
      ops.push({ op: 'refused', at, refusal });
      return;
    }
    event.messageId ??= crypto.randomUUID();
    const id = String(event.messageId);
    if (batch.has(id) || ctx.state.isDuplicate(projectId, id)) {
      result.duplicates++;
      ops.push({ op: 'duplicate', at, projectId, messageId: id });
      return;
    }
    batch.add(id);
    result.accepted++;
    const warnings = checked.warnings ?? [];
    if (warnings.length) warned.push({ index, messageId: id, warnings });
    ops.push({ op: 'event', at, projectId, source, event, points: pointsOf(event, project, source), ...(warnings.length ? { warnings } : {}), ...(sentAt ? { sentAt } : {}) });
  });
  ctx.commit(ops);
  if (warned.length) result.warnings = warned;
  return result;
}
