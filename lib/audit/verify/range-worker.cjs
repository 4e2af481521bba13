// Entry of a verification worker thread: loads the TypeScript body through tsx's CommonJS hook
// (synchronous, in this thread: no loader-hooks thread per worker) and runs it on its range.
const { parentPort, workerData } = require('node:worker_threads');
const tsx = require('tsx/cjs/api');

const { runRangeWorker } = tsx.require('./range-worker.ts', __filename);
void runRangeWorker(workerData, (message) => parentPort.postMessage(message));
