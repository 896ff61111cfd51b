// What the CLI's commands that talk to a running broker over HTTP share.

/** Why fetch() reached nothing: ECONNREFUSED, ENOTFOUND, or the error's own message. */
export function unreachableCause(err: unknown): string {
  const c = (err as { cause?: { code?: string; errors?: Array<{ code?: string }> } }).cause;
  return c?.code ?? c?.errors?.[0]?.code ?? (err as Error).message;
}
