// Lessons on the features the tutorials pass by: queue flags, acknowledgements and prefetch, TTL
// and dead-lettering, priorities, alternate exchanges, headers exchanges, publisher confirms.
import type { Lesson } from '../model/lessons';

const flags: Lesson = {
  id: 'queue-flags',
  title: 'Queue flags',
  text: 'Durable queues outlive a restart; exclusive ones belong to one connection; auto-delete ones go when their last consumer does; a passive declare only checks.',
  start: {},
  steps: [
    {
      title: 'Durable',
      text: 'A durable queue durable_q is kept across broker restarts.',
      hint: 'Add a queue durable_q with "durable" ticked.',
      check: { kind: 'queue', name: 'durable_q', durable: true },
      actions: [{ do: 'queue', name: 'durable_q', durable: true }],
    },
    {
      title: 'Exclusive',
      text: 'An exclusive queue exclusive_q lives only while the connection that declared it stays open.',
      hint: 'Run the code and keep it running; stop it and the queue is gone.',
      check: { kind: 'queue', name: 'exclusive_q', durable: false, exclusive: true },
      actions: [{ do: 'queue', name: 'exclusive_q', exclusive: true }, { do: 'consume', queue: 'exclusive_q', ack: false }],
    },
    {
      title: 'Auto-delete',
      text: 'An auto-delete queue auto_q is deleted when its last consumer cancels; it needs one first.',
      hint: 'Run the code: it consumes auto_q until stopped.',
      check: { kind: 'all', checks: [{ kind: 'queue', name: 'auto_q', durable: false, autoDelete: true }, { kind: 'queue-stats', queue: 'auto_q', minConsumers: 1 }] },
      actions: [{ do: 'queue', name: 'auto_q', autoDelete: true }, { do: 'consume', queue: 'auto_q', ack: false }],
    },
    {
      title: 'Passive',
      text: 'A passive declare of durable_q changes nothing: it answers 404 NOT_FOUND if the queue is missing, else its message count.',
      hint: 'Run the code; try it again with a name that does not exist.',
      check: { kind: 'queue', name: 'durable_q', durable: true, declaredPassively: true },
      actions: [{ do: 'queue', name: 'durable_q', passive: true }],
    },
  ],
};

const acks: Lesson = {
  id: 'acks-prefetch',
  title: 'Acknowledgements and prefetch',
  text: 'A consumer with manual acks holds each message until it acks it; prefetch caps how many it holds. Unacked messages go back to the queue when their consumer goes.',
  start: { queues: [{ name: 'jobs' }] },
  steps: [
    {
      title: 'Ten jobs',
      text: 'Publish ten messages to jobs.',
      hint: 'Publish tool: routing key jobs, ten times, or run the code.',
      check: { kind: 'queue-stats', queue: 'jobs', minPublished: 10 },
      actions: [{ do: 'publish', exchange: '', routingKey: 'jobs', body: 'job', count: 10 }],
    },
    {
      title: 'Prefetch 3, no acks',
      text: 'This consumer never acks: it holds three messages (its prefetch) and gets no more.',
      hint: 'Run the code and leave it running.',
      check: { kind: 'all', checks: [{ kind: 'consumers', queue: 'jobs', min: 1, prefetch: 3, ack: true }, { kind: 'queue-stats', queue: 'jobs', minUnacked: 3 }] },
      actions: [{ do: 'consume', queue: 'jobs', ack: true, prefetch: 3, hold: true }],
    },
    {
      title: 'Redelivery',
      text: 'Stop it: its three messages return to the queue, marked redelivered. Then run a consumer that acks them all.',
      hint: 'Ctrl+C the holding consumer, then run this code.',
      check: { kind: 'all', checks: [{ kind: 'queue-stats', queue: 'jobs', minRedelivered: 1, minAcked: 10 }] },
      actions: [{ do: 'consume', queue: 'jobs', ack: true, prefetch: 3, stopAfter: 10 }],
    },
  ],
};

const deadLetters: Lesson = {
  id: 'ttl-dead-lettering',
  title: 'TTL and dead-lettering',
  text: 'A queue can expire messages (x-message-ttl) and send what expires or is rejected to a dead-letter exchange. The sandbox clock runs ten times fast here.',
  clockScale: 10,
  start: { exchanges: [{ name: 'dlx', type: 'fanout' }], queues: [{ name: 'dead_letters' }], bindings: [{ exchange: 'dlx', queue: 'dead_letters', routingKey: '' }] },
  steps: [
    {
      title: 'A queue whose messages expire',
      text: 'Declare short_lived with x-message-ttl 10000 (10 s) and x-dead-letter-exchange dlx.',
      hint: 'Queue form: "durable" unticked, message TTL 10000, dead-letter exchange dlx.',
      check: { kind: 'queue', name: 'short_lived', durable: false, arguments: { 'x-message-ttl': 10000, 'x-dead-letter-exchange': 'dlx' } },
      actions: [{ do: 'queue', name: 'short_lived', arguments: { 'x-dead-letter-exchange': 'dlx', 'x-message-ttl': 10000 } }],
    },
    {
      title: 'Watch them expire',
      text: 'Publish three messages to short_lived and wait: they move to dead_letters with an x-death header saying expired.',
      hint: 'Publish to routing key short_lived three times, then wait.',
      check: { kind: 'dead-lettered', queue: 'dead_letters', reason: 'expired', min: 3 },
      actions: [{ do: 'publish', exchange: '', routingKey: 'short_lived', body: 'expiring', count: 3 }],
    },
    {
      title: 'Rejected messages too',
      text: 'A consumer that rejects a message without requeueing dead-letters it (reason rejected).',
      hint: 'Run the code: it publishes one message and rejects it.',
      check: { kind: 'dead-lettered', queue: 'dead_letters', reason: 'rejected', min: 1 },
      actions: [{ do: 'publish', exchange: '', routingKey: 'short_lived', body: 'unwanted' }, { do: 'consume', queue: 'short_lived', ack: true, reject: true, stopAfter: 1 }],
    },
  ],
};

const priorities: Lesson = {
  id: 'priorities',
  title: 'Priorities',
  text: 'A queue with x-max-priority delivers higher-priority messages first.',
  start: {},
  steps: [
    {
      title: 'A priority queue',
      text: 'Declare priority_q with x-max-priority 10.',
      hint: 'Queue form: "durable" unticked, max priority 10.',
      check: { kind: 'queue', name: 'priority_q', durable: false, arguments: { 'x-max-priority': 10 } },
      actions: [{ do: 'queue', name: 'priority_q', arguments: { 'x-max-priority': 10 } }],
    },
    {
      title: 'Low, then high',
      text: 'Publish a message with priority 1, then one with priority 9.',
      hint: 'Publish tool: set the priority property.',
      check: { kind: 'queue-stats', queue: 'priority_q', minPublished: 2 },
      actions: [{ do: 'publish', exchange: '', routingKey: 'priority_q', body: 'low', priority: 1 }, { do: 'publish', exchange: '', routingKey: 'priority_q', body: 'high', priority: 9 }],
    },
    {
      title: 'High comes first',
      text: 'Consume two: high arrives before low.',
      hint: 'Run the code.',
      check: { kind: 'queue-stats', queue: 'priority_q', minDelivered: 2 },
      actions: [{ do: 'consume', queue: 'priority_q', ack: true, stopAfter: 2 }],
    },
  ],
};

const alternate: Lesson = {
  id: 'alternate-exchanges',
  title: 'Alternate exchanges',
  text: 'An exchange with an alternate-exchange argument hands it every message it cannot route, instead of dropping it.',
  start: {},
  steps: [
    {
      title: 'Somewhere for the unrouted',
      text: 'A fanout exchange unrouted with a queue unrouted_q bound to it.',
      hint: 'Add both and bind them.',
      check: { kind: 'routes', exchange: 'unrouted', routingKey: 'anything', reaches: ['unrouted_q'] },
      actions: [{ do: 'exchange', name: 'unrouted', type: 'fanout' }, { do: 'queue', name: 'unrouted_q' }, { do: 'bind', exchange: 'unrouted', queue: 'unrouted_q', routingKey: '' }],
    },
    {
      title: 'orders, with unrouted as its alternate',
      text: 'A direct exchange orders (alternate-exchange unrouted) and a queue orders_q bound with new.',
      hint: 'Exchange form: alternate exchange unrouted.',
      check: { kind: 'all', checks: [
        { kind: 'routes', exchange: 'orders', routingKey: 'new', reaches: ['orders_q'], avoids: ['unrouted_q'] },
        { kind: 'routes', exchange: 'orders', routingKey: 'bogus', reaches: ['unrouted_q'] },
      ] },
      actions: [
        { do: 'exchange', name: 'orders', type: 'direct', arguments: { 'alternate-exchange': 'unrouted' } }, { do: 'queue', name: 'orders_q' },
        { do: 'bind', exchange: 'orders', queue: 'orders_q', routingKey: 'new' },
      ],
    },
    {
      title: 'Publish an unroutable order',
      text: 'Publish to orders with the key bogus: it lands in unrouted_q.',
      hint: 'Publish to orders, routing key bogus.',
      check: { kind: 'queue-stats', queue: 'unrouted_q', minPublished: 1 },
      actions: [{ do: 'publish', exchange: 'orders', routingKey: 'bogus', body: 'lost order' }],
    },
  ],
};

const headers: Lesson = {
  id: 'headers-exchanges',
  title: 'Headers exchanges',
  text: 'A headers exchange routes by message headers, not the routing key: x-match all needs every bound header, any needs one.',
  start: {},
  steps: [
    {
      title: 'A headers exchange',
      text: 'Declare headers_logs of type headers.',
      hint: 'Add an exchange headers_logs of type headers, "durable" unticked.',
      check: { kind: 'exchange', name: 'headers_logs', type: 'headers', durable: false },
      actions: [{ do: 'exchange', name: 'headers_logs', type: 'headers' }],
    },
    {
      title: 'PDF reports only',
      text: 'Bind a queue pdf_reports with x-match all, format pdf, type report.',
      hint: 'Binding arguments: x-match all, format pdf, type report.',
      check: { kind: 'all', checks: [
        { kind: 'routes', exchange: 'headers_logs', routingKey: '', headers: { format: 'pdf', type: 'report' }, reaches: ['pdf_reports'] },
        { kind: 'routes', exchange: 'headers_logs', routingKey: '', headers: { format: 'pdf', type: 'log' }, avoids: ['pdf_reports'] },
      ] },
      actions: [
        { do: 'exchange', name: 'headers_logs', type: 'headers' }, { do: 'queue', name: 'pdf_reports' },
        { do: 'bind', exchange: 'headers_logs', queue: 'pdf_reports', routingKey: '', arguments: { 'x-match': 'all', format: 'pdf', type: 'report' } },
      ],
    },
    {
      title: 'Publish a report',
      text: 'Publish with the headers format pdf and type report.',
      hint: 'Publish tool: add the two headers.',
      check: { kind: 'queue-stats', queue: 'pdf_reports', minPublished: 1 },
      actions: [{ do: 'publish', exchange: 'headers_logs', routingKey: '', body: 'Q3 report', headers: { format: 'pdf', type: 'report' } }],
    },
  ],
};

const confirms: Lesson = {
  id: 'publisher-confirms',
  title: 'Publisher confirms',
  text: 'In confirm mode the broker acknowledges each message it has taken responsibility for; with mandatory, an unroutable message comes back instead of vanishing.',
  start: { queues: [{ name: 'confirmed', durable: true }] },
  steps: [
    {
      title: 'Publish with confirms',
      text: 'Put the channel in confirm mode and publish five persistent messages, waiting for their confirms.',
      hint: 'Run the code.',
      check: { kind: 'all', checks: [{ kind: 'vhost-stats', minConfirmed: 5 }, { kind: 'queue-stats', queue: 'confirmed', minPublished: 5 }] },
      actions: [{ do: 'publish', exchange: '', routingKey: 'confirmed', body: 'important', count: 5, persistent: true, confirm: true }],
    },
    {
      title: 'Mandatory: get the unroutable back',
      text: 'Publish with mandatory to a key no queue has: the broker returns it (basic.return).',
      hint: 'Run the code; the publish tool\'s mandatory box does the same.',
      check: { kind: 'vhost-stats', minReturned: 1 },
      actions: [{ do: 'publish', exchange: '', routingKey: 'nowhere', body: 'lost', mandatory: true, confirm: true }],
    },
  ],
};

export const FEATURE_LESSONS: Lesson[] = [flags, acks, deadLetters, priorities, alternate, headers, confirms];
