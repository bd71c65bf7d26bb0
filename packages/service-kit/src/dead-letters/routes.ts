import type { DeadLetterDesk, ReplayResult } from '@relais/messaging';
import { z } from 'zod';
import type { AccessMatrix } from '../auth/access.ts';
import { principalOf } from '../auth/access.ts';
import type { ServiceApp } from '../app.ts';
import { cursorParam, decodeCursor, encodeCursor, pageOf } from '../cursor.ts';
import { DomainError } from '../errors.ts';

const operator = {
  roles: ['platform_operator'],
  audit: { record: 'dead_letter', purpose: 'platform_operation' },
} as const;

/**
 * The dead-letter routes' rules: the platform operator's cross-CPAS tool, nobody else's (a
 * dead letter may be about any CPAS, or unreadable). Reads are audited like changes.
 */
export const DEAD_LETTER_ACCESS: AccessMatrix = {
  'GET /dead-letters': operator,
  'GET /dead-letters/:deadLetterId': operator,
  'POST /dead-letters/:deadLetterId/replay': operator,
  'POST /dead-letters/:deadLetterId/discard': operator,
  'POST /dead-letters/replay': operator,
};

const tags = ['dead-letters'];
const status = z.enum(['parked', 'held', 'awaiting', 'replayed', 'discarded']);
const reasonCode = z
  .string()
  .regex(/^[a-z_]{1,64}$/)
  .describe('a reason code, e.g. malformed_json, invalid_data, rejected_by_handler, held_behind_parked');
const isSeq = (key: string) => /^\d{1,19}$/.test(key);

const summary = z.object({
  id: z.uuid(),
  consumerGroup: z.string(),
  sourceTopic: z.string(),
  sourcePartition: z.number().int(),
  sourceOffset: z.string(),
  key: z.string().describe("the Kafka key ('' for none): later messages of a key wait behind its parked one"),
  status,
  reason: z.string(),
  eventId: z.uuid().nullable(),
  eventType: z.string().nullable(),
  eventVersion: z.number().int().nullable(),
  eventTenantId: z.uuid().nullable(),
  heldBehind: z.uuid().nullable(),
  parkedAt: z.string(),
  attempts: z.number().int(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
});

const view = summary.extend({
  headers: z.record(z.string(), z.string()),
  detail: z.unknown(),
  resolution: z.unknown(),
  lastAttemptAt: z.string().nullable(),
  payload: z
    .object({ encoding: z.enum(['utf8', 'base64']), data: z.string(), bytes: z.number().int() })
    .nullable(),
});

const attempt = z.object({
  id: z.uuid(),
  result: z.enum(['replayed', 'discarded', 'failed', 'unchanged', 'waiting']),
  status,
  outcome: z.enum(['applied', 'ignored_duplicate', 'duplicate', 'skipped']).optional(),
  reason: z.string().optional(),
});
const replayResult = attempt.extend({ released: z.array(attempt) });

const params = z.object({ deadLetterId: z.uuid() });

const listQuery = z.strictObject({
  status: status.optional(),
  reason: reasonCode.optional(),
  consumerGroup: z.string().max(300).optional(),
  cursor: cursorParam(isSeq),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const notFound = (id: string) =>
  new DomainError('DEAD_LETTER_NOT_FOUND', 'not_found', `no dead letter ${id}`, 'deadLetterId');

/** A replay that could not start, because an earlier letter of its key waits: refused, never reordered. */
const answer = (result: ReplayResult | undefined, id: string): ReplayResult => {
  if (!result) throw notFound(id);
  if (result.result === 'waiting') {
    throw new DomainError(
      'DEAD_LETTER_HELD',
      'conflict',
      'an earlier dead letter of the same key waits: replay or discard that one first',
      'deadLetterId',
    );
  }
  return result;
};

/**
 * `GET /dead-letters`, `GET /dead-letters/:deadLetterId`, `POST …/:deadLetterId/replay` (fix and
 * replay), `POST …/:deadLetterId/discard` and `POST /dead-letters/replay` (every parked one) over
 * the desk of the service's consumer group.
 */
export const registerDeadLetterRoutes = (app: ServiceApp, desk: DeadLetterDesk): void => {
  app.get(
    '/dead-letters',
    {
      schema: {
        tags,
        summary:
          'Messages the consumer did not apply (parked, held behind a parked one, or resolved), oldest first',
        querystring: listQuery,
        response: { 200: pageOf(summary) },
      },
    },
    async (request) => {
      const { cursor, limit, ...filter } = request.query;
      const after = cursor ? decodeCursor(cursor, isSeq)?.key : undefined;
      const page = await desk.list({ ...filter, limit, ...(after ? { after } : {}) });
      return {
        items: page.items,
        nextCursor: page.last ? encodeCursor({ key: page.last.seq, id: page.last.id }) : null,
      };
    },
  );

  app.get(
    '/dead-letters/:deadLetterId',
    {
      schema: {
        tags,
        summary: 'One dead letter: reason, detail, headers and the whole payload (text, or base64)',
        params,
        response: { 200: view },
      },
    },
    async (request) => {
      const found = await desk.get(request.params.deadLetterId);
      if (!found) throw notFound(request.params.deadLetterId);
      return found;
    },
  );

  app.post(
    '/dead-letters/:deadLetterId/replay',
    {
      schema: {
        tags,
        summary: 'Replays a dead letter, optionally with a corrected event, then what its key held',
        description:
          'Applies the stored message (or `value`, the corrected event envelope, when given) the way the ' +
          'consumer does, once: replaying a replayed or discarded letter changes nothing (`unchanged`). ' +
          'A failure leaves it parked with the new reason. After a success the letters held behind it ' +
          'are replayed in order, up to the first that fails.',
        params,
        body: z.strictObject({
          value: z
            .record(z.string(), z.unknown())
            .optional()
            .describe('the corrected event envelope (JSON) to apply instead of the stored payload'),
        }),
        response: { 200: replayResult },
      },
    },
    async (request) =>
      answer(
        await desk.replay(request.params.deadLetterId, {
          by: principalOf(request).userId,
          ...(request.body.value ? { value: request.body.value } : {}),
        }),
        request.params.deadLetterId,
      ),
  );

  app.post(
    '/dead-letters/:deadLetterId/discard',
    {
      schema: {
        tags,
        summary: 'Discards a dead letter with the reason, then replays what its key held',
        params,
        body: z.strictObject({ reason: z.string().trim().min(1).max(500).describe('why it is discarded') }),
        response: { 200: replayResult },
      },
    },
    async (request) =>
      answer(
        await desk.discard(request.params.deadLetterId, {
          by: principalOf(request).userId,
          reason: request.body.reason,
        }),
        request.params.deadLetterId,
      ),
  );

  app.post(
    '/dead-letters/replay',
    {
      schema: {
        tags,
        summary: 'Replays every parked dead letter (of one reason, if given), oldest first',
        body: z.strictObject({ reason: reasonCode.optional() }),
        response: {
          200: z.object({
            replayed: z.number().int(),
            failed: z.number().int(),
            remaining: z
              .number()
              .int()
              .describe('parked letters left for another call (500 at most per call)'),
            results: z.array(replayResult),
          }),
        },
      },
    },
    async (request) => {
      const { results, remaining } = await desk.replayAll({
        by: principalOf(request).userId,
        ...(request.body.reason ? { reason: request.body.reason } : {}),
      });
      return {
        replayed: results.filter((r) => r.result === 'replayed').length,
        failed: results.filter((r) => r.result === 'failed').length,
        remaining,
        results,
      };
    },
  );
};
