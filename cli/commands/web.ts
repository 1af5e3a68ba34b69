import path from 'node:path';
import type { BrowserHost } from '../web/host.ts';
import { newToken } from '../web/security.ts';
import { derivedPort, saveAddress, savedAddress, stateDir } from '../web/server-state.ts';
import { ROOT_DIR, VERSION } from '../version.ts';
import type { Command } from '../command.ts';
import { isUserError, UserError } from '../../db/shared/errors.ts';
import { describeHolder } from '../../db/file-lock.ts';

export const web: Command = {
  name: 'web',
  synopsis: 'web [文档] [--port 端口] [--new-token]',
  summary: '浏览器模式：在本机 127.0.0.1 上提供编辑器，打印要打开的地址',
  options: { port: { type: 'string' }, 'new-token': { type: 'boolean' } },
  async run(args) {
    const [file, ...rest] = args.positionals;
    if (rest.length) throw new UserError(`多余的参数：${rest.join(' ')}`);
    const explicitPort = args.values.port === undefined ? undefined : Number(args.values.port);
    if (
      explicitPort !== undefined &&
      (!Number.isInteger(explicitPort) || explicitPort < 0 || explicitPort > 65535)
    )
      throw new UserError('端口应为 0–65535 的整数');
    keepServingOnStrayErrors();

    // The server, the editing service and the exporters: loaded by this command only.
    const [{ BrowserHost }, { startWebServer }] = await Promise.all([
      import('../web/host.ts'),
      import('../web/server.ts'),
    ]);
    const host = new BrowserHost(process.cwd(), VERSION);
    let notice: string | undefined;
    if (file) notice = openGiven(host, file);
    const session = host.current;
    // A restarted server on the same document (or start-page folder) comes back at the same
    // address with the same token, so the page that was open simply reconnects.
    const key = session ? session.doc.filePath : host.workDir;
    const saved = safely(() => savedAddress(key));
    const token = saved && args.values['new-token'] !== true ? saved.token : newToken();
    const ports =
      explicitPort === undefined
        ? [...new Set([saved?.port ?? derivedPort(key), derivedPort(key), 0])]
        : [explicitPort];
    const running = await startWebServer({
      host,
      staticDir: path.join(ROOT_DIR, 'out', 'renderer'),
      token,
      ports,
    });
    // A read-only second server must not take the address of the one that edits the file.
    if (!session?.readOnly) {
      try {
        saveAddress(key, { port: running.port, token });
      } catch (e) {
        console.warn(
          `未能在 ${stateDir()} 中记下本次的地址（${(e as Error).message}）：重新启动后需使用新地址`,
        );
      }
    }
    console.log(`绩效目标表编制器（浏览器模式）已启动，只接受本机访问。`);
    if (notice) console.log(notice);
    console.log(`请在浏览器中打开：${running.url}`);
    console.log(`新建的文档保存在：${host.workDir}（浏览器中只能打开和保存此文件夹中的文件）`);
    console.log(`按 Ctrl+C 退出。`);
    await new Promise<void>((resolve) => {
      let stopping = false;
      const stop = () => {
        if (stopping) process.exit(130); // a second Ctrl+C: do not wait any longer
        stopping = true;
        try {
          host.close(); // releases the document's lock
        } catch (e) {
          console.error(`关闭文档时出错：${oneLine(e)}`);
        }
        void running.close().then(resolve);
        // Whatever else is still running (an import being read) must not keep us alive.
        setTimeout(() => process.exit(0), 2000).unref();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      process.on('SIGHUP', stop);
    });
    return 0;
  },
};

/**
 * Opens the document named on the command line. Held by another running program: opened
 * read-only (the clerk can still export and 另存为). Held by a program that is gone (killed, or
 * silent for long): taken over — restarting the server on that file is the confirmation.
 */
function openGiven(host: BrowserHost, file: string): string | undefined {
  try {
    host.openFromCommandLine(file, 'edit');
    return undefined;
  } catch (e) {
    if (!isUserError(e) || e.code !== 'locked' || !e.lock) throw e;
    const holder = describeHolder(file, e.lock);
    if (e.lock.stale) {
      host.openFromCommandLine(file, 'takeOver');
      return `注意：${holder}，但该程序已不在运行（可能非正常退出）；已接管它留下的锁定，可以正常编辑。`;
    }
    host.openFromCommandLine(file, 'readOnly');
    return `注意：${holder}。本次以只读方式打开：不能修改，可以导出和另存为。`;
  }
}

/**
 * Last resort: an error nobody caught (a library rejecting a promise it does not await, as
 * pdf.js does on some damaged files) is logged on one line and the server keeps serving the
 * clerk's document instead of exiting with it.
 */
function keepServingOnStrayErrors(): void {
  process.on('unhandledRejection', (reason) => {
    console.error(`内部错误（未处理的异步错误，已忽略，服务继续运行）：${oneLine(reason)}`);
  });
  process.on('uncaughtException', (error) => {
    console.error(`内部错误（未捕获的异常，已忽略，服务继续运行）：${oneLine(error)}`);
  });
}

function oneLine(e: unknown): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return text.replace(/\s+/g, ' ').slice(0, 500);
}

function safely<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
