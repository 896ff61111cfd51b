// Channel-level dispatch table: method name -> handler, assembled from the per-class files.
import { basicMethods } from './basic';
import { channelMethods } from './channel';
import { confirmTxMethods } from './confirm-tx';
import { exchangeMethods } from './exchange';
import type { Handlers } from './handler';
import { queueMethods } from './queue';

export const channelHandlers: Handlers = {
  ...channelMethods,
  ...exchangeMethods,
  ...queueMethods,
  ...basicMethods,
  ...confirmTxMethods,
};
