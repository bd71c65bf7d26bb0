import { z } from 'zod';

/** An ISO-8601 calendar date (`YYYY-MM-DD`), as used for contract and coverage days. */
export const isoDate = z.iso.date();

/** Identifier of a CPAS (the tenant); every row and every event carries one. */
export const tenantId = z.uuid();

/**
 * The envelope every integration event travels in. `data` is validated separately against
 * the schema registered for `type` and `version`, so an unknown type can be told apart
 * from a known type with bad data.
 */
export const envelopeSchema = z.object({
  id: z.uuid({ version: 'v7' }),
  type: z.string().min(1).max(100),
  version: z.number().int().positive(),
  tenantId,
  aggregateId: z.string().min(1).max(200),
  occurredAt: z.iso.datetime({ offset: true }),
  correlationId: z.uuid(),
  causationId: z.uuid().nullable(),
  data: z.unknown(),
});

/** An envelope whose `data` has not yet been checked against its event schema. */
export type RawEnvelope = z.infer<typeof envelopeSchema>;

/** An envelope carrying the typed data of one event. */
export type Envelope<TType extends string = string, TData = unknown> = Omit<RawEnvelope, 'type' | 'data'> & {
  type: TType;
  data: TData;
};
