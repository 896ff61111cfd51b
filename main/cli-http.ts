// What the CLI's commands that talk to a running broker over HTTP share.

/** Why fetch() reached nothing: ECONNREFUSED, ENOTFOUND, or the error's own message. */
export function unreachableCause(err: unknown): string {
  const c = (err as { cause?: { code?: string; errors?: Array<{ code?: string }> } }).cause;
  return c?.code ?? c?.errors?.[0]?.code ?? (err as Error).message;
}

/** The user in a URL (guest/guest, RabbitMQ's default, when it names none) as an Authorization
 *  header; the credentials are taken out of the URL, since fetch() refuses URLs that carry them. */
export function takeBasicAuth(url: URL): { user: string; authorization: string } {
  const user = url.username ? decodeURIComponent(url.username) : 'guest';
  const password = url.username ? decodeURIComponent(url.password) : 'guest';
  url.username = '';
  url.password = '';
  return { user, authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}
