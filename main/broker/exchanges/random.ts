// x-random (rabbitmq-random-exchange): each message goes to one binding picked at random.
import type { BasicProperties } from '../../../shared/model/properties';
import type { Binding } from './binding';
import { FanoutMatcher } from './fanout';

export class RandomMatcher extends FanoutMatcher {
  override match(_routingKey: string, _props: BasicProperties | undefined, out: Binding[]): void {
    const all = this.all;
    if (all.length > 0) out.push(all[Math.floor(Math.random() * all.length)]);
  }
}
