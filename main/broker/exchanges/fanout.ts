// fanout: every binding matches, whatever the routing key.
import type { BasicProperties } from '../../../shared/model/properties';
import type { Binding, BindingMatcher } from './binding';

export class FanoutMatcher implements BindingMatcher {
  /** every binding, in binding order (the types that pick one of them read it too) */
  protected readonly all: Binding[] = [];

  add(b: Binding): void { this.all.push(b); }

  remove(b: Binding): void {
    const i = this.all.indexOf(b);
    if (i >= 0) this.all.splice(i, 1);
  }

  match(_routingKey: string, _props: BasicProperties | undefined, out: Binding[]): void {
    for (let i = 0; i < this.all.length; i++) out.push(this.all[i]);
  }
}
