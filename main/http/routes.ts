// The management API's routes: path pattern -> resource, as RabbitMQ's rabbit_mgmt_dispatcher.
import { route, type Route } from './router';
import * as health from './resources/health';
import { overview, whoami } from './resources/overview';
import { permission, permissions, topicPermission, topicPermissions } from './resources/permissions';
import { user, userPermissions, users, userTopicPermissions } from './resources/users';
import { vhost, vhosts } from './resources/vhosts';

export const ROUTES: readonly Route[] = [
  route('/api/overview', overview),
  route('/api/whoami', whoami),
  route('/api/vhosts', vhosts),
  route('/api/vhosts/:vhost', vhost),
  route('/api/users', users),
  route('/api/users/:user', user),
  route('/api/users/:user/permissions', userPermissions),
  route('/api/users/:user/topic-permissions', userTopicPermissions),
  route('/api/permissions', permissions),
  route('/api/permissions/:vhost/:user', permission),
  route('/api/topic-permissions', topicPermissions),
  route('/api/topic-permissions/:vhost/:user', topicPermission),
  route('/api/health/checks/alarms', health.alarms),
  route('/api/health/checks/local-alarms', health.localAlarms),
  route('/api/health/checks/virtual-hosts', health.virtualHosts),
  route('/api/health/checks/node-is-quorum-critical', health.nodeIsQuorumCritical),
  route('/api/health/checks/port-listener/:port', health.portListener),
  route('/api/health/checks/protocol-listener/:protocol', health.protocolListener),
  route('/api/aliveness-test/:vhost', health.alivenessTest),
];
