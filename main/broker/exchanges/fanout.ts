// fanout: every binding matches, whatever the routing key.
import type { Binding, BindingMatcher } from './binding';

export class FanoutMatcher implements BindingMatcher {
  private readonly all: Binding[] = [];

  add(b: Binding): void { this.all.push(b); }

  remove(b: Binding): void {
    const i = this.all.indexOf(b);
    if (i >= 0) this.all.splice(i, 1);
  }

  match(_routingKey: string, _headers: unknown, out: Binding[]): void {
    for (let i = 0; i < this.all.length; i++) out.push(this.all[i]);
  }
}
