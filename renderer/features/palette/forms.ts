// Form helpers: optional numeric fields, parsed without surprises.
export function optionalInt(text: string): number | undefined | 'invalid' {
  const t = text.trim();
  if (t === '') return undefined;
  if (!/^\d+$/.test(t)) return 'invalid';
  return Number(t);
}
