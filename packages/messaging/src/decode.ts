import { envelopeSchema, findEventDefinition, type Envelope, type EventDefinition } from '@relais/contracts';
import type { z } from 'zod';

/** Why a message could not be read; the dead-letter topic records it. */
export type DecodeFailureReason =
  'empty_message' | 'malformed_json' | 'invalid_envelope' | 'unknown_event_type' | 'invalid_data';

/** The result of reading one message: a checked event, or the reason it is unreadable. */
export type Decoded =
  | { readonly ok: true; readonly envelope: Envelope; readonly definition: EventDefinition }
  | { readonly ok: false; readonly reason: DecodeFailureReason; readonly detail: unknown };

const issues = (error: z.ZodError) =>
  error.issues.map((i) => ({ path: i.path.join('.'), code: i.code, message: i.message }));

/**
 * Reads a message value into an event checked against its published contract. Never throws:
 * a poison message must be parked before any side effect, not retried forever.
 */
export const decodeEvent = (value: Buffer | null): Decoded => {
  if (value === null || value.length === 0) return { ok: false, reason: 'empty_message', detail: null };
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (error) {
    return {
      ok: false,
      reason: 'malformed_json',
      detail: error instanceof Error ? error.message : String(error),
    };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return { ok: false, reason: 'invalid_envelope', detail: issues(envelope.error) };
  const definition = findEventDefinition(envelope.data.type, envelope.data.version);
  if (!definition) {
    return {
      ok: false,
      reason: 'unknown_event_type',
      detail: { type: envelope.data.type, version: envelope.data.version },
    };
  }
  const data = definition.schema.safeParse(envelope.data.data);
  if (!data.success) return { ok: false, reason: 'invalid_data', detail: issues(data.error) };
  return { ok: true, envelope: { ...envelope.data, data: data.data }, definition };
};
