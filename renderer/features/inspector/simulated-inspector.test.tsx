// @vitest-environment jsdom
// Selecting a simulated client on the canvas shows what it was started with, its state and counts,
// whether it has a connection (drawn at the connection's id) or not (crashed: drawn at its own).
import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SimulatedClient } from '../../../shared/model/simulate';
import { renderWithStore } from '../render-with-store';
import { Inspector } from './Inspector';

const consumer: SimulatedClient = {
  id: 'sim-2', kind: 'consumer', name: 'simulated consumer 2', connectionId: null, state: 'crashed', error: null,
  counts: { published: 0, returned: 0, received: 7, acked: 4, nacked: 0, rejected: 3 },
  spec: { vhost: '/', queue: 'work', prefetch: 1, ack: 'manual', workMinMs: 100, workMaxMs: 300, nackChance: 0, rejectChance: 0.3, requeue: false, priority: null, exclusive: false },
};

describe('the inspector of a simulated client', () => {
  it('shows its settings, state and counts, found by its own id or its connection\'s', () => {
    const { store } = renderWithStore(<Inspector />);
    act(() => {
      store.setState({ simulated: [consumer, { ...consumer, id: 'sim-3', name: 'simulated consumer 3', connectionId: 'amqp-9', state: 'running' }] });
      store.getState().select({ kind: 'node', id: 'c:sim-2' });
    });
    const panel = (): string => screen.getByRole('complementary', { name: 'inspector' }).textContent ?? '';
    expect(panel()).toContain('simulated consumer 2');
    expect(panel()).toContain('crashed · received 7 · acked 4 · rejected 3');
    expect(panel()).toContain('rejectChance0.3');
    expect(panel()).toContain('priority(none)');
    act(() => store.getState().select({ kind: 'node', id: 'c:amqp-9' }));
    expect(panel()).toContain('simulated consumer 3');
    expect(panel()).toContain('connectionamqp-9');
  });
});
