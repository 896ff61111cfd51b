// MQTT 5 topic aliases a client sends (§3.3.2.3.4): a PUBLISH with a topic and an alias sets the
// alias, one with an empty topic uses it. Aliases are per connection, up to the maximum the
// server announced in CONNACK.

export class TopicAliasError extends Error {}

export class TopicAliases {
  private readonly topics = new Map<number, string>();

  constructor(readonly max: number) {}

  /** The PUBLISH's topic after its alias (if any) is applied. */
  resolve(topic: string, alias: number | undefined): string {
    if (alias === undefined) return topic;
    if (alias === 0 || alias > this.max) throw new TopicAliasError(`topic alias ${alias} is outside 1..${this.max}`);
    if (topic !== '') { this.topics.set(alias, topic); return topic; }
    const known = this.topics.get(alias);
    if (known === undefined) throw new TopicAliasError(`topic alias ${alias} was never set`);
    return known;
  }
}
