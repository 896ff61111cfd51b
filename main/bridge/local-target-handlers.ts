// The commands that exist for remote targets, as the embedded broker answers them: it is one
// node, it traces messages itself (no firehose), and profiles are the window session's business
// (window-session.ts answers them before a target's handlers are asked).
import type { CommandName, Req, Res } from '../../shared/ipc/contract';
import type { ClusterNode } from '../../shared/model/remote';
import type { Broker } from '../broker/broker';
import { ChannelError, Reply } from '../broker/errors';

type Some<K extends CommandName> = { [P in K]: (req: Req<P>) => Res<P> | Promise<Res<P>> };

const notHere = (what: string): never => { throw new ChannelError(Reply.NOT_IMPLEMENTED, what); };
const session = (): never => notHere('profiles are handled by the window session');

export function createLocalTargetHandlers(broker: Broker, nodes?: () => ClusterNode[]): Some<
  'listProfiles' | 'saveProfile' | 'deleteProfile' | 'useProfile' | 'getTarget' | 'diffDefinitions' | 'importFromProfile'
  | 'listNodes' | 'getFirehose' | 'setFirehose' | 'returnDeadLetters'
> {
  return {
    listProfiles: session, saveProfile: session, deleteProfile: session, useProfile: session, getTarget: session,
    diffDefinitions: session, importFromProfile: session,
    listNodes: () => nodes?.() ?? [{
      name: 'warren', running: true, type: 'disc', memUsed: process.memoryUsage.rss(), memLimit: 0, memAlarm: broker.alarms.isSet('memory'),
      diskFree: 0, diskFreeLimit: 0, diskAlarm: broker.alarms.isSet('disk'), uptime: Math.round(process.uptime() * 1000),
    }],
    getFirehose: ({ vhost }) => ({
      vhost, on: false, ours: false, available: false,
      reason: 'the embedded broker traces every message itself: the Trace tool shows them without a firehose',
    }),
    setFirehose: () => notHere('the embedded broker has no firehose: it traces messages itself (the Trace tool)'),
    returnDeadLetters: () => notHere('returning dead letters is not built yet'),
  };
}
