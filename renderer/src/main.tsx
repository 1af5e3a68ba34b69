import { App as AntApp, ConfigProvider } from 'antd';
import 'antd/dist/antd.css';
import zhCN from 'antd/locale/zh_CN';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { startBoot } from './boot.ts';
import './styles.css';

// Ask the host for the document first; React renders while it answers.
void startBoot().catch(() => undefined);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider
      locale={zhCN}
      // 删除, not 删 除: button text is exactly the term (and the accessible name).
      button={{ autoInsertSpace: false }}
      theme={{
        // antd's styles come prebuilt (antd/dist/antd.css) instead of being computed in the page
        // at start, and the default theme needs no tokens computed: the editor is usable sooner.
        // The Chinese font stack is set in styles.css.
        zeroRuntime: true,
      }}
    >
      <AntApp className="app-root">
        <App />
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
