import { describe, expect, it } from 'vitest';
import { formBoundary, parseForm } from './multipart';

const form = (boundary: string, parts: Array<[string, string, string?]>): Buffer => Buffer.from(
  parts.map(([name, value, filename]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}\r\n${filename ? 'Content-Type: application/json\r\n' : ''}\r\n${value}\r\n`).join('') + `--${boundary}--\r\n`,
);

describe('multipart/form-data', () => {
  it('finds the boundary, quoted or not, only for form data', () => {
    expect(formBoundary('multipart/form-data; boundary=----abc')).toBe('----abc');
    expect(formBoundary('multipart/form-data; charset=utf-8; boundary="x y"')).toBe('x y');
    expect(formBoundary('application/json')).toBeNull();
    expect(formBoundary(undefined)).toBeNull();
  });

  it('reads each field by name, values kept byte for byte (CRLF inside a value too)', () => {
    const f = parseForm(form('B', [['file', '{"a":\r\n1}', 'defs.json'], ['redirect', '/#/']]), 'B');
    expect(f.get('file')!.toString()).toBe('{"a":\r\n1}');
    expect(f.get('redirect')!.toString()).toBe('/#/');
  });

  it('a truncated body yields the fields before the fault, and no crash', () => {
    const whole = form('B', [['a', '1'], ['b', '2']]);
    const cut = whole.subarray(0, whole.indexOf('name="b"') + 3);
    expect([...parseForm(cut, 'B').keys()]).toEqual(['a']);
    expect(parseForm(Buffer.from('garbage'), 'B').size).toBe(0);
  });
});
