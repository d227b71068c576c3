// Preloaded (`node --import`) into every Tocsin the tests spawn: when the test process that started
// it dies without cleaning up (a killed vitest worker, an aborted CI job), the orphan goes too,
// instead of serving on a random port for ever. Same process, so the tests' SIGKILL/SIGTERM still
// reach Tocsin itself.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, 'SIGKILL');
}, 500).unref();
