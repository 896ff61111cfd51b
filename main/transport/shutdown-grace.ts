// How long a stopping listener gives its clients to finish closing (a close handshake on a busy
// machine) before it drops whoever is left: long enough for that, short enough for a prompt stop.
const SHUTDOWN_GRACE = 2000;
/** how often a stop looks whether every client has gone */
const SHUTDOWN_POLL = 20;

/** Resolves once `gone()` says every client has gone, or the grace is over. */
export async function shutdownGrace(gone: () => boolean): Promise<void> {
  const deadline = Date.now() + SHUTDOWN_GRACE;
  while (!gone() && Date.now() < deadline) await new Promise((r) => setTimeout(r, SHUTDOWN_POLL));
}
