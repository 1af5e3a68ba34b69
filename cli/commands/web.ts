import path from 'node:path';
import { BrowserHost } from '../web/host.ts';
import { newToken } from '../web/security.ts';
import { startWebServer } from '../web/server.ts';
import { ROOT_DIR, VERSION } from '../version.ts';
import type { Command } from '../command.ts';
import { UserError } from '../../db/errors.ts';

export const web: Command = {
  name: 'web',
  synopsis: 'web [文档] [--port 端口]',
  summary: '浏览器模式：在本机 127.0.0.1 上提供编辑器，打印要打开的地址',
  options: { port: { type: 'string' } },
  async run(args) {
    const [file, ...rest] = args.positionals;
    if (rest.length) throw new UserError(`多余的参数：${rest.join(' ')}`);
    const port = args.values.port === undefined ? 0 : Number(args.values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UserError('端口应为 0–65535 的整数');
    const host = new BrowserHost(process.cwd(), VERSION);
    if (file) host.open(file);
    const running = await startWebServer({
      host,
      staticDir: path.join(ROOT_DIR, 'out', 'renderer'),
      token: newToken(),
      port,
    });
    console.log(`绩效目标表编制器（浏览器模式）已启动，只接受本机访问。`);
    console.log(`请在浏览器中打开：${running.url}`);
    console.log(`新建的文档保存在：${host.workDir}`);
    console.log(`按 Ctrl+C 退出。`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        host.close();
        void running.close().then(resolve);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
