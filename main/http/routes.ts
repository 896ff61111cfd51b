// The management API's routes: path pattern -> resource, as RabbitMQ's rabbit_mgmt_dispatcher.
import { route, type Route } from './router';
import * as b from './resources/bindings';
import { definitions, vhostDefinitions } from './resources/definitions';
import * as x from './resources/exchanges';
import * as health from './resources/health';
import * as q from './resources/queues';
import { overview, whoami } from './resources/overview';
import { operatorPolicies, policies } from './resources/policies';
import { permission, permissions, topicPermission, topicPermissions, vhostPermissions, vhostTopicPermissions } from './resources/permissions';
import { user, userPermissions, users, userTopicPermissions } from './resources/users';
import { vhost, vhosts } from './resources/vhosts';
import * as conn from './resources/connections';
import * as chan from './resources/channels';
import * as cons from './resources/consumers';
import * as nodes from './resources/nodes';
import * as limits from './resources/limits';
import * as params from './resources/parameters';
import * as shovels from './resources/shovels';

export const ROUTES: readonly Route[] = [
  route('/api/overview', overview),
  route('/api/whoami', whoami),
  route('/api/vhosts', vhosts),
  route('/api/vhosts/:vhost', vhost),
  route('/api/vhosts/:vhost/permissions', vhostPermissions),
  route('/api/vhosts/:vhost/topic-permissions', vhostTopicPermissions),
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
  route('/api/exchanges', x.exchanges),
  route('/api/exchanges/:vhost', x.exchangesInVhost),
  route('/api/exchanges/:vhost/:name', x.exchange),
  route('/api/exchanges/:vhost/:name/bindings/source', x.exchangeBindingsSource),
  route('/api/exchanges/:vhost/:name/bindings/destination', x.exchangeBindingsDestination),
  route('/api/exchanges/:vhost/:name/publish', x.exchangePublish),
  route('/api/queues', q.queues),
  route('/api/queues/:vhost', q.queuesInVhost),
  route('/api/queues/:vhost/:name', q.queue),
  route('/api/queues/:vhost/:name/bindings', q.queueBindings),
  route('/api/queues/:vhost/:name/contents', q.queueContents),
  route('/api/queues/:vhost/:name/get', q.queueGet),
  route('/api/bindings', b.bindings),
  route('/api/bindings/:vhost', b.bindingsInVhost),
  route('/api/bindings/:vhost/e/:source/q/:destination', b.queueBindingPair),
  route('/api/bindings/:vhost/e/:source/e/:destination', b.exchangeBindingPair),
  route('/api/bindings/:vhost/e/:source/q/:destination/:props', b.queueBinding),
  route('/api/bindings/:vhost/e/:source/e/:destination/:props', b.exchangeBinding),
  route('/api/definitions', definitions),
  route('/api/definitions/:vhost', vhostDefinitions),
  route('/api/policies', policies.all),
  route('/api/policies/:vhost', policies.inVhost),
  route('/api/policies/:vhost/:name', policies.one),
  route('/api/operator-policies', operatorPolicies.all),
  route('/api/operator-policies/:vhost', operatorPolicies.inVhost),
  route('/api/operator-policies/:vhost/:name', operatorPolicies.one),
  route('/api/connections', conn.connections),
  route('/api/vhosts/:vhost/connections', conn.connectionsInVhost),
  route('/api/connections/:connection', conn.connection),
  route('/api/connections/:connection/channels', conn.connectionChannels),
  route('/api/channels', chan.channels),
  route('/api/vhosts/:vhost/channels', chan.channelsInVhost),
  route('/api/channels/:channel', chan.channel),
  route('/api/consumers', cons.consumers),
  route('/api/consumers/:vhost', cons.consumersInVhost),
  route('/api/nodes', nodes.nodes),
  route('/api/nodes/:node', nodes.node),
  route('/api/vhost-limits', limits.vhostLimits),
  route('/api/vhost-limits/:vhost', limits.vhostLimitsOf),
  route('/api/vhost-limits/:vhost/:name', limits.vhostLimit),
  route('/api/user-limits', limits.userLimits),
  route('/api/user-limits/:user', limits.userLimitsOf),
  route('/api/user-limits/:user/:name', limits.userLimit),
  route('/api/parameters', params.parameters),
  route('/api/parameters/:component', params.componentParameters),
  route('/api/parameters/:component/:vhost', params.componentVhostParameters),
  route('/api/parameters/:component/:vhost/:name', params.parameter),
  route('/api/shovels', shovels.shovels),
  route('/api/shovels/:vhost', shovels.vhostShovels),
  route('/api/shovels/vhost/:vhost/:name', shovels.shovel),
  route('/api/shovels/vhost/:vhost/:name/restart', shovels.restartShovel),
  route('/api/global-parameters', params.globalParameters),
  route('/api/global-parameters/:name', params.globalParameter),
];
