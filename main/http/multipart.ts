// multipart/form-data bodies (RFC 7578), as RabbitMQ's management UI uploads a definitions file:
// the parts by field name. Small and strict: only what a form post of a few fields needs.

/** The boundary of a multipart/form-data content type, or null for any other type. */
export function formBoundary(contentType: string | undefined): string | null {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return null;
  const m = /;\s*boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : null;
}

/** The form's fields (name -> raw value); a malformed body yields what parsed before the fault. */
export function parseForm(body: Buffer, boundary: string): Map<string, Buffer> {
  const fields = new Map<string, Buffer>();
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const partStart = at + delimiter.length;
    if (body.subarray(partStart, partStart + 2).toString() === '--') break; // the closing delimiter
    const next = body.indexOf(delimiter, partStart);
    if (next < 0) break;
    const part = body.subarray(partStart, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString('latin1');
      const name = /content-disposition:[^\r\n]*;\s*name="([^"]*)"/i.exec(headers)?.[1];
      // the value runs to the CRLF that precedes the next delimiter
      const value = part.subarray(headerEnd + 4, part.length - 2);
      if (name !== undefined && !fields.has(name)) fields.set(name, value);
    }
    at = next;
  }
  return fields;
}
