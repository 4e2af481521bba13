/** Entry of a verification worker thread when run from a bundle (worker-bundle.ts): runs its range and posts the answers. */
import { parentPort, workerData } from 'node:worker_threads';
import { runRangeWorker, type TRangeWorkerData } from './range-worker';

void runRangeWorker(workerData as TRangeWorkerData, (message) => parentPort!.postMessage(message));
