// One profile's form: where the broker is, who to be there, and how far to trust it. The password
// is never shown back: "kept" says one is kept, and an empty field keeps it.
import { useState, type FormEvent } from 'react';
import type { ProfileInfo, ProfileInput } from '../../../shared/model/remote';

/** Where passwords are kept, by the kind of window (client.kind). */
export function passwordKeeping(kind: string): string {
  return kind === 'electron'
    ? 'Passwords are kept encrypted with the operating system\'s keychain (Electron safeStorage).'
    : 'In the browser UI, passwords are kept in the broker\'s memory for this login session only: log out (or restart warren serve) and they are gone.';
}

interface Fields { name: string; managementUrl: string; user: string; password: string; amqpUrl: string; defaultVhost: string; readOnly: boolean; caPem: string }

const fieldsOf = (p: ProfileInfo | null): Fields => ({
  name: p?.name ?? '', managementUrl: p?.managementUrl ?? 'http://localhost:15672', user: p?.user ?? 'guest', password: '',
  amqpUrl: p?.amqpUrl ?? '', defaultVhost: p?.defaultVhost ?? '/', readOnly: p?.readOnly ?? false, caPem: p?.caPem ?? '',
});

/** The form's input for saveProfile, or why it cannot be sent. */
export function profileInput(f: Fields, id: string | undefined): ProfileInput | string {
  if (!f.name.trim()) return 'Give the profile a name.';
  if (!/^https?:\/\/[^/\s]+/i.test(f.managementUrl.trim())) return 'The management URL starts with http:// or https:// and names a host (e.g. https://mq.example.com:15671).';
  if (f.amqpUrl.trim() && !/^amqps?:\/\/[^/\s]+/i.test(f.amqpUrl.trim())) return 'The AMQP URL starts with amqp:// or amqps:// and names a host.';
  if (f.caPem.trim() && !f.caPem.includes('-----BEGIN CERTIFICATE-----')) return 'The CA certificate is PEM text starting with -----BEGIN CERTIFICATE-----.';
  return {
    ...(id ? { id } : {}),
    name: f.name.trim(), managementUrl: f.managementUrl.trim(), user: f.user.trim(),
    ...(f.password ? { password: f.password } : {}),
    amqpUrl: f.amqpUrl.trim() || null, defaultVhost: f.defaultVhost || '/', readOnly: f.readOnly, caPem: f.caPem.trim() || null,
  };
}

export function ProfileForm({ profile, keeping, error, onSave, onCancel }: {
  profile: ProfileInfo | null; keeping: string; error: string | null;
  onSave(input: ProfileInput): Promise<void>; onCancel(): void;
}) {
  const [f, setF] = useState<Fields>(() => fieldsOf(profile));
  const [invalid, setInvalid] = useState<string | null>(null);
  const text = (k: Exclude<keyof Fields, 'readOnly'>) => ({ value: f[k], onChange: (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value }) });
  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const input = profileInput(f, profile?.id);
    setInvalid(typeof input === 'string' ? input : null);
    if (typeof input !== 'string') await onSave(input);
  }
  return (
    <form className="panel-form profile-form" aria-label={profile ? `edit profile ${profile.name}` : 'new profile'} onSubmit={(e) => void submit(e)}>
      <label>Name<input {...text('name')} placeholder="staging" /></label>
      <label>Management URL<input {...text('managementUrl')} placeholder="https://mq.example.com:15671" /></label>
      <div className="grid2">
        <label>User<input {...text('user')} autoComplete="off" /></label>
        <label>Password {profile?.hasPassword && <span className="badge info" data-testid="password-kept">kept</span>}
          <input type="password" {...text('password')} autoComplete="new-password" placeholder={profile?.hasPassword ? 'empty: keep the kept one' : 'empty: ask when switching'} />
        </label>
      </div>
      <p className="hint">{keeping}</p>
      <label>AMQP URL (optional)<input {...text('amqpUrl')} placeholder="amqps://mq.example.com:5671 (default: the management host on 5672)" /></label>
      <label>Default vhost<input {...text('defaultVhost')} /></label>
      <label className="inline"><input type="checkbox" checked={f.readOnly} onChange={(e) => setF({ ...f, readOnly: e.target.checked })} /> read-only (Warren refuses every change)</label>
      <label>CA certificate (PEM, optional)<textarea rows={3} {...text('caPem')} spellCheck={false} placeholder="-----BEGIN CERTIFICATE-----" /></label>
      <label>or a .pem file<input type="file" accept=".pem,.crt,.cer" aria-label="CA certificate file" onChange={(e) => void e.target.files?.[0]?.text().then((caPem) => setF((old) => ({ ...old, caPem })))} /></label>
      {(invalid ?? error) && <p className="form-error" role="alert">{invalid ?? error}</p>}
      <div className="actions">
        <button type="button" onClick={onCancel}>Cancel</button>
        <button type="submit" className="primary">Save profile</button>
      </div>
    </form>
  );
}
