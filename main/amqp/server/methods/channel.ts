// channel.flow from a client (channel.open and channel.close are the connection's state machine).
// RabbitMQ accepts only active=true; active=false is a hard 540 NOT_IMPLEMENTED, and Warren
// answers the same so clients see one behaviour. (The broker's own flow control is
// connection.blocked, sent by the memory and disk alarms.)
import { ConnectionError, Reply } from '../../../broker/errors';
import type { Handlers } from './handler';

export const channelMethods: Handlers = {
  'channel.flow': (ch, a) => {
    if (!a.active) throw new ConnectionError(Reply.NOT_IMPLEMENTED, 'active=false');
    ch.send('channel.flow-ok', { active: true });
  },
};
