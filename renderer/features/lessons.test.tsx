// @vitest-environment jsdom
// The Lessons tool (list with progress, a lesson's steps with the broker's live verdicts, hints,
// code) and the first-run welcome, with the fake client answering as main does.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { LessonCheck } from '../../shared/model/lessons';
import { LESSONS, lessonSummary } from '../../shared/lessons/catalog';
import { createFakeClient, type FakeClient } from '../ipc/fake-client';
import { LessonsTool } from './lessons/LessonsTool';
import { renderWithStore } from './render-with-store';
import { ToolDock } from './tools/ToolDock';
import { Welcome, WelcomeButton } from './welcome/Welcome';

const WAIT = { timeout: 5000 };
const verdicts = (passed: boolean[]): LessonCheck => ({
  lesson: 'hello-world', completed: passed.flatMap((p, i) => (p ? [i] : [])),
  steps: passed.map((p) => (p ? { passed: true, missing: '' } : { passed: false, missing: 'there is no queue hello' })),
});

function lessonsClient(progress: Record<string, number[]> = {}, current: string | null = null): FakeClient {
  const client = createFakeClient();
  client.respond('listLessons', () => ({ lessons: LESSONS.map(lessonSummary), progress, current }));
  return client;
}

describe('the Lessons tool', () => {
  it('lists every lesson with its progress', async () => {
    renderWithStore(<LessonsTool />, lessonsClient({ 'hello-world': [0, 1, 2], 'work-queues': [0] }));
    const list = await screen.findByRole('list', { name: 'lessons' }, WAIT);
    expect(within(list).getAllByRole('button').map((b) => b.textContent)).toEqual(LESSONS.map((l) => l.title));
    expect(screen.getByLabelText('1. Hello World progress').textContent).toBe('✓ 3/3');
    expect(screen.getByLabelText('2. Work queues progress').textContent).toBe('1/4');
  });

  it('opening a lesson starts it in the vhost lessons and shows what each step misses; re-checked every second', async () => {
    const client = lessonsClient();
    let now = [false, false, false];
    client.respond('startLesson', () => verdicts(now));
    client.respond('checkLesson', () => verdicts(now));
    const { store } = renderWithStore(<LessonsTool />, client);
    fireEvent.click(await screen.findByRole('button', { name: '1. Hello World' }, WAIT));
    const step1 = await screen.findByRole('listitem', { name: 'step 1' }, WAIT);
    expect(client.calls).toContainEqual({ name: 'startLesson', req: { id: 'hello-world' } });
    expect(store.getState().vhost).toBe('lessons');
    expect(within(step1).getByLabelText('not yet').textContent).toBe('✗');
    expect(within(step1).getByText('there is no queue hello')).toBeTruthy();
    now = [true, false, false]; // the learner declares the queue; nobody clicks anything
    await waitFor(() => expect(within(step1).getByLabelText('passed').textContent).toBe('✓'), WAIT);
    expect(screen.getByLabelText('steps passing').textContent).toBe('1/3');
    now = [true, true, false];
    fireEvent.click(screen.getByRole('button', { name: 'Check now' }));
    await waitFor(() => expect(screen.getByLabelText('steps passing').textContent).toBe('2/3'), WAIT);
  });

  it('reopening the lesson the sandbox was started for keeps the learner\'s work (no reset)', async () => {
    const client = lessonsClient({}, 'hello-world');
    client.respond('checkLesson', () => verdicts([true, false, false]));
    renderWithStore(<LessonsTool />, client);
    fireEvent.click(await screen.findByRole('button', { name: '1. Hello World' }, WAIT));
    await screen.findByRole('listitem', { name: 'step 1' }, WAIT);
    expect(client.calls.map((c) => c.name)).not.toContain('startLesson');
    client.respond('startLesson', () => verdicts([false, false, false]));
    fireEvent.click(screen.getByRole('button', { name: 'Start over' }));
    await waitFor(() => expect(client.calls.map((c) => c.name)).toContain('startLesson'), WAIT);
  });

  it('the hint on request, and the step\'s code in pika and amqplib, copied in one click', async () => {
    const client = lessonsClient();
    client.respond('startLesson', () => verdicts([false, false, false]));
    client.respond('checkLesson', () => verdicts([false, false, false]));
    let copied = '';
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (t: string) => { copied = t; } } });
    renderWithStore(<LessonsTool />, client);
    fireEvent.click(await screen.findByRole('button', { name: '1. Hello World' }, WAIT));
    const step2 = await screen.findByRole('listitem', { name: 'step 2' }, WAIT);
    expect(within(step2).queryByRole('note')).toBeNull();
    fireEvent.click(within(step2).getByRole('button', { name: 'Hint' }));
    expect(within(step2).getByRole('note').textContent).toContain('routing key hello');
    fireEvent.click(within(step2).getByRole('button', { name: 'Code' }));
    const code = within(step2).getByRole('textbox', { name: 'step 2 code' }) as HTMLTextAreaElement;
    expect(code.value).toContain('channel.basic_publish(exchange="", routing_key="hello", body="Hello World!")');
    fireEvent.click(within(step2).getByRole('tab', { name: 'Node.js (amqplib)' }));
    expect(code.value).toContain('channel.publish("", "hello", Buffer.from("Hello World!"));');
    fireEvent.click(within(step2).getByRole('button', { name: 'Copy' }));
    expect(await within(step2).findByRole('status', {}, WAIT)).toHaveProperty('textContent', 'Copied');
    expect(copied).toBe(code.value);
  });

  it('says why when the broker cannot run lessons', async () => {
    const client = createFakeClient();
    client.failNext('listLessons', 'NOT_IMPLEMENTED', 'lessons run in the embedded broker\'s sandbox vhost');
    renderWithStore(<LessonsTool />, client);
    expect((await screen.findByRole('alert', {}, WAIT)).textContent).toContain('lessons run in the embedded broker');
  });
});

describe('the first-run welcome', () => {
  it('is not shown once answered (main says so)', async () => {
    const client = createFakeClient();
    client.respond('getWelcome', () => ({ show: false }));
    renderWithStore(<Welcome />, client);
    await waitFor(() => expect(client.calls.map((c) => c.name)).toContain('getWelcome'), WAIT);
    expect(screen.queryByRole('dialog', { name: 'welcome' })).toBeNull();
  });

  it('"Learn with lessons" opens the Lessons tool and is remembered', async () => {
    const client = lessonsClient();
    client.respond('getWelcome', () => ({ show: true }));
    client.respond('dismissWelcome', () => null);
    const { store } = renderWithStore(<><Welcome /><ToolDock /></>, client);
    fireEvent.click(await screen.findByRole('button', { name: 'Learn with lessons' }, WAIT));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'welcome' })).toBeNull(), WAIT);
    expect(store.getState().tool).toBe('lessons');
    expect(client.calls).toContainEqual({ name: 'dismissWelcome', req: { choice: 'lessons' } });
    expect(await screen.findByRole('list', { name: 'lessons' }, WAIT)).toBeTruthy();
  });

  it('"Demo" loads the demo and shows its vhost; the toolbar\'s Welcome reopens the dialog', async () => {
    const client = createFakeClient();
    client.respond('getWelcome', () => ({ show: true }));
    client.respond('dismissWelcome', () => null);
    client.respond('loadDemo', () => ({ vhost: 'demo' }));
    const { store } = renderWithStore(<><Welcome /><WelcomeButton /></>, client);
    fireEvent.click(await screen.findByRole('button', { name: 'Demo' }, WAIT));
    await waitFor(() => expect(store.getState().vhost).toBe('demo'), WAIT);
    expect(client.calls).toContainEqual({ name: 'dismissWelcome', req: { choice: 'demo' } });
    expect(screen.queryByRole('dialog', { name: 'welcome' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Welcome' }));
    expect(screen.getByRole('dialog', { name: 'welcome' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'close welcome' }));
    await waitFor(() => expect(client.calls).toContainEqual({ name: 'dismissWelcome', req: { choice: 'empty' } }), WAIT);
  });

  it('a demo the broker refuses says why and stays open', async () => {
    const client = createFakeClient();
    client.respond('getWelcome', () => ({ show: true }));
    client.failNext('loadDemo', 'ACCESS_REFUSED', 'only administrators may run loadDemo');
    renderWithStore(<Welcome />, client);
    fireEvent.click(await screen.findByRole('button', { name: 'Demo' }, WAIT));
    expect((await screen.findByRole('alert', {}, WAIT)).textContent).toContain('only administrators may run loadDemo');
    expect(screen.getByRole('dialog', { name: 'welcome' })).toBeTruthy();
  });
});

describe('the Lessons tool among the others', () => {
  it('keeps the open lesson while the Publish tool is used', async () => {
    const client = lessonsClient();
    client.respond('startLesson', () => verdicts([false, false, false]));
    client.respond('checkLesson', () => verdicts([true, false, false]));
    const { store } = renderWithStore(<ToolDock />, client);
    store.getState().setTool('lessons');
    fireEvent.click(await screen.findByRole('button', { name: '1. Hello World' }, WAIT));
    await screen.findByRole('listitem', { name: 'step 1' }, WAIT);
    store.getState().setTool('publish');
    await screen.findByRole('form', { name: 'publish message' }, WAIT);
    store.getState().setTool('lessons');
    const step1 = await screen.findByRole('listitem', { name: 'step 1' }, WAIT);
    await waitFor(() => expect(within(step1).getByLabelText('passed')).toBeTruthy(), WAIT);
    expect(client.calls.filter((c) => c.name === 'startLesson')).toHaveLength(1);
  });
});
