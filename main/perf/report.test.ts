// The comparison table: one column per target (two or three) and the first target's ratio to each other.
import { describe, expect, it } from 'vitest';
import { compareTable, type RunRecord } from './report';

function run(target: string, round: number, value: number, busy = false): RunRecord {
  return {
    scenario: 11, scenarioName: 'mqtt-fanin-q0', title: 't', target, round, startedAt: '', otherBefore: 0, otherDuring: 0, busy,
    output: { metrics: [{ key: 'deliver', label: 'consumed msg/s', value, unit: 'msg/s', better: 'higher' }], verified: true, verify: 'ok', notes: [] },
  };
}

describe('compareTable', () => {
  it('gives three targets their medians and the first one\'s ratio to each of the others', () => {
    const records = [1, 2, 3].flatMap((r) => [run('warren', r, 30_000 * r), run('rabbitmq', r, 10_000 * r, r === 2), run('mosquitto', r, 100_000)]);
    const lines = compareTable(records, ['warren', 'rabbitmq', 'mosquitto']).split('\n');
    expect(lines[0]).toBe('Medians of 3 round(s), runs alternating warren, rabbitmq, mosquitto. ↑ higher is better, ↓ lower is better.');
    expect(lines[2]).toBe('| scenario | metric | warren | rabbitmq | mosquitto | warren/rabbitmq | warren/mosquitto |');
    expect(lines[3]).toBe('|---|---|---:|---:|---:|---:|---:|');
    expect(lines[4]).toBe('| 11 mqtt-fanin-q0 | consumed msg/s ↑ | 60,000 msg/s | 20,000 msg/s *busy*(1/3) | 100,000 msg/s | 3.00× | 0.60× |');
  });

  it('keeps the two-target form', () => {
    const lines = compareTable([run('warren', 1, 2), run('rabbitmq', 1, 1)], ['warren', 'rabbitmq']).split('\n');
    expect(lines[2]).toBe('| scenario | metric | warren | rabbitmq | warren/rabbitmq |');
    expect(lines[4]).toBe('| 11 mqtt-fanin-q0 | consumed msg/s ↑ | 2 msg/s | 1 msg/s | 2.00× |');
  });
});
