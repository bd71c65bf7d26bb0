/**
 * Refuses a sign-in for a while: too many attempts (rate limit) or too many wrong passwords
 * (lock). 429 with Retry-After for both: each is a throttle on attempts that lifts by itself,
 * which is what clients and proxies understand 429 to mean. 423 Locked (WebDAV) would say a
 * resource exists and is locked, and the lock is reported for emails with no account too.
 */
export class TooManyAttempts extends Error {
  override readonly name = 'TooManyAttempts';
  readonly statusCode = 429;
  readonly code: 'RATE_LIMITED' | 'ACCOUNT_LOCKED';
  readonly retryAfterSeconds: number;

  constructor(code: 'RATE_LIMITED' | 'ACCOUNT_LOCKED', message: string, retryAfterSeconds: number) {
    super(message);
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
