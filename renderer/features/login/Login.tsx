// The browser UI's login (the desktop window needs none): a user and password checked by the
// broker, which sets a session cookie; the app starts once it is set.
import { useState, type FormEvent } from 'react';

export interface Session { user: string; tags: string[] }

/** Who is logged in to this browser, or null. */
export async function currentSession(): Promise<Session | null> {
  const r = await fetch('/api/ui/session', { credentials: 'same-origin' });
  if (!r.ok) return null;
  const s = (await r.json()) as Session | { user: null };
  return s.user === null ? null : s as Session;
}

export async function logout(): Promise<void> {
  await fetch('/api/ui/logout', { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: '{}' });
}

export function Login({ onLoggedIn }: { onLoggedIn: (s: Session) => void }) {
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await fetch('/api/ui/login', {
        method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user, password }),
      });
      const body = (await r.json()) as Session & { reason?: string };
      if (r.ok) onLoggedIn(body);
      else setError(body.reason === 'Not management user' ? `${user} may not use the management UI (it needs a management, monitoring or administrator tag)` : 'Wrong user name or password');
    } catch {
      setError('Warren did not answer: is it still running?');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form className="login-form" aria-label="log in" onSubmit={(e) => void submit(e)}>
        <h1>Warren</h1>
        <label>User <input name="user" autoComplete="username" value={user} onChange={(e) => setUser(e.target.value)} required autoFocus /></label>
        <label>Password <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} /></label>
        {error && <p className="error" role="alert">{error}</p>}
        <button className="primary" type="submit" disabled={busy}>Log in</button>
        <p className="muted">The default user is guest/guest, from this computer only.</p>
      </form>
    </main>
  );
}
