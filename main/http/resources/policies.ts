// /api/policies[/{vhost}[/{name}]] and /api/operator-policies likewise (rabbit_mgmt_wm_policies,
// _policy, _operator_policies, _operator_policy). Policymakers manage the policies of vhosts they
// have permissions in; operator policies are for administrators.
import type { Policy, PolicyKind } from '../../broker/policies/policy';
import { policyJson } from '../../definitions/format';
import { InvalidPolicyError } from '../../broker/policies/policy';
import { mayUseVhost, visibleVhosts } from '../auth';
import { requireKeys } from '../body';
import { badRequest, HttpError, notAuthorised } from '../errors';
import type { Need } from '../auth';
import type { Ctx, Resource } from '../router';


/** RabbitMQ's text; its user-policy path (not the operator one) HTML-escapes the Erlang terms. */
function validationFailed(kind: PolicyKind, e: InvalidPolicyError): HttpError {
  const text = kind === 'policy' ? e.message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : e.message;
  return badRequest(`Validation failed\n\n${text}\n`);
}

/** is_authorized_policies: the caller's vhost access is part of the same check and refusal. */
function requirePolicyVhost(ctx: Ctx): void {
  if (ctx.broker.vhosts.has(ctx.params.vhost) && !mayUseVhost(ctx.broker, ctx.user, ctx.params.vhost)) throw notAuthorised('User not authorised to access object');
}

function resources(kind: PolicyKind, need: Need): { all: Resource; inVhost: Resource; one: Resource } {
  // Lists need management only (RabbitMQ shows them to any user, of the vhosts they may see).
  const listAuth = { read: 'management', write: need } as const;
  const auth = { read: need, write: need };
  const sort = ['priority'];
  const rows = (ctx: Ctx, vhost: string): Record<string, unknown>[] => ctx.broker.vhost(vhost)!.policies.list(kind).map(policyJson);
  const policyOf = (ctx: Ctx): Policy | undefined => ctx.broker.vhost(ctx.params.vhost)?.policies.get(kind, ctx.params.name);
  return {
    all: { methods: ['GET'], auth: listAuth, list: { rows: (ctx) => visibleVhosts(ctx.broker, ctx.user).flatMap((v) => rows(ctx, v)), sort, pageable: false } },
    inVhost: {
      methods: ['GET'], auth: listAuth, vhostParam: 'vhost',
      exists: (ctx) => ctx.broker.vhosts.has(ctx.params.vhost),
      list: { rows: (ctx) => rows(ctx, ctx.params.vhost), sort, pageable: false },
    },
    one: {
      // The vhost is checked here, not by the API: RabbitMQ refuses it with the policymaker text.
      methods: ['GET', 'PUT', 'DELETE'], auth,
      exists: (ctx) => { requirePolicyVhost(ctx); return policyOf(ctx) !== undefined; },
      get: (ctx) => policyJson(policyOf(ctx)!),
      put(ctx) {
        requirePolicyVhost(ctx);
        requireKeys(ctx.body, ['pattern', 'definition']);
        if (!ctx.broker.vhosts.has(ctx.params.vhost)) throw new HttpError(404, 'not_found', 'vhost_not_found');
        const b = ctx.body;
        try {
          return ctx.broker.setPolicy(kind, ctx.params.vhost, ctx.params.name, { pattern: b.pattern, definition: b.definition, applyTo: b['apply-to'], priority: b.priority });
        } catch (e) {
          if (e instanceof InvalidPolicyError) throw validationFailed(kind, e);
          throw e;
        }
      },
      delete(ctx) {
        ctx.broker.deletePolicy(kind, ctx.params.vhost, ctx.params.name);
      },
    },
  };
}

export const policies = resources('policy', 'policymaker');
export const operatorPolicies = resources('operator', 'administrator');

/** The policy fields of /api/queues and /api/exchanges rows. */
export function appliedPolicyJson(applied: { policy: Policy | undefined; operator: Policy | undefined; definition: object } | null): Record<string, unknown> {
  return { policy: applied?.policy?.name ?? null, operator_policy: applied?.operator?.name ?? null, effective_policy_definition: applied?.definition ?? {} };
}
