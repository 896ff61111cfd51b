// MQTT in the window, in Debian's Chromium against a real `warren serve`, checked with real mqtt.js
// clients: the canvas's protocol badge and topic filter, the Retained tool (tree, value, Delete),
// the publish form as MQTT, the routing debugger for an MQTT topic, and the trace across MQTT and
// AMQP. Every wait is for something the user sees.
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { mqttConnect } from '../main/integration/mqtt-support';
import { screenshot } from '../main/test-support/browser';
import { useUiSession } from '../main/test-support/ui-session';
import { openTool as openToolIn, see, UI_TIMEOUT } from '../main/test-support/ui-tools';

let page: Page;
let mqttUrl: string;

const openTool = (label: string): Promise<Locator> => openToolIn(page, label);
const session = useUiSession('mqtt-e2e');
beforeAll(() => { ({ page } = session); mqttUrl = session.warren.mqttUrl; });
const login = { username: 'guest', password: 'guest' };

describe('MQTT in the window against warren serve', { timeout: 90_000 }, () => {
  it('the canvas shows an MQTT client with its protocol badge, and its subscription\'s topic filter on the binding', async () => {
    const c = await mqttConnect(mqttUrl, { ...login, clientId: 'badge-client', protocolVersion: 5 });
    await c.subscribeAsync('badge/+/x', { qos: 2 }); // QoS 2: its binding carries x-mqtt-subscription-qos
    const badge = page.locator('[data-testid^="protocol-"]', { hasText: /^MQTT$/ });
    await badge.first().waitFor({ timeout: UI_TIMEOUT });
    await see(page.locator('.node.client', { has: badge }), 'badge-client');
    await mqttConnect(session.warren.webMqttUrl, { ...login, clientId: 'ws-client' });
    await see(page.locator('.node.client', { has: page.locator('[data-testid^="protocol-"]', { hasText: /^MQTT\/WS$/ }) }), 'ws-client');
    await page.getByLabel('hide amq.*').uncheck();
    await see(page.locator('.edge-label'), 'badge.*.x (MQTT badge/+/x)');
    await screenshot(page, '40-mqtt-badge');
    await page.getByLabel('hide amq.*').check();
  });

  it('Retained: a retained publish shows in the tree with its value, and Delete clears it for new subscribers', async () => {
    const pub = await mqttConnect(mqttUrl, { ...login, clientId: 'thermo', protocolVersion: 5 });
    await pub.publishAsync('home/kitchen/temp', '21.5', { qos: 1, retain: true });
    const dock = await openTool('Retained');
    await dock.getByRole('button', { name: 'Refresh' }).click();
    const topic = dock.getByTestId('topic-home/kitchen/temp');
    await topic.waitFor({ timeout: UI_TIMEOUT });
    await topic.click();
    await see(dock.getByTestId('retained-body'), '21.5');
    await screenshot(page, '41-mqtt-retained');
    await dock.getByRole('button', { name: 'Delete' }).click();
    await topic.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    const late = await mqttConnect(mqttUrl, { ...login, clientId: 'late-reader' });
    await late.subscribeAsync('home/#', { qos: 1 });
    expect(await late.inbox.none(500)).toEqual([]);
  });

  it('Publish as MQTT reaches an mqtt.js subscriber with its QoS and a user property', async () => {
    const sub = await mqttConnect(mqttUrl, { ...login, clientId: 'plant-watch', protocolVersion: 5 });
    await sub.subscribeAsync('plant/+/state', { qos: 2 });
    const dock = await openTool('Publish');
    await dock.getByRole('button', { name: 'MQTT', exact: true }).click();
    const form = dock.getByRole('form', { name: 'publish as MQTT' });
    await form.getByLabel('Topic', { exact: true }).fill('plant/pump/state');
    await form.getByLabel('QoS').selectOption('1');
    await form.getByLabel('User properties').fill('site=north');
    await form.getByLabel('Payload').fill('on');
    await form.getByRole('button', { name: 'Publish as MQTT' }).click();
    await see(dock.getByTestId('publish-result'), /Routed to 1 queue: mqtt-subscription-plant-watchqos1/);
    const m = await sub.inbox.next(5000);
    expect(m).toMatchObject({ topic: 'plant/pump/state', payload: 'on', packet: { qos: 1, properties: { userProperties: { site: 'north' } } } });
  });

  it('the routing debugger explains an MQTT topic reaching an MQTT subscription queue', async () => {
    const sub = await mqttConnect(mqttUrl, { ...login, clientId: 'route-watch' });
    await sub.subscribeAsync('sensors/+/temp', { qos: 0 });
    const dock = await openTool('Route');
    await dock.getByRole('button', { name: 'MQTT topic' }).click();
    await dock.getByRole('textbox', { name: 'MQTT topic' }).fill('sensors/hall/temp');
    await see(dock.getByTestId('mqtt-translation'), /amq\.topic with routing key sensors\.hall\.temp/);
    await see(dock.getByTestId('mqtt-subscriptions'), 'filter sensors/+/temp → mqtt-subscription-route-watchqos0');
    await see(dock.getByTestId('route-outcome'), /Routed to 1 queue/);
    await expect.poll(() => page.getByTestId('node-q:mqtt-subscription-route-watchqos0').getAttribute('data-lit'), { timeout: UI_TIMEOUT }).toBe('true');
    await screenshot(page, '42-mqtt-route');
  });

  it('the trace follows a message from an MQTT publisher to an AMQP consumer, and the AMQP reply back to MQTT', async () => {
    const { ch } = session;
    await ch.assertQueue('svc.requests');
    await ch.bindQueue('svc.requests', 'amq.topic', 'svc.request');
    const got = new Promise<void>((resolve) => { void ch.consume('svc.requests', (m) => { if (m) { ch.ack(m); resolve(); } }, { consumerTag: 'svc' }); });
    const device = await mqttConnect(mqttUrl, { ...login, clientId: 'device-7', protocolVersion: 5 });
    await device.subscribeAsync('svc/reply', { qos: 1 });
    await device.publishAsync('svc/request', 'ping', { qos: 1 });
    await got;
    ch.publish('amq.topic', 'svc.reply', Buffer.from('pong'));
    expect((await device.inbox.next(5000)).payload).toBe('pong');

    const dock = await openTool('Trace');
    const open = async (key: string): Promise<void> => {
      await dock.getByLabel('search traces').fill(key);
      const item = dock.getByRole('list', { name: 'traced messages' }).getByRole('button').filter({ hasText: key });
      await item.first().waitFor({ timeout: UI_TIMEOUT });
      await item.first().click();
    };
    await open('svc.request');
    await see(dock.getByTestId('step-published'), /by device-7/);
    await see(dock.getByTestId('step-delivered'), /from 'svc\.requests' to consumer svc/);
    await dock.getByTestId('step-acked').waitFor({ timeout: UI_TIMEOUT });
    await screenshot(page, '43-mqtt-trace-there');
    await open('svc.reply');
    await see(dock.getByTestId('step-published'), /by mqtt-e2e/);
    await see(dock.getByTestId('step-delivered'), /from 'mqtt-subscription-device-7qos1'/);
    await see(dock.getByTestId('step-acked'), /mqtt-subscription-device-7qos1/);
  });
});
