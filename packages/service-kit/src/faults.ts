import { createHash } from 'node:crypto';
import type { EventHandler } from '@relais/messaging';
import { z } from 'zod';
import { ConfigError } from './config.ts';

/**
 * Faults a chaos scenario asks a service process to inject (`RELAIS_FAULTS`, JSON). They
 * reproduce, on demand, what a machine does to us on a bad day, at the exact point that
 * matters: a crash between the broker's acknowledgement and the outbox row being marked, a
 * handler slower than the consumer group's session. Refused in production.
 */
export const faultsSchema = z
  .object({
    /** Probability, per published batch, that the process kills itself after the ack and before marking. */
    relayCrashAfterAck: z.number().min(0).max(1).default(0),
    /** A slow handler: selected events wait this long inside their transaction. */
    slowHandler: z
      .object({
        ms: z.number().int().min(1).max(120000),
        /** Share of events that are slow, chosen by event id (the same events on every instance). */
        fraction: z.number().min(0).max(1),
        /** Only the first attempt in a process is slow, so a redelivered event finishes. */
        oncePerProcess: z.boolean().default(true),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Parsed {@link faultsSchema}. */
export type Faults = z.infer<typeof faultsSchema>;

/** Reads `RELAIS_FAULTS`; none when unset. A production process refuses any. */
export const faultsFromEnv = (
  env: Record<string, string | undefined>,
  nodeEnv: string,
): Faults | undefined => {
  const raw = env.RELAIS_FAULTS;
  if (raw === undefined || raw === '') return undefined;
  if (nodeEnv === 'production')
    throw new ConfigError('Invalid configuration:\n  - RELAIS_FAULTS: refused in production');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new ConfigError('Invalid configuration:\n  - RELAIS_FAULTS: not JSON');
  }
  const parsed = faultsSchema.safeParse(json);
  if (!parsed.success)
    throw new ConfigError(
      `Invalid configuration:\n${parsed.error.issues.map((i) => `  - RELAIS_FAULTS.${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
  return parsed.data;
};

/** The relay hook that crashes the process (SIGKILL: nothing flushed) after an acknowledged batch. */
export const relayCrashHook =
  (probability: number, random: () => number = Math.random) =>
  (): Promise<void> => {
    if (random() < probability) process.kill(process.pid, 'SIGKILL');
    return Promise.resolve();
  };

/** Whether an event id falls in the slow share (stable across processes). */
export const isSelected = (eventId: string, fraction: number): boolean =>
  createHash('sha256').update(eventId).digest().readUInt32BE(0) / 0x1_0000_0000 < fraction;

/** Wraps handlers so that the selected events wait `ms` inside their transaction before being applied. */
export const slowHandlers = (
  handlers: readonly EventHandler[],
  slow: NonNullable<Faults['slowHandler']>,
): EventHandler[] => {
  const delayed = new Set<string>();
  return handlers.map((handler) => ({
    event: handler.event,
    handle: async (tx, event, context) => {
      if (isSelected(event.id, slow.fraction) && !(slow.oncePerProcess && delayed.has(event.id))) {
        delayed.add(event.id);
        context.logger.warn({ delayMs: slow.ms }, 'fault injection: slow handler');
        await new Promise((resolve) => setTimeout(resolve, slow.ms));
      }
      return handler.handle(tx, event, context);
    },
  }));
};
