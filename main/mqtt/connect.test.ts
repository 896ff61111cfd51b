import { describe, expect, it } from 'vitest';
import { Broker } from '../broker/broker';
import { acceptConnect, connackCode, ConnectRefused } from './connect';
import { DEFAULT_MQTT_SETTINGS } from './settings';

const connect = (over: Record<string, unknown>) => ({ cmd: 'connect' as const, clientId: 'c1', protocolVersion: 4 as const, clean: true, ...over });

const here = { remoteAddress: '127.0.0.1', remotePort: 50000, loopback: true };
const afar = { remoteAddress: '10.0.0.9', remotePort: 50000, loopback: false };

function refusal(f: () => unknown): string {
  try { f(); } catch (err) { if (err instanceof ConnectRefused) return err.refusal; throw err; }
  return 'accepted';
}

describe('acceptConnect', () => {
  const broker = new Broker();
  broker.addVhost('garden');
  broker.users.put('alice', { password: 'wonder', tags: [] });
  broker.permissions.set({ user: 'alice', vhost: 'garden', configure: '.*', write: '.*', read: '.*' });

  it("logs in as RabbitMQ's MQTT plugin does: anonymous is guest on '/', vhost:user names the vhost", () => {
    expect(acceptConnect(broker, DEFAULT_MQTT_SETTINGS, connect({}), here)).toMatchObject({ user: 'guest', clientId: 'c1' });
    expect(acceptConnect(broker, DEFAULT_MQTT_SETTINGS, connect({ username: 'garden:alice', password: Buffer.from('wonder') }), afar).vhost.name).toBe('garden');
  });

  it('refuses with the reason CONNACK names', () => {
    expect(refusal(() => acceptConnect(broker, DEFAULT_MQTT_SETTINGS, connect({ username: 'alice', password: Buffer.from('nope') }), here))).toBe('credentials');
    expect(refusal(() => acceptConnect(broker, DEFAULT_MQTT_SETTINGS, connect({ username: 'alice', password: Buffer.from('wonder') }), here))).toBe('not-authorized'); // no permissions on '/'
    expect(refusal(() => acceptConnect(broker, DEFAULT_MQTT_SETTINGS, connect({ username: 'nowhere:alice', password: Buffer.from('wonder') }), here))).toBe('not-authorized');
    expect(refusal(() => acceptConnect(broker, DEFAULT_MQTT_SETTINGS, connect({}), afar))).toBe('not-authorized'); // guest from afar
    expect(refusal(() => acceptConnect(broker, { ...DEFAULT_MQTT_SETTINGS, anonymous: null }, connect({}), here))).toBe('credentials');
    expect(refusal(() => acceptConnect(broker, DEFAULT_MQTT_SETTINGS, connect({ username: 'guest' }), here))).toBe('credentials');
    expect(refusal(() => acceptConnect(broker, DEFAULT_MQTT_SETTINGS, connect({ clientId: '', clean: false }), here))).toBe('client-id');
  });

  it('gives an empty client id of a clean session a generated one', () => {
    const login = acceptConnect(broker, DEFAULT_MQTT_SETTINGS, connect({ clientId: '' }), here);
    expect(login.assigned).toBe(true);
    expect(login.clientId).toMatch(/^warren-/);
  });

  it('answers in each version\'s codes', () => {
    expect([connackCode('credentials', 4), connackCode('credentials', 5), connackCode('not-authorized', 3), connackCode('client-id', 5)]).toEqual([4, 0x86, 5, 0x85]);
  });
});
