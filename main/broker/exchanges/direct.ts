// direct: a binding matches when its key equals the routing key exactly.
import type { BasicProperties } from '../../../shared/model/properties';
import type { Binding, BindingMatcher } from './binding';

export class DirectMatcher implements BindingMatcher {
  private readonly byKey = new Map<string, Binding[]>();

  add(b: Binding): void {
    const list = this.byKey.get(b.routingKey);
    if (list) list.push(b); else this.byKey.set(b.routingKey, [b]);
  }

  remove(b: Binding): void {
    const list = this.byKey.get(b.routingKey);
    if (!list) return;
    const i = list.indexOf(b);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byKey.delete(b.routingKey);
  }

  match(routingKey: string, _props: BasicProperties | undefined, out: Binding[]): void {
    const list = this.byKey.get(routingKey);
    if (list) for (let i = 0; i < list.length; i++) out.push(list[i]);
  }
}
