// Loaded into a `jxmb web` process by test/web/process.test.ts (node --import): on SIGUSR2 it
// makes the two kinds of error no code catches — a rejected promise nobody awaits (what pdf.js
// does on some damaged PDFs) and an exception thrown from a timer — as a real bug would.
process.on('SIGUSR2', () => {
  void Promise.reject(new Error('测试：无人等待的 Promise 被拒绝'));
  setTimeout(() => {
    throw new Error('测试：定时器中抛出的异常');
  }, 10);
});
