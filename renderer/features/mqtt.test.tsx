// @vitest-environment jsdom
// MQTT in the window with the fake client: the Retained tool, the publish form's MQTT mode, the
// routing debugger for an MQTT topic, and the Retained tab only when MQTT runs.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MqttRouteExplanation, RetainedTopic, RetainedValue } from '../../shared/model/mqtt';
import { createFakeClient, type FakeClient } from '../ipc/fake-client';
import { renderWithStore } from './render-with-store';
import { PublishForm } from './publish/PublishForm';
import { buildMqttRequest } from './publish/MqttPublishForm';
import { RetainedTool } from './retained/RetainedTool';
import { RouteDebugger } from './route/RouteDebugger';
import { ToolTabs } from './tools/ToolDock';

const value = (text: string, at = 1_700_000_000_000): RetainedValue => ({ body: { encoding: 'text', text, truncated: false }, size: text.length, qos: 1, properties: { contentType: 'text/plain' }, at });

function mqttClient(enabled = true): FakeClient {
  const client = createFakeClient();
  client.respond('getMqtt', () => ({ enabled, exchange: enabled ? 'amq.topic' : null }));
  return client;
}

describe('the Retained tool', () => {
  it('shows the topic tree with counts, a topic\'s value and history, and deletes it', async () => {
    const client = mqttClient();
    let topics: RetainedTopic[] = [
      { topic: 'home/kitchen/temp', last: value('21'), earlier: 2 },
      { topic: 'home/hall/temp', last: value('18'), earlier: 0 },
    ];
    client.respond('listRetained', () => ({ topics, total: topics.length }));
    client.respond('getRetained', (r) => (r.topic === 'home/kitchen/temp' ? [value('21'), value('20'), value('19')] : []));
    client.respond('deleteRetained', (r) => { topics = topics.filter((t) => t.topic !== r.topic); return { deleted: true }; });
    renderWithStore(<RetainedTool />, client);
    const tree = await screen.findByLabelText('retained topics');
    await waitFor(() => expect(within(tree).getByText('(2)')).toBeTruthy());
    fireEvent.click(within(tree).getByTestId('topic-home/kitchen/temp'));
    const out = screen.getByLabelText('retained message');
    await waitFor(() => expect(within(out).getAllByTestId('retained-body').map((b) => b.textContent)).toEqual(['21', '20', '19']));
    expect(within(out).getAllByText('text/plain')).toHaveLength(3);
    expect(within(out).getByText(/History/)).toBeTruthy();
    fireEvent.click(within(out).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(within(tree).queryByTestId('topic-home/kitchen/temp')).toBeNull());
    expect(client.calls.find((c) => c.name === 'deleteRetained')?.req).toEqual({ vhost: '/', topic: 'home/kitchen/temp' });
    expect(within(tree).getByTestId('topic-home/hall/temp')).toBeTruthy();
  });

  it('says why when it may not look', async () => {
    const client = mqttClient();
    client.respond('listRetained', () => ({ ok: false, error: { code: 'ACCESS_REFUSED', message: "read access to exchange 'amq.topic' refused", replyCode: 403 } }));
    renderWithStore(<RetainedTool />, client);
    expect((await screen.findByRole('alert')).textContent).toMatch(/amq\.topic/);
  });
});

describe('the tool tabs', () => {
  it('show Retained only when MQTT runs', async () => {
    renderWithStore(<ToolTabs />, mqttClient(true));
    expect(await screen.findByRole('button', { name: 'Retained' })).toBeTruthy();
  });
  it('hide it otherwise', async () => {
    const client = mqttClient(false);
    renderWithStore(<ToolTabs />, client);
    await waitFor(() => expect(client.calls.some((c) => c.name === 'getMqtt')).toBe(true));
    expect(screen.queryByRole('button', { name: 'Retained' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Publish' })).toBeTruthy();
  });
});

describe('the publish form as MQTT', () => {
  it('publishes topic, QoS, retain and MQTT 5 properties', async () => {
    const client = mqttClient();
    client.respond('publishMqtt', () => ({ outcome: 'routed', routed: 1, queues: ['mqtt-subscription-s1qos1'], messageId: 5 }));
    renderWithStore(<PublishForm />, client);
    fireEvent.click(await screen.findByRole('button', { name: 'MQTT' }));
    fireEvent.change(screen.getByLabelText('Topic'), { target: { value: 'sensors/a/temp' } });
    fireEvent.change(screen.getByLabelText('QoS'), { target: { value: '2' } });
    fireEvent.click(screen.getByLabelText('retain'));
    fireEvent.change(screen.getByLabelText('Content type'), { target: { value: 'text/plain' } });
    fireEvent.change(screen.getByLabelText('Message expiry (s)'), { target: { value: '30' } });
    fireEvent.change(screen.getByLabelText('User properties'), { target: { value: 'site=north\nunit = C' } });
    fireEvent.change(screen.getByLabelText('Payload'), { target: { value: '21.5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Publish as MQTT' }));
    expect((await screen.findByTestId('publish-result')).textContent).toBe('Routed to 1 queue: mqtt-subscription-s1qos1 · retained');
    expect(client.calls.find((c) => c.name === 'publishMqtt')?.req).toEqual({
      vhost: '/', topic: 'sensors/a/temp', qos: 2, retain: true, payload: '21.5', payloadEncoding: 'utf8', contentType: 'text/plain',
      messageExpiryInterval: 30, userProperties: [{ name: 'site', value: 'north' }, { name: 'unit', value: 'C' }],
    });
  });

  it('refuses wildcards, bad expiry and user properties in words', () => {
    const f = { topic: 'a/+', qos: '0' as const, retain: false, payload: '', contentType: '', responseTopic: '', correlationData: '', expiry: '', userProperties: '' };
    expect(buildMqttRequest('/', f)).toMatch(/no wildcards/);
    expect(buildMqttRequest('/', { ...f, topic: '' })).toMatch(/required/);
    expect(buildMqttRequest('/', { ...f, topic: 'a', expiry: '1.5' })).toMatch(/whole number/);
    expect(buildMqttRequest('/', { ...f, topic: 'a', userProperties: 'novalue' })).toMatch(/name=value/);
  });
});

describe('the routing debugger for an MQTT topic', () => {
  it('shows the translation, the matching subscription filters and the route, and lights the path', async () => {
    const client = mqttClient();
    client.respond('explainMqttRoute', (r): MqttRouteExplanation => ({
      topic: r.topic, exchange: 'amq.topic', routingKey: 'sensors.a.temp',
      subscriptions: [{ queue: 'mqtt-subscription-s1qos0', filter: 'sensors/+/temp' }],
      route: {
        vhost: '/', exchange: 'amq.topic', routingKeys: ['sensors.a.temp'], mandatory: false, queues: ['mqtt-subscription-s1qos0'], outcome: 'routed',
        visits: [{ exchange: 'amq.topic', type: 'topic', via: 'published', routingKey: 'sensors.a.temp', bindings: [
          { source: 'amq.topic', destination: 'mqtt-subscription-s1qos0', destinationType: 'queue', bindingKey: 'sensors.*.temp', arguments: {}, matched: true, reason: "'*' matched 'a'" },
        ] }],
      },
    }));
    const { store } = renderWithStore(<RouteDebugger />, client);
    fireEvent.click(await screen.findByRole('button', { name: 'MQTT topic' }));
    fireEvent.change(screen.getByLabelText('MQTT topic'), { target: { value: 'sensors/a/temp' } });
    expect((await screen.findByTestId('mqtt-translation')).textContent).toMatch(/routing key sensors\.a\.temp/);
    expect(screen.getByTestId('mqtt-subscriptions').textContent).toMatch(/filter sensors\/\+\/temp → mqtt-subscription-s1qos0/);
    expect(screen.getByText(/Routed to 1 queue/)).toBeTruthy();
    expect([...store.getState().routeLit!.edges]).toEqual(['binding|x:amq.topic>q:mqtt-subscription-s1qos0']);
    expect(client.calls.find((c) => c.name === 'explainMqttRoute')?.req).toEqual({ vhost: '/', topic: 'sensors/a/temp' });
  });
});
