/// <reference lib="webworker" />
import { CheckerCore, type CheckRequest } from './core.ts';

// The checks' own thread (see core.ts). Requests come one at a time, in order.
const core = new CheckerCore();
const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (event: MessageEvent<CheckRequest>) => {
  scope.postMessage(core.handle(event.data));
};
