// Targets and profiles for the window's component tests (a fake client answers with these).
import type { ProfileInfo, TargetInfo } from '../../../shared/model/remote';
import type { FakeClient } from '../../ipc/fake-client';

export const LOCAL: TargetInfo = {
  profileId: 'local', name: 'This computer', kind: 'local', readOnly: false, product: 'Warren', version: '1.0.0',
  clusterName: 'warren', managementUrl: null, user: 'guest', defaultVhost: '/',
};

export const STAGING: TargetInfo = {
  profileId: 'p1', name: 'staging', kind: 'remote', readOnly: false, product: 'RabbitMQ', version: '3.10.8',
  clusterName: 'rabbit@x', managementUrl: 'http://mq.example.com:15672', user: 'admin', defaultVhost: 'shop',
};

export const profile = (p: Partial<ProfileInfo> & Pick<ProfileInfo, 'id' | 'name'>): ProfileInfo => ({
  kind: 'remote', managementUrl: 'http://mq.example.com:15672', user: 'admin', hasPassword: true, amqpUrl: null,
  defaultVhost: '/', readOnly: false, caPem: null, ...p,
});

export const PROFILES: ProfileInfo[] = [
  { id: 'local', name: 'This computer', kind: 'local', managementUrl: null, user: null, hasPassword: false, amqpUrl: null, defaultVhost: '/', readOnly: false, caPem: null },
  profile({ id: 'p1', name: 'staging', defaultVhost: 'shop' }),
  profile({ id: 'p2', name: 'prod', hasPassword: false, readOnly: true }),
];

/** The fake client answering the profile commands: useProfile switches to STAGING (or `prod`). */
export function withProfiles(client: FakeClient, profiles: ProfileInfo[] = PROFILES): FakeClient {
  client.respond('listProfiles', () => profiles);
  client.respond('getTarget', () => LOCAL);
  client.respond('useProfile', (r) => {
    const p = profiles.find((x) => x.id === r.id)!;
    return p.id === 'p1' ? STAGING : { ...STAGING, profileId: p.id, name: p.name, readOnly: p.readOnly, defaultVhost: p.defaultVhost };
  });
  return client;
}
