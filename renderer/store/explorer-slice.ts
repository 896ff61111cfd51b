// The explorer tools' shared state: which tool is open, the route lit up on the canvas, the
// queue open in the message browser, the message being traced, a publish form prefill (e.g. a
// re-publish from a dead-letter queue) and the history of recent publishes.
import type { PublishRequest } from '../../shared/model/messages';
import type { ExplorerSlice, Slice } from './types';

export const HISTORY_MAX = 20;

export const createExplorerSlice: Slice<ExplorerSlice> = () => (set, get) => ({
  tool: null,
  routeLit: null,
  browsing: null,
  tracing: null,
  publishDraft: null,
  publishHistory: [],
  setTool: (tool) => set(tool === 'route' ? { tool } : { tool, routeLit: null }),
  setRouteLit: (routeLit) => set({ routeLit }),
  browse: (queue) => set({ tool: 'messages', browsing: queue, routeLit: null }),
  trace: (messageId) => set({ tool: 'trace', tracing: messageId, routeLit: null }),
  draftPublish: (draft) => set({ tool: 'publish', publishDraft: draft, routeLit: null }),
  remember(req: PublishRequest) {
    const key = JSON.stringify(req);
    const rest = get().publishHistory.filter((r) => JSON.stringify(r) !== key);
    set({ publishHistory: [req, ...rest].slice(0, HISTORY_MAX) });
  },
});
