// The broker's own clients (dynamic shovels with an "amqp://" URI, RabbitMQ's direct connection as
// its internal user "none") log in over the local AMQP listener with a secret that never leaves
// the process. A session opened so has every permission on any vhost and counts against no
// limit; a real user who happens to be called "none" logs in by password and gets only its own.
import { randomBytes, timingSafeEqual } from 'node:crypto';

export class InternalLogin {
  /** RabbitMQ shows its direct connections' user as "none" */
  readonly user = 'none';
  readonly password = randomBytes(24).toString('base64url');

  accepts(user: string, password: string): boolean {
    if (user !== this.user || password.length !== this.password.length) return false;
    return timingSafeEqual(Buffer.from(password), Buffer.from(this.password));
  }
}
