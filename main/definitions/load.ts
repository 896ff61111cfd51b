// A definitions file imported at start-up (RabbitMQ's load_definitions): every start, after the
// saved state, so that what the file says wins.
import { readFileSync } from 'node:fs';
import type { Broker } from '../broker/broker';
import { DefinitionsError, parseDefinitions } from './format';
import { importDefinitions } from './import';

export function loadDefinitionsFile(broker: Broker, file: string): void {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (err) {
    throw new DefinitionsError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  importDefinitions(broker, parseDefinitions(text));
}
