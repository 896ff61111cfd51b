// What a target cannot do, said as NOT_IMPLEMENTED with the reason; and the profile commands, which
// the window session answers before any target's handlers are asked (window-session.ts).
import { ChannelError, Reply } from '../broker/errors';

export const notHere = (why: string): never => { throw new ChannelError(Reply.NOT_IMPLEMENTED, why); };

const session = (): never => notHere('profiles are handled by the window session');

/** The profile commands in a target's handler table. */
export const SESSION_COMMANDS = {
  listProfiles: session, saveProfile: session, deleteProfile: session, useProfile: session, getTarget: session,
  diffDefinitions: session, importFromProfile: session,
} as const;
