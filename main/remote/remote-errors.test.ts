import { describe, expect, it } from 'vitest';
import { RemoteError } from './management-client';
import { remoteFailure } from './remote-errors';

describe('remoteFailure', () => {
  it('maps each kind of RemoteError onto the code the window acts on, keeping its message', () => {
    const cases: Array<[RemoteError, string, number | undefined]> = [
      [new RemoteError('auth', 'wrong password', 401), 'ACCESS_REFUSED', 403],
      [new RemoteError('forbidden', 'not allowed', 403), 'ACCESS_REFUSED', 403],
      [new RemoteError('not-found', 'no queue', 404), 'NOT_FOUND', 404],
      [new RemoteError('http', "PUT /api/queues/x failed (400): PRECONDITION_FAILED - x-max-length", 400), 'PRECONDITION_FAILED', 406],
      [new RemoteError('http', "PUT /api/queues/x failed (400): inequivalent arg 'durable' for queue 'x'", 400), 'PRECONDITION_FAILED', 406],
      [new RemoteError('http', 'PUT failed (400): bad JSON', 400), 'BAD_REQUEST', undefined],
      [new RemoteError('http', 'GET failed (500): boom', 500), 'INTERNAL_ERROR', 541],
      [new RemoteError('unreachable', 'connection refused'), 'DISCONNECTED', undefined],
      [new RemoteError('tls', 'untrusted'), 'DISCONNECTED', undefined],
      [new RemoteError('timeout', 'slow'), 'DISCONNECTED', undefined],
      [new RemoteError('protocol', 'not JSON'), 'DISCONNECTED', undefined],
    ];
    for (const [err, code, replyCode] of cases) {
      expect(remoteFailure(err)).toEqual(replyCode === undefined ? { code, message: err.message } : { code, message: err.message, replyCode });
    }
  });

  it('leaves other errors to the dispatch', () => {
    expect(remoteFailure(new Error('bug'))).toBeNull();
  });
});
