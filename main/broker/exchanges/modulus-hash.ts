// x-modulus-hash (rabbitmq-sharding): the routing key's hash modulo the number of bindings picks
// one binding, so a key always goes to the same binding while the bindings stay the same.
import type { BasicProperties } from '../../../shared/model/properties';
import type { Binding } from './binding';
import { FanoutMatcher } from './fanout';
import { hashString } from './hash';

export function moduloIndex(routingKey: string, count: number): number {
  return hashString(routingKey) % count;
}

export class ModulusHashMatcher extends FanoutMatcher {
  override match(routingKey: string, _props: BasicProperties | undefined, out: Binding[]): void {
    const all = this.all;
    if (all.length > 0) out.push(all[moduloIndex(routingKey, all.length)]);
  }
}
