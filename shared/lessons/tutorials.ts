// RabbitMQ's six tutorials as lessons, with the tutorials' names (hello, task_queue, logs,
// direct_logs, topic_logs, rpc_queue) so they can be followed side by side with rabbitmq.com.
// Queues a check must name are named here where the tutorial lets the server name them.
import type { Lesson, StepAction } from '../model/lessons';

const hello: Lesson = {
  id: 'hello-world',
  title: '1. Hello World',
  text: 'A producer sends a message to a queue; a consumer receives it. The default exchange delivers a message to the queue named by its routing key.',
  start: {},
  steps: [
    {
      title: 'Declare the queue hello',
      text: 'Queues hold messages until a consumer takes them. Declaring is idempotent: it creates the queue only if it does not exist.',
      hint: 'Add a queue named hello with "durable" unticked, as the tutorial declares it (+ Queue), or run the code.',
      check: { kind: 'queue', name: 'hello', durable: false },
      actions: [{ do: 'queue', name: 'hello' }],
    },
    {
      title: 'Send Hello World!',
      text: 'Publish to the default exchange ("") with the routing key hello: it goes straight to the queue hello.',
      hint: 'Publish tool: exchange (default), routing key hello, body Hello World!',
      check: { kind: 'queue-stats', queue: 'hello', minPublished: 1 },
      actions: [{ do: 'queue', name: 'hello' }, { do: 'publish', exchange: '', routingKey: 'hello', body: 'Hello World!' }],
    },
    {
      title: 'Receive it',
      text: 'A consumer subscribes to the queue and the broker pushes messages to it. With automatic acknowledgement a message counts as done once sent.',
      hint: 'Run the code below: it receives one message and exits. Or, in the window: + Consumer on the queue hello.',
      check: { kind: 'queue-stats', queue: 'hello', minDelivered: 1 },
      actions: [{ do: 'queue', name: 'hello' }, { do: 'consume', queue: 'hello', ack: false, stopAfter: 1 }],
    },
  ],
};

const workQueues: Lesson = {
  id: 'work-queues',
  title: '2. Work queues',
  text: 'A work queue spreads time-consuming tasks among workers. Durable queues and persistent messages survive a restart; acknowledgements and prefetch 1 make dispatch fair.',
  start: {},
  steps: [
    {
      title: 'A durable queue task_queue',
      text: 'A durable queue is kept when the broker restarts (its persistent messages too).',
      hint: 'Add a queue task_queue with "durable" ticked.',
      check: { kind: 'queue', name: 'task_queue', durable: true },
      actions: [{ do: 'queue', name: 'task_queue', durable: true }],
    },
    {
      title: 'Send persistent tasks',
      text: 'new_task.py sends each task as a persistent message (delivery mode 2). Send at least three.',
      hint: 'Publish tool: routing key task_queue, persistent, three times (or run the code).',
      check: { kind: 'queue-stats', queue: 'task_queue', minPublished: 3 },
      actions: [{ do: 'queue', name: 'task_queue', durable: true }, { do: 'publish', exchange: '', routingKey: 'task_queue', body: 'Hello...', count: 3, persistent: true }],
    },
    {
      title: 'A worker with fair dispatch',
      text: 'worker.py takes one task at a time (prefetch 1) and acknowledges it when done, so a busy worker is not given more.',
      hint: 'Run the code: it stays connected until you stop it (Ctrl+C). Or, in the window: + Consumer on task_queue, prefetch 1, manual ack.',
      check: { kind: 'all', checks: [{ kind: 'consumers', queue: 'task_queue', min: 1, prefetch: 1, ack: true }, { kind: 'queue-stats', queue: 'task_queue', minAcked: 1 }] },
      actions: [{ do: 'queue', name: 'task_queue', durable: true }, { do: 'consume', queue: 'task_queue', ack: true, prefetch: 1 }],
    },
    {
      title: 'Two workers share the work',
      text: 'Start a second worker: the queue hands tasks to both in turn.',
      hint: 'Run the same code in a second terminal while the first still runs, or add a second + Consumer like the first.',
      check: { kind: 'consumers', queue: 'task_queue', min: 2, prefetch: 1, ack: true },
      actions: [{ do: 'queue', name: 'task_queue', durable: true }, { do: 'consume', queue: 'task_queue', ack: true, prefetch: 1 }],
    },
  ],
};

const subscriber: StepAction[] = [
  { do: 'exchange', name: 'logs', type: 'fanout' }, { do: 'queue', name: '', exclusive: true },
  { do: 'bind', exchange: 'logs', queue: '', routingKey: '' }, { do: 'consume', queue: '', ack: false },
];

const pubSub: Lesson = {
  id: 'publish-subscribe',
  title: '3. Publish/Subscribe',
  text: 'A fanout exchange copies every message to all the queues bound to it. Each subscriber gets its own exclusive queue, named by the server.',
  start: {},
  steps: [
    {
      title: 'A fanout exchange logs',
      text: 'Producers publish to an exchange, never to a queue directly.',
      hint: 'Add an exchange logs of type fanout, "durable" unticked as the tutorial declares it.',
      check: { kind: 'exchange', name: 'logs', type: 'fanout', durable: false },
      actions: [{ do: 'exchange', name: 'logs', type: 'fanout' }],
    },
    {
      title: 'A subscriber',
      text: 'receive_logs.py declares an exclusive queue with an empty name (the server names it) and binds it to logs.',
      hint: 'Run the code; it stays connected until stopped, and its queue goes with it.',
      check: { kind: 'routes', exchange: 'logs', routingKey: '', minQueues: 1 },
      actions: subscriber,
    },
    {
      title: 'A second subscriber',
      text: 'Each subscriber has its own queue, so each gets a copy of every message.',
      hint: 'Run the same code in a second terminal while the first still runs, or add a second + Consumer like the first.',
      check: { kind: 'routes', exchange: 'logs', routingKey: '', minQueues: 2 },
      actions: subscriber,
    },
    {
      title: 'Emit a log',
      text: 'emit_log.py publishes to logs; every subscriber prints it.',
      hint: 'Publish to the exchange logs (any routing key).',
      check: { kind: 'vhost-stats', minPublished: 1 },
      actions: [{ do: 'exchange', name: 'logs', type: 'fanout' }, { do: 'publish', exchange: 'logs', routingKey: '', body: 'info: Hello World!' }],
    },
  ],
};

const routing: Lesson = {
  id: 'routing',
  title: '4. Routing',
  text: 'A direct exchange delivers a message to the queues whose binding key equals its routing key: here, by log severity.',
  start: {},
  steps: [
    {
      title: 'A direct exchange direct_logs',
      text: 'The severity (info, warning, error) is the routing key.',
      hint: 'Add an exchange direct_logs of type direct, "durable" unticked as the tutorial declares it.',
      check: { kind: 'exchange', name: 'direct_logs', type: 'direct', durable: false },
      actions: [{ do: 'exchange', name: 'direct_logs', type: 'direct' }],
    },
    {
      title: 'Errors to the queue errors',
      text: 'Bind a queue errors with the key error: only error messages reach it.',
      hint: 'Add a queue errors and bind it to direct_logs with routing key error.',
      check: { kind: 'all', checks: [
        { kind: 'routes', exchange: 'direct_logs', routingKey: 'error', reaches: ['errors'] },
        { kind: 'routes', exchange: 'direct_logs', routingKey: 'info', avoids: ['errors'] },
      ] },
      actions: [{ do: 'exchange', name: 'direct_logs', type: 'direct' }, { do: 'queue', name: 'errors' }, { do: 'bind', exchange: 'direct_logs', queue: 'errors', routingKey: 'error' }],
    },
    {
      title: 'Everything to all_logs',
      text: 'A queue may have several bindings: bind all_logs with info, warning and error.',
      hint: 'Three bindings from direct_logs to all_logs.',
      check: { kind: 'all', checks: ['info', 'warning', 'error'].map((k) => ({ kind: 'routes' as const, exchange: 'direct_logs', routingKey: k, reaches: ['all_logs'] })) },
      actions: [
        { do: 'exchange', name: 'direct_logs', type: 'direct' }, { do: 'queue', name: 'all_logs' },
        ...['info', 'warning', 'error'].map((k) => ({ do: 'bind' as const, exchange: 'direct_logs', queue: 'all_logs', routingKey: k })),
      ],
    },
    {
      title: 'Emit an error',
      text: 'emit_log_direct.py error "Run. Run. Or it will explode." reaches both queues.',
      hint: 'Publish to direct_logs with routing key error.',
      check: { kind: 'all', checks: [{ kind: 'queue-stats', queue: 'errors', minPublished: 1 }, { kind: 'queue-stats', queue: 'all_logs', minPublished: 1 }] },
      actions: [{ do: 'exchange', name: 'direct_logs', type: 'direct' }, { do: 'publish', exchange: 'direct_logs', routingKey: 'error', body: 'Run. Run. Or it will explode.' }],
    },
  ],
};

const topics: Lesson = {
  id: 'topics',
  title: '5. Topics',
  text: 'A topic exchange matches dot-separated routing keys against patterns: * stands for one word, # for zero or more.',
  start: {},
  steps: [
    {
      title: 'A topic exchange topic_logs',
      text: 'Keys read <facility>.<severity>, such as kern.error.',
      hint: 'Add an exchange topic_logs of type topic, "durable" unticked as the tutorial declares it.',
      check: { kind: 'exchange', name: 'topic_logs', type: 'topic', durable: false },
      actions: [{ do: 'exchange', name: 'topic_logs', type: 'topic' }],
    },
    {
      title: 'Only *.error messages reach errors',
      text: 'Make only *.error messages reach the queue errors.',
      hint: 'Bind a queue errors to topic_logs with the pattern *.error.',
      check: { kind: 'all', checks: [
        { kind: 'routes', exchange: 'topic_logs', routingKey: 'kern.error', reaches: ['errors'] },
        { kind: 'routes', exchange: 'topic_logs', routingKey: 'kern.info', avoids: ['errors'] },
      ] },
      actions: [{ do: 'exchange', name: 'topic_logs', type: 'topic' }, { do: 'queue', name: 'errors' }, { do: 'bind', exchange: 'topic_logs', queue: 'errors', routingKey: '*.error' }],
    },
    {
      title: 'Everything from kern to kern',
      text: 'A queue kern gets every message of the kern facility, however many words follow.',
      hint: 'Bind a queue kern with the pattern kern.#.',
      check: { kind: 'all', checks: [
        { kind: 'routes', exchange: 'topic_logs', routingKey: 'kern.disk.info', reaches: ['kern'] },
        { kind: 'routes', exchange: 'topic_logs', routingKey: 'app.error', avoids: ['kern'] },
      ] },
      actions: [{ do: 'exchange', name: 'topic_logs', type: 'topic' }, { do: 'queue', name: 'kern' }, { do: 'bind', exchange: 'topic_logs', queue: 'kern', routingKey: 'kern.#' }],
    },
    {
      title: 'Emit kern.error',
      text: 'emit_log_topic.py kern.error "A critical kernel error" reaches both queues.',
      hint: 'Publish to topic_logs with routing key kern.error.',
      check: { kind: 'all', checks: [{ kind: 'queue-stats', queue: 'errors', minPublished: 1 }, { kind: 'queue-stats', queue: 'kern', minPublished: 1 }] },
      actions: [{ do: 'exchange', name: 'topic_logs', type: 'topic' }, { do: 'publish', exchange: 'topic_logs', routingKey: 'kern.error', body: 'A critical kernel error' }],
    },
  ],
};

const rpc: Lesson = {
  id: 'rpc',
  title: '6. RPC',
  text: 'A client sends a request with reply_to (its own exclusive queue) and a correlation_id; the server answers there. The server computes Fibonacci numbers.',
  start: {},
  steps: [
    {
      title: 'Start the RPC server',
      text: 'rpc_server.py consumes rpc_queue (prefetch 1) and publishes each answer to the request\'s reply_to.',
      hint: 'Run the code; it stays connected until stopped.',
      check: { kind: 'consumers', queue: 'rpc_queue', min: 1 },
      actions: [{ do: 'queue', name: 'rpc_queue' }, { do: 'rpc-server', queue: 'rpc_queue' }],
    },
    {
      title: 'Call it',
      text: 'rpc_client.py asks for fib(30) and waits for the answer with its correlation_id.',
      hint: 'Run the client while the server runs.',
      check: { kind: 'queue-stats', queue: 'rpc_queue', minAcked: 1 },
      actions: [{ do: 'rpc-call', queue: 'rpc_queue', body: '30' }],
    },
  ],
};

export const TUTORIALS: Lesson[] = [hello, workQueues, pubSub, routing, topics, rpc];
