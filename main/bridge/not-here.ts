// What a target cannot do, said as NOT_IMPLEMENTED with the reason; the profile commands, which
// the window session answers before any target's handlers are asked (window-session.ts); and the
// simulated clients, which only the embedded broker runs.
import { ChannelError, Reply } from '../broker/errors';

export const notHere = (why: string): never => { throw new ChannelError(Reply.NOT_IMPLEMENTED, why); };

const session = (): never => notHere('profiles are handled by the window session');

/** The profile commands in a target's handler table. */
export const SESSION_COMMANDS = {
  listProfiles: session, saveProfile: session, deleteProfile: session, useProfile: session, getTarget: session,
  diffDefinitions: session, importFromProfile: session,
} as const;

const SIMULATED_HERE = 'simulated clients run inside the embedded broker; on another broker, run `warren simulate --url ...` against it';

/** The simulated-client commands on a target that runs none (a remote broker): it lists none. */
export const NO_SIMULATION = {
  listSimulated: () => [],
  startSimulated: () => notHere(SIMULATED_HERE), publishSimulated: () => notHere(SIMULATED_HERE),
  crashSimulated: () => notHere(SIMULATED_HERE), stopSimulated: () => notHere(SIMULATED_HERE),
} as const;
