// The management API's errors, as RabbitMQ's management plugin writes them: a status and a JSON
// body {"error": ..., "reason": ...}. Resources throw these; the API turns them into responses.

export class HttpError extends Error {
  constructor(readonly status: number, readonly error: string, readonly reason: unknown, readonly headers: Record<string, string> = {}) {
    super(typeof reason === 'string' ? reason : JSON.stringify(reason));
  }
  body(): unknown { return { error: this.error, reason: this.reason }; }
}

export const notFound = (): HttpError => new HttpError(404, 'Object Not Found', 'Not Found');
export const badRequest = (reason: unknown): HttpError => new HttpError(400, 'bad_request', reason);
export const notAuthorised = (reason: string): HttpError => new HttpError(401, 'not_authorised', reason);
const CHALLENGE = { 'www-authenticate': 'Basic realm="RabbitMQ Management"' };
export const loginFailed = (): HttpError => new HttpError(401, 'not_authorized', 'Login failed', CHALLENGE);

/** No credentials at all: RabbitMQ answers the challenge with an empty body. */
export class NoCredentials extends HttpError {
  constructor() { super(401, 'not_authorized', 'Login failed', CHALLENGE); }
  override body(): unknown { return undefined; }
}
export const methodNotAllowed = (allow: readonly string[]): HttpError => new HttpError(405, 'method_not_allowed', 'Method Not Allowed', { allow: allow.join(', ') });
/** RabbitMQ 3.10.8 answers an oversize body with 400, not 413 (checked against the reference). */
export const tooLarge = (): HttpError => new HttpError(400, 'bad_request', 'Exceeded HTTP request body size limit');

/** A failure whose body is not {error, reason}: the health checks' 503 {"status":"failed", ...}. */
export class FailedCheck extends HttpError {
  constructor(private readonly details: Record<string, unknown>) { super(503, 'failed', details.reason); }
  override body(): unknown { return { status: 'failed', ...this.details }; }
}
