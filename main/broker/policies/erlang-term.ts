// JSON values written as Erlang's ~p prints what RabbitMQ decoded them to, for its validation
// texts: strings are binaries (<<"x">>), objects are proplists, null is the atom null.
export function erlangTerm(v: unknown): string {
  if (typeof v === 'string') return `<<${JSON.stringify(v)}>>`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map(erlangTerm).join(',')}]`;
  return `[${Object.entries(v as Record<string, unknown>).map(([k, x]) => `{${erlangTerm(k)},${erlangTerm(x)}}`).join(',')}]`;
}
