// The shape of a channel method handler; each AMQP class has a file of them.
import type { MethodArgs, MethodName } from '../../codec/types';
import type { Channel } from '../channel';

export type Handlers = { [N in MethodName]?: (ch: Channel, args: MethodArgs[N]) => void };
