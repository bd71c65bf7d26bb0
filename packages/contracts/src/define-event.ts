import type { z } from 'zod';
import type { Envelope } from './envelope.ts';
import type { TopicSpec } from './topics.ts';

/** The public contract of one integration event at one version. */
export interface EventDefinition<TType extends string = string, TSchema extends z.ZodType = z.ZodType> {
  readonly type: TType;
  readonly version: number;
  readonly topic: TopicSpec;
  readonly schema: TSchema;
  /** Fields of `data` that are personal data, documented for the privacy register. Empty is a claim. */
  readonly personalFields: readonly string[];
}

/** Declares an event contract; the result is used by producers, consumers, docs and tests. */
export const defineEvent = <TType extends string, TSchema extends z.ZodType>(
  definition: EventDefinition<TType, TSchema>,
): EventDefinition<TType, TSchema> => definition;

/** The envelope type of a declared event. */
export type EventOf<D> = D extends EventDefinition<infer T, infer S> ? Envelope<T, z.infer<S>> : never;

/** The data type of a declared event. */
export type DataOf<D> = D extends EventDefinition<string, infer S> ? z.infer<S> : never;

/** The data a producer supplies for a declared event (defaults not yet applied). */
export type DataInputOf<D> = D extends EventDefinition<string, infer S> ? z.input<S> : never;
