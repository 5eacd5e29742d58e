import '@mantine/core/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { receiveSessionTokens } from './features/connections/connectionStore';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// A new tab first gets the session tokens of the open tabs of this browser (at once when it needs none).
void receiveSessionTokens().then(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
