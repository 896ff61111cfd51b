// Retained topics as a tree, as MQTT Explorer shows them: levels split on '/', each branch with
// how many retained topics lie under it. A level may be a topic itself and a branch at once
// ('a' and 'a/b'); empty levels ('a//b', '/a') are levels like any other. Pure, so it is tested
// without a DOM.
import type { RetainedTopic } from '../../../shared/model/mqtt';

export interface TopicNode {
  /** this level's name ('' for an empty level) */
  name: string;
  /** the topic up to and including this level */
  path: string;
  /** the retained message of exactly this topic, if any */
  topic: RetainedTopic | null;
  /** retained topics at or under this level */
  count: number;
  children: TopicNode[];
}

export function topicTree(topics: RetainedTopic[]): TopicNode[] {
  const root: TopicNode = { name: '', path: '', topic: null, count: 0, children: [] };
  for (const t of topics) {
    let node = root;
    node.count++;
    t.topic.split('/').forEach((level, i, levels) => {
      let child = node.children.find((c) => c.name === level);
      if (!child) {
        child = { name: level, path: levels.slice(0, i + 1).join('/'), topic: null, count: 0, children: [] };
        node.children.push(child);
      }
      child.count++;
      node = child;
    });
    node.topic = t;
  }
  const sort = (n: TopicNode): void => { n.children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)); n.children.forEach(sort); };
  sort(root);
  return root.children;
}
