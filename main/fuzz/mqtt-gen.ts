// MQTT fuzz packets: every packet type a client sends, MQTT 3.1, 3.1.1 and 5.0, with random
// fields (v5 properties included), encoded by mqtt-packet; the odd invalid combination mqtt-packet
// refuses to encode is left out (a CONNECT is replaced by a plainer one). Byte-level damage is mutate.ts's.
import mqtt from 'mqtt-packet';
import type { Rng } from './rng';
import { text, uint } from './values';

export type MqttVersion = 3 | 4 | 5;

const TOPICS = ['fuzz/a', 'fuzz/b/c', 'fuzz', 'fuzz/+/x', 'fuzz/#', '#', '+', '', '/', '$SYS/x', 'a//b', 'fuzz/ü', '$share/g/fuzz/a'];
const CLIENT_IDS = ['fuzz0', 'fuzz1', 'fuzz2', 'fuzz3', ''];

const topic = (rng: Rng): string => (rng.chance(0.85) ? rng.pick(TOPICS) : text(rng, 300));

function userProperties(rng: Rng): Record<string, string> | undefined {
  if (!rng.chance(0.2)) return undefined;
  const u: Record<string, string> = {};
  for (let i = rng.size(6); i > 0; i--) u[text(rng, 40)] = text(rng, 80);
  return u;
}

export interface MqttLogin { user: string; pass: string }

export function connectPacket(rng: Rng, version: MqttVersion, login: MqttLogin): mqtt.IConnectPacket {
  const p: mqtt.IConnectPacket = {
    cmd: 'connect', protocolVersion: version, protocolId: version === 3 ? 'MQIsdp' : 'MQTT',
    clientId: rng.chance(0.9) ? rng.pick(CLIENT_IDS) : text(rng, 100), clean: rng.chance(0.7),
    keepalive: rng.pick([0, 0, 10, 60, 65535]),
  };
  if (rng.chance(0.95)) { p.username = login.user; p.password = Buffer.from(login.pass); }
  if (rng.chance(0.2)) p.will = { topic: topic(rng), payload: rng.bytes(rng.size(100)), qos: rng.pick([0, 1, 2] as const), retain: rng.chance(0.3) };
  if (version === 5 && rng.chance(0.5)) {
    p.properties = {
      sessionExpiryInterval: rng.chance(0.5) ? uint(rng, 32) : undefined, receiveMaximum: rng.chance(0.3) ? rng.range(1, 65535) : undefined,
      maximumPacketSize: rng.chance(0.3) ? rng.range(1, 2 ** 28) : undefined, topicAliasMaximum: rng.chance(0.3) ? uint(rng, 16) : undefined,
      requestProblemInformation: rng.chance(0.5), userProperties: userProperties(rng),
    };
  }
  return p;
}

const id = (rng: Rng): number => (rng.chance(0.9) ? rng.range(1, 20) : uint(rng, 16));

function packet(rng: Rng, version: MqttVersion): mqtt.Packet {
  const r = rng.int(20);
  if (r < 8) {
    const qos = rng.pick([0, 1, 2] as const);
    const p: mqtt.IPublishPacket = { cmd: 'publish', topic: topic(rng), payload: rng.bytes(rng.chance(0.95) ? rng.size(512) : rng.size(200_000)), qos, retain: rng.chance(0.2), dup: rng.chance(0.1) };
    if (qos > 0) p.messageId = id(rng);
    if (version === 5 && rng.chance(0.4)) {
      p.properties = {
        topicAlias: rng.chance(0.3) ? uint(rng, 16) : undefined, messageExpiryInterval: rng.chance(0.3) ? uint(rng, 32) : undefined,
        payloadFormatIndicator: rng.chance(0.2), contentType: rng.chance(0.2) ? text(rng, 40) : undefined,
        responseTopic: rng.chance(0.2) ? topic(rng) : undefined, correlationData: rng.chance(0.2) ? rng.bytes(8) : undefined,
        userProperties: userProperties(rng), subscriptionIdentifier: rng.chance(0.05) ? uint(rng, 16) : undefined,
      };
    }
    return p;
  }
  if (r < 11) {
    const subscriptions = [];
    for (let i = rng.range(1, 4); i > 0; i--) {
      subscriptions.push({ topic: topic(rng), qos: rng.pick([0, 1, 2] as const), nl: rng.chance(0.2), rap: rng.chance(0.2), rh: rng.pick([0, 1, 2]) });
    }
    const p: mqtt.ISubscribePacket = { cmd: 'subscribe', messageId: id(rng), subscriptions };
    if (version === 5 && rng.chance(0.3)) p.properties = { subscriptionIdentifier: rng.range(1, 1000), userProperties: userProperties(rng) };
    return p;
  }
  if (r < 13) return { cmd: 'unsubscribe', messageId: id(rng), unsubscriptions: [topic(rng), topic(rng)].slice(0, rng.range(1, 2)) };
  if (r < 17) return { cmd: rng.pick(['puback', 'pubrec', 'pubrel', 'pubcomp'] as const), messageId: id(rng) } as mqtt.Packet;
  if (r < 18 && version === 5) return { cmd: 'auth', reasonCode: rng.pick([0, 0x18, 0x19]), properties: { authenticationMethod: text(rng, 20) } };
  if (r < 19 && rng.chance(0.2)) return connectPacket(rng, version, { user: 'fuzz:fuzz', pass: 'fuzz' }); // a second CONNECT
  if (r < 19 && rng.chance(0.1)) return { cmd: 'disconnect' };
  // no PINGREQ: its PINGRESP would answer the session's own round trip
  return { cmd: 'puback', messageId: id(rng) };
}

export const PINGREQ_BYTES = Buffer.from([0xc0, 0]);

/** One packet, encoded; what mqtt-packet will not encode is left out (empty). */
export function packetBytes(rng: Rng, version: MqttVersion): Buffer {
  try {
    return mqtt.generate(packet(rng, version), { protocolVersion: version }); // (empty for some invalid properties)
  } catch {
    return EMPTY;
  }
}

const EMPTY = Buffer.alloc(0);

/** A CONNECT mqtt-packet will encode (it refuses an empty client id before 3.1.1, or without a
 *  clean session; the broker's answer to those is tested through mutation instead). */
export function encodeConnect(rng: Rng, version: MqttVersion, login: MqttLogin): Buffer {
  const p = connectPacket(rng, version, login);
  try {
    const b = mqtt.generate(p, { protocolVersion: version });
    if (b.length > 0) return b; // (it returns nothing for some invalid properties)
  } catch { /* below */ }
  return mqtt.generate({ ...p, clientId: 'fuzz0', clean: true, properties: undefined, will: undefined }, { protocolVersion: version });
}
