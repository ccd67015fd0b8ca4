import { checkEvent } from '../src/events/index.js';
import type { ProjectConfig } from './config.js';
import { endpointOf, type Ctx } from './context.js';
import type { Op, Point } from './state.js';

export interface IngestResult {
  status: 'ok';
  accepted: number;
  duplicates: number;
  rejected: Array<{ index: number; messageId: string | null; errors: string[] }>;
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
 * Validates each event with the SDK's own catalog, drops the ones this project already
 * accepted (same messageId, also twice in one batch) and commits the rest in one journal write.
 * A browser event must carry its messageId; a server event without one gets a fresh one.
 */
export function ingest(ctx: Ctx, project: Required<ProjectConfig>, list: unknown[], source: 'browser' | 'server'): IngestResult {
  const result: IngestResult = { status: 'ok', accepted: 0, duplicates: 0, rejected: [] };
  const ops: Op[] = [];
  const batch = new Set<string>();
  const at = ctx.now();
  list.forEach((raw, index) => {
    const { event, errors } = checkEvent(raw, source === 'browser' ? 'collector' : 'server');
    const messageId = messageIdOf(raw);
    if (!event) {
      result.rejected.push({ index, messageId, errors });
      const name = typeof (raw as { name?: unknown } | null)?.name === 'string' ? String((raw as { name: string }).name).slice(0, 64) : undefined;
      ops.push({ op: 'refused', at, refusal: { endpoint: endpointOf(ctx), status: 200, projectId: project.projectId, messageId: messageId ?? undefined, name, reasons: errors } });
      return;
    }
    event.messageId ??= crypto.randomUUID();
    const id = String(event.messageId);
    if (batch.has(id) || ctx.state.isDuplicate(project.projectId, id)) return void result.duplicates++;
    batch.add(id);
    result.accepted++;
    ops.push({ op: 'event', at, projectId: project.projectId, source, event, points: pointsOf(event, project, source) });
  });
  ctx.commit(ops);
  return result;
}
