// What the core knows of a connected client. Protocol layers implement it; the core never sees a
// socket. `close` lets the UI (or a shutdown) end the connection with a reason.
import type { ConnectionInfo } from '../../shared/model/topology';

export interface Client {
  readonly info: ConnectionInfo;
  close(replyCode: number, reason: string): void;
}
