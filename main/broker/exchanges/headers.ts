// headers: bindings match on message headers rather than the routing key (see headers-match.ts).
import type { BasicProperties } from '../../../shared/model/properties';
import type { Binding, BindingMatcher } from './binding';
import { headersMatch, xMatchOf, type XMatch } from './headers-match';

export class HeadersMatcher implements BindingMatcher {
  private readonly entries: Array<{ binding: Binding; mode: XMatch }> = [];

  add(b: Binding): void {
    this.entries.push({ binding: b, mode: xMatchOf(b.args) ?? 'all' });
  }

  remove(b: Binding): void {
    const i = this.entries.findIndex((e) => e.binding === b);
    if (i >= 0) this.entries.splice(i, 1);
  }

  match(_routingKey: string, props: BasicProperties | undefined, out: Binding[]): void {
    const headers = props?.headers;
    for (const e of this.entries) if (headersMatch(e.binding.args, headers, e.mode)) out.push(e.binding);
  }
}
