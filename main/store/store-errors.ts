// Typed errors of the durable store. The broker maps them: a failed store refuses persistent
// publishes (basic.nack for confirms), an unknown ref is a broker bug, not a client error.

export type StoreErrorCode = 'STORE_CLOSED' | 'STORE_FAILED' | 'UNKNOWN_REF' | 'RECORD_TOO_LARGE';

export class StoreError extends Error {
  constructor(readonly code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/** append/remove after close(). */
export class StoreClosedError extends StoreError {
  constructor() { super('STORE_CLOSED', 'the message store is closed'); }
}

/**
 * A write or fsync failed. The store stops accepting work: after a failed fsync the kernel may
 * have dropped the dirty pages, so retrying could report data as durable that is not.
 */
export class StoreFailedError extends StoreError {
  constructor(cause: unknown) {
    super('STORE_FAILED', `the message store failed: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

export class UnknownRefError extends StoreError {
  constructor(ref: number) { super('UNKNOWN_REF', `no stored message with ref ${ref}`); }
}

export class RecordTooLargeError extends StoreError {
  constructor(bytes: number, max: number) {
    super('RECORD_TOO_LARGE', `a stored record of ${bytes} bytes exceeds the limit of ${max} bytes`);
  }
}
