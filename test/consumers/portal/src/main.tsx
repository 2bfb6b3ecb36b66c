import { DoanflowProvider, Inbox, type TaskView } from '@doanflow/widgets';
import { en } from '@doanflow/widgets/locales/en';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';

/** A portal as its developer writes it from the widgets' README: the officer's inbox, in English. */
function App({ token }: { token: string }) {
  const [opened, setOpened] = useState<TaskView | null>(null);
  return (
    <DoanflowProvider baseUrl={window.location.origin} token={token} locale="en" messages={en}>
      <Inbox onOpenTask={setOpened} />
      {opened ? <p id="opened">{opened.instanceId}</p> : null}
    </DoanflowProvider>
  );
}

const token = new URLSearchParams(window.location.search).get('token') ?? '';
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App token={token} />
  </StrictMode>,
);
