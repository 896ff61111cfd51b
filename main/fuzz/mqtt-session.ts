// One fuzz session against an MQTT listener (TCP or Web-MQTT): a CONNECT (sometimes damaged),
// then groups of generated packets, each group followed by a PINGREQ whose PINGRESP must come back
// unless the broker disconnected: a broker that does neither within the timeout is a hang.
import mqtt from 'mqtt-packet';
import { encodeConnect, packetBytes, PINGREQ_BYTES, type MqttLogin, type MqttVersion } from './mqtt-gen';
import { mutate } from './mutate';
import type { Pipe } from './pipe';
import type { Rng } from './rng';
import type { Tally } from './findings';
import { DAMAGED_WAIT_MS, type SessionOptions } from './amqp-session';

const GROUP = 16;
const DISCONNECT = Buffer.from([0xe0, 0]);

export async function mqttSession(pipe: Pipe, rng: Rng, login: MqttLogin, opts: SessionOptions, tally: Tally, session: number, label = 'mqtt'): Promise<number> {
  const version = rng.pick([3, 4, 4, 5, 5] as MqttVersion[]);
  const parser = mqtt.parser({ protocolVersion: version });
  let waiting: (() => void) | null = null;
  let connack = -1;
  parser.on('packet', (p) => {
    if (p.cmd === 'connack') connack = p.returnCode ?? p.reasonCode ?? 0;
    if ((p.cmd === 'connack' || p.cmd === 'pingresp') && waiting) { const w = waiting; waiting = null; w(); }
  });
  parser.on('error', () => {}); // a reply this parser cannot read (a v5 packet it was not told about) ends nothing
  pipe.onData = (b) => { if (process.env.FUZZ_DEBUG) console.log('mqtt in', b.toString('hex').slice(0, 80)); parser.parse(b); };
  void pipe.closed.then(() => { const w = waiting; waiting = null; w?.(); });
  const reply = (ms = opts.timeoutMs): Promise<boolean> => new Promise((resolve) => {
    if (pipe.isClosed) return resolve(true);
    const t = setTimeout(() => { waiting = null; resolve(false); }, ms);
    waiting = () => { clearTimeout(t); resolve(true); };
  });
  let sent = 1;
  const connect = encodeConnect(rng, version, login);
  const damaged = rng.chance(0.05);
  const answered = reply(damaged ? DAMAGED_WAIT_MS : opts.timeoutMs);
  pipe.write(damaged ? mutate(rng, connect) : connect);
  if (!(await answered)) {
    if (damaged) { pipe.destroy(); tally.count(`${label} damaged connect ignored`); return sent; } // a broker may wait for the rest
    tally.find('hang', `no CONNACK within ${opts.timeoutMs} ms`, session);
    pipe.destroy();
    return sent;
  }
  if (connack !== 0) { tally.count(`${label} connack ${connack === -1 ? 'none' : connack}`); pipe.destroy(); return sent; }
  while (sent < opts.frames && !pipe.isClosed) {
    const group: Buffer[] = [];
    let damaged = false;
    for (let i = 0; i < GROUP; i++) {
      const b = packetBytes(rng, version);
      const d = rng.chance(opts.mutationRate);
      damaged ||= d;
      group.push(d ? mutate(rng, b) : b);
    }
    sent += group.length;
    pipe.write(Buffer.concat(group));
    const pong = reply(damaged ? DAMAGED_WAIT_MS : opts.timeoutMs);
    pipe.write(PINGREQ_BYTES);
    if (!(await pong)) {
      if (damaged) tally.count(`${label} waiting on a damaged packet`);
      else tally.find('hang', `no PINGRESP after ${sent} packets (MQTT ${version})`, session);
      pipe.destroy();
      return sent;
    }
  }
  tally.count(pipe.isClosed ? `${label} disconnected by broker` : `${label} clean disconnect`);
  pipe.write(DISCONNECT);
  pipe.destroy();
  return sent;
}
