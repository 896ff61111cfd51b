// Server-generated names, in RabbitMQ's shapes: amq.gen-<22 url-safe base64 chars>, amq.ctag-<...>.
import { randomBytes } from 'node:crypto';

const token = (): string => randomBytes(16).toString('base64url').slice(0, 22);

export const generatedQueueName = (): string => `amq.gen-${token()}`;
export const generatedConsumerTag = (): string => `amq.ctag-${token()}`;
