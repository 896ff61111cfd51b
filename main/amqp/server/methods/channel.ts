// channel.flow (channel.open and channel.close are the connection's state machine).
import type { Handlers } from './handler';

export const channelMethods: Handlers = {
  'channel.flow': (ch, a) => {
    ch.flowActive = a.active;
    ch.send('channel.flow-ok', { active: a.active });
    if (a.active) ch.kickConsumers();
  },
};
