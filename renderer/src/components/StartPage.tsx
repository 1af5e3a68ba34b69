import { HistoryOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useAtom } from '../atom.ts';
import { hostInfo, startNewFromPrevious } from '../actions.tsx';
import { NewDocumentForm, OpenDocumentForm } from './DocumentForms.tsx';

/** No document open: 新建 (blank or 由上年文件新建) or 打开. */
export function StartPage() {
  const info = useAtom(hostInfo);
  return (
    <main className="start">
      <div className="start-inner">
        <h1 className="start-title">绩效目标表编制器</h1>
        <p className="muted start-sub">
          编制、审核、打印项目支出绩效目标表。每次修改都会自动保存。
          {info?.mode === 'browser' && info.workDir
            ? `（浏览器模式，文档目录：${info.workDir}）`
            : ''}
        </p>
        <div className="start-cards">
          <section className="start-card" aria-labelledby="start-new">
            <h2 id="start-new">新建</h2>
            <NewDocumentForm autoFocus />
            <div className="start-from-previous">
              <Button icon={<HistoryOutlined />} onClick={startNewFromPrevious}>
                由上年文件新建…
              </Button>
              <div className="muted field-extra">
                以上年的文档或表格（Excel 工作簿、CSV、PDF、文字）为底稿，新建下一年度的表格
              </div>
            </div>
          </section>
          <section className="start-card" aria-labelledby="start-open">
            <h2 id="start-open">打开</h2>
            <OpenDocumentForm />
          </section>
        </div>
      </div>
    </main>
  );
}
