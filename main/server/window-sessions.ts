// Window sessions for the UI server and the desktop shell: each window starts on the embedded
// broker (when Warren runs one) and may switch to a profile's remote broker.
import { hostname } from 'node:os';
import type { Res } from '../../shared/ipc/contract';
import { LOCAL_PROFILE_ID, type TargetInfo } from '../../shared/model/remote';
import type { Bridge } from '../bridge/bridge';
import type { Principal } from '../bridge/command-access';
import { WindowSession, type WindowSessionDeps } from '../bridge/window-session';
import { localTarget } from '../bridge/window-target';
import { connectProfile, profileDefinitions } from '../remote/connect-profile';
import { ChannelError, Reply } from '../broker/errors';
import type { PasswordVault, ProfileStore } from '../remote/profile-store';

export interface WindowSessionsOptions {
  /** the embedded broker's bridge; null under `warren connect` */
  bridge: Bridge | null;
  version: string;
  profiles: ProfileStore;
  vault: PasswordVault;
  /** the profile new windows start on (default: the embedded broker) */
  initial?: string;
  onError?(err: unknown): void;
}

export type OpenWindow = (owner: string, scope: string, principal: Principal | null) => WindowSession;

export function windowSessions(o: WindowSessionsOptions): OpenWindow {
  return (owner, scope, principal) => {
    const info: TargetInfo = {
      profileId: LOCAL_PROFILE_ID, name: 'This computer', kind: 'local', readOnly: false, product: 'Warren', version: o.version,
      clusterName: `warren@${hostname()}`, managementUrl: null, user: principal?.user ?? '', defaultVhost: '/',
    };
    const deps: WindowSessionDeps = {
      local: o.bridge ? localTarget(o.bridge, info) : null,
      profiles: o.profiles, vault: o.vault, owner, scope, principal,
      connect: connectProfile,
      definitionsOf: profileDefinitions,
      diff: notYet,
      initial: o.initial,
      onError: o.onError,
    };
    return new WindowSession(deps);
  };
}

const notYet = (): Res<'diffDefinitions'> => { throw new ChannelError(Reply.NOT_IMPLEMENTED, 'comparing definitions is not built yet'); };
