// @vitest-environment jsdom
// The Shovels tab against the fake client: the definition a form sends (RabbitMQ's keys), the
// states and reasons it shows, and a refusal in RabbitMQ's words.
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ShovelRow } from '../../../shared/model/shovels';
import { createFakeClient } from '../../ipc/fake-client';
import { renderWithStore } from '../render-with-store';
import { ShovelsTab } from './ShovelsTab';

const row = (name: string, over: Partial<ShovelRow> = {}): ShovelRow => ({
  vhost: '/', name, state: 'running', reason: null, since: '2026-12-02 0:10:00', source: "queue 'a' on amqp://", destination: "queue 'b' on amqp://",
  ackMode: 'on-confirm', deleteAfter: 'never', ...over,
});

describe('the Shovels tab', () => {
  it('lists shovels with their states, a terminated one with its reason', async () => {
    const client = createFakeClient();
    client.respond('listShovels', () => [row('mover'), row('broken', { state: 'terminated', reason: 'source connection failed: connection refused' })]);
    renderWithStore(<ShovelsTab canChange={false} />, client);
    const broken = await screen.findByTestId('shovel-/-broken');
    expect(broken.textContent).toContain('terminated: source connection failed: connection refused');
    expect(screen.getByTestId('shovel-/-mover').textContent).toContain("queue 'a' on amqp://");
    expect(screen.queryByRole('form', { name: 'shovel' })).toBeNull(); // a monitoring user only looks
  });

  it('moves a queue once to another broker\'s exchange, and shows the broker\'s refusal', async () => {
    const client = createFakeClient();
    client.respond('listShovels', () => []);
    client.respond('putShovel', () => ({ created: true }));
    renderWithStore(<ShovelsTab canChange />, client);
    fireEvent.change(screen.getByLabelText('Shovel name'), { target: { value: ' move-a ' } });
    fireEvent.change(screen.getByLabelText('Source queue'), { target: { value: 'a' } });
    fireEvent.change(screen.getByLabelText('Destination URI'), { target: { value: 'amqp://u:p@remote:5672/%2F' } });
    fireEvent.change(screen.getByLabelText('destination kind'), { target: { value: 'exchange' } });
    fireEvent.change(screen.getByLabelText('Destination exchange'), { target: { value: 'orders' } });
    fireEvent.change(screen.getByLabelText('delete after'), { target: { value: 'yes' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save shovel' }));
    await waitFor(() => expect(client.calls.find((c) => c.name === 'putShovel')?.req).toEqual({
      vhost: '/', name: 'move-a',
      value: { 'src-uri': 'amqp://', 'src-queue': 'a', 'dest-uri': 'amqp://u:p@remote:5672/%2F', 'ack-mode': 'on-confirm', 'dest-exchange': 'orders', 'src-delete-after': 'queue-length' },
    }));
    client.failNext('putShovel', 'BAD_REQUEST', 'the shovel is not valid: "foo" not a valid URI: {{unable_to_parse_uri,no_scheme},"foo"}');
    const save = screen.getByRole('button', { name: 'Save shovel' }) as HTMLButtonElement;
    await waitFor(() => expect(save.disabled).toBe(false)); // the first save has been answered
    fireEvent.click(save);
    expect((await screen.findByRole('alert')).textContent).toContain('"foo" not a valid URI');
  });
});
