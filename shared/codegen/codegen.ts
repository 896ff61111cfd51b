// Code from a topology: the languages Warren writes, one module each.
import { topologyOf, type Selection, type VhostDefinitions } from './topology';
import type { CodeOptions } from './header';
import { pikaCode } from './pika';
import { amqplibCode } from './amqplib';
import { springCode } from './spring';
import { definitionsCode } from './definitions';
import { rabbitmqadminCode } from './rabbitmqadmin';

export const CODE_LANGUAGES = ['pika', 'amqplib', 'spring', 'definitions', 'rabbitmqadmin'] as const;
export type CodeLanguage = (typeof CODE_LANGUAGES)[number];

export const LANGUAGE_LABELS: Record<CodeLanguage, string> = {
  pika: 'Python (pika)', amqplib: 'Node.js (amqplib)', spring: 'Java (Spring AMQP)', definitions: 'definitions.json', rabbitmqadmin: 'rabbitmqadmin',
};

/** the file name a user would save it under */
export const LANGUAGE_FILES: Record<CodeLanguage, string> = {
  pika: 'topology.py', amqplib: 'topology.js', spring: 'RabbitTopology.java', definitions: 'definitions.json', rabbitmqadmin: 'topology.sh',
};

export function isCodeLanguage(s: string): s is CodeLanguage {
  return (CODE_LANGUAGES as readonly string[]).includes(s);
}

export function generateCode(lang: CodeLanguage, defs: VhostDefinitions, o: CodeOptions & { selection?: Selection }): string {
  const t = topologyOf(defs, o.selection);
  switch (lang) {
    case 'pika': return pikaCode(t, o);
    case 'amqplib': return amqplibCode(t, o);
    case 'spring': return springCode(t, o);
    case 'definitions': return definitionsCode(t);
    case 'rabbitmqadmin': return rabbitmqadminCode(t, o);
  }
}
