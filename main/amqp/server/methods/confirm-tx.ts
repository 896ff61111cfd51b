// confirm.select and the tx class. A channel is in one mode or the other, never both.
import { ChannelError, Reply } from '../../../broker/errors';
import { Transaction } from '../transaction';
import type { Handlers } from './handler';

export const confirmTxMethods: Handlers = {
  'confirm.select': (ch, a) => {
    if (ch.tx) throw new ChannelError(Reply.PRECONDITION_FAILED, 'cannot switch from tx to confirm mode');
    if (ch.confirmSeq === 0) ch.confirmSeq = 1;
    if (!a.nowait) ch.send('confirm.select-ok', {});
  },
  'tx.select': (ch) => {
    if (ch.confirmSeq > 0) throw new ChannelError(Reply.PRECONDITION_FAILED, 'cannot switch from confirm to tx mode');
    ch.tx ??= new Transaction();
    ch.send('tx.select-ok', {});
  },
  'tx.commit': (ch) => {
    if (!ch.tx) throw new ChannelError(Reply.PRECONDITION_FAILED, 'channel is not transactional');
    const { publishes, settles } = ch.tx.take();
    let stored = false;
    for (const p of publishes) if (ch.route(p.exchange, p.message, p.mandatory)) stored = true;
    for (const s of settles) ch.settle(ch.takeUnacked(s.deliveryTag, s.multiple), s.outcome, s.method);
    // A committed transaction is on disk when commit-ok is sent.
    const store = ch.vhost.persistence;
    if (stored && store) store.whenSynced(() => { if (ch.state === 'open') ch.send('tx.commit-ok', {}); });
    else ch.send('tx.commit-ok', {});
  },
  'tx.rollback': (ch) => {
    if (!ch.tx) throw new ChannelError(Reply.PRECONDITION_FAILED, 'channel is not transactional');
    // Held publishes are dropped; rolled-back acks leave their messages unacknowledged.
    ch.tx.take();
    ch.send('tx.rollback-ok', {});
  },
};
