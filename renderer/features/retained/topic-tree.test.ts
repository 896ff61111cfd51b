import { describe, expect, it } from 'vitest';
import type { RetainedTopic } from '../../../shared/model/mqtt';
import { topicTree, type TopicNode } from './topic-tree';

const t = (topic: string): RetainedTopic => ({ topic, last: { body: { encoding: 'text', text: topic, truncated: false }, size: 1, qos: 0, properties: {}, at: 0 }, earlier: 0 });
const shape = (n: TopicNode): unknown => [n.name, n.count, n.topic?.topic ?? null, n.children.map(shape)];

describe('topicTree', () => {
  it('splits on /, counts topics per branch, and keeps a level that is a topic and a branch at once', () => {
    const tree = topicTree([t('home/kitchen/temp'), t('home/hall/temp'), t('home'), t('office/temp')]);
    expect(tree.map(shape)).toEqual([
      ['home', 3, 'home', [['hall', 1, null, [['temp', 1, 'home/hall/temp', []]]], ['kitchen', 1, null, [['temp', 1, 'home/kitchen/temp', []]]]]],
      ['office', 1, null, [['temp', 1, 'office/temp', []]]],
    ]);
    expect(tree[0].children[1].children[0].path).toBe('home/kitchen/temp');
  });

  it('keeps empty levels', () => {
    expect(topicTree([t('/a'), t('b//c')]).map(shape)).toEqual([
      ['', 1, null, [['a', 1, '/a', []]]],
      ['b', 1, null, [['', 1, null, [['c', 1, 'b//c', []]]]]],
    ]);
  });
});
