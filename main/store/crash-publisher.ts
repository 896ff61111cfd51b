// Child process for crash.test.ts: publishes numbered messages forever and reports, on stdout,
// what the store has confirmed as durable, until the store kills it at its WARREN_FAULT point.
//   WARREN_FAULT=after-fsync:40 node --import tsx main/store/crash-publisher.ts <dir> <first id>
// Lines: "c <id>"  every message up to <id> (from <first id>) is durable
//        "r <id>"  the removal of message <id> is durable
// stdout to a pipe is synchronous on POSIX, so a printed line was really sent before a kill.
import { MessageStore } from './message-store';

const [dir, firstArg] = process.argv.slice(2);
const first = Number(firstArg);
const store = await MessageStore.open(dir, { segmentBytes: 64 * 1024, compactIntervalMs: 5 });
const refs = new Map<number, number>();
let next = first;

const pump = (): void => {
  for (let i = 0; i < 100; i++) {
    const id = next++;
    const body = Buffer.from(`msg-${id}-`.padEnd(50 + (id % 200), 'x'));
    const queue = id % 3 === 0 ? 'q3' : 'q';
    refs.set(id, store.append(queue, { exchange: 'e', routingKey: queue, properties: Buffer.alloc(0), body, bodySize: body.length, publishedAt: id }));
    if (id % 5 === 0) store.markDelivered(refs.get(id)!);
  }
  const last = next - 1;
  store.whenSynced((err) => {
    if (err) throw err;
    process.stdout.write(`c ${last}\n`);
    // Consume most confirmed messages (every 7th stays), then report once that is durable.
    const removed: number[] = [];
    for (let id = last - 99; id <= last; id++) {
      if (id % 7 !== 0) {
        store.remove(refs.get(id)!);
        removed.push(id);
      }
      refs.delete(id);
    }
    store.whenSynced(() => process.stdout.write(removed.map((id) => `r ${id}\n`).join('')));
  });
  setImmediate(pump);
};
process.stdout.write('ready\n');
pump();
