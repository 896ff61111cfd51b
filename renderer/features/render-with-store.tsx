// For component tests: renders a piece of the UI inside a store fed by the fake client's snapshot,
// and unmounts it after each test.
import { cleanup, render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach } from 'vitest';
import { createFakeClient, type FakeClient } from '../ipc/fake-client';
import { WarrenProvider } from '../store/context';
import { createWarrenStore, type WarrenStore } from '../store/create-store';

afterEach(cleanup);

export function renderWithStore(ui: ReactElement, client: FakeClient = createFakeClient()): { client: FakeClient; store: WarrenStore } {
  const store = createWarrenStore(client);
  store.getState().applySnapshot(client.snapshot);
  store.getState().setStatus('open'); // the fake client is connected from the start
  render(<WarrenProvider store={store} client={client}>{ui}</WarrenProvider>);
  return { client, store };
}
