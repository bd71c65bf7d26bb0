/** How a refused command maps to HTTP: one table for every service. */
export type DomainErrorKind = 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'invalid';

const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid: 422,
};

/**
 * A command refused by the domain, with a stable code (`TRIAL_NOT_RUNNING`). Deterministic:
 * retrying it gives the same answer, so a consumer parks it instead of retrying.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly code: string;
  readonly kind: DomainErrorKind;
  /** The offending field, for the problem body's `errors`. */
  readonly field: string | undefined;

  constructor(code: string, kind: DomainErrorKind, message: string, field?: string) {
    super(message);
    this.code = code;
    this.kind = kind;
    this.field = field;
  }

  /** The HTTP status of this refusal. */
  get status(): number {
    return STATUS_BY_KIND[this.kind];
  }
}

/**
 * An event that needs another one this service has not seen yet (a trial end before its
 * placement's start, which travels on another topic). Not a refusal: a consumer retries it for a
 * while (`KAFKA_WAIT_FOR_PRECEDING_MS`, and until it has read what its topics held by then), then
 * parks it with this code; an HTTP caller gets a 409.
 */
export class AwaitingEventError extends DomainError {
  constructor(code: string, message: string) {
    super(code, 'conflict', message);
  }
}

/** Whether an error says a preceding event is still missing. */
export const isAwaitingEvent = (error: unknown): error is AwaitingEventError =>
  error instanceof AwaitingEventError;

/** Whether an error is a domain refusal (to be parked by consumers, never retried). */
export const isDomainError = (error: unknown): error is DomainError =>
  error instanceof DomainError && !(error instanceof AwaitingEventError);

/**
 * Whether a statement's check of its own effect failed (`relais_expect_rows`, migration 006):
 * a rule the application holds under its locks did not hold ("decided once", "the period is
 * there"). Retrying gives the same answer, like a refusal, so a consumer parks the event with the
 * check's message (its key held behind it) instead of retrying it forever and stalling its whole
 * partition. Only that function's SQLSTATE P0002 counts: P0002 is also PL/pgSQL's no_data_found.
 */
export const isFailedSelfCheck = (error: unknown): boolean => {
  const { code, where } = (error ?? {}) as { code?: unknown; where?: unknown };
  return code === 'P0002' && typeof where === 'string' && where.includes('relais_expect_rows(');
};
