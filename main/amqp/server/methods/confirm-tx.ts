// confirm.select and the tx class. A channel is in one mode or the other, never both (the
// channel checks).
import type { Handlers } from './handler';

export const confirmTxMethods: Handlers = {
  'confirm.select': (ch, a) => {
    ch.selectConfirms();
    if (!a.nowait) ch.send('confirm.select-ok', {});
  },
  'tx.select': (ch) => {
    ch.selectTx();
    ch.send('tx.select-ok', {});
  },
  'tx.commit': (ch) => ch.commit(),
  'tx.rollback': (ch) => {
    ch.rollback();
    ch.send('tx.rollback-ok', {});
  },
};
