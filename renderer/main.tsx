import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startApiBridge } from './api/api-bridge.js';
import { connectDashboardApi } from './api/dashboard-api.js';
import { connectLogViewerApi } from './api/log-viewer-api.js';
import { selectTransport } from './api/select-transport.js';
import { connectSettingsApi } from './api/settings-api.js';
import { AppShell } from './components/app-shell.js';
import './styles.css';

const transport = selectTransport();
startApiBridge(transport);
connectLogViewerApi(transport);
connectDashboardApi(transport);
connectSettingsApi(transport);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <AppShell />
  </StrictMode>,
);
