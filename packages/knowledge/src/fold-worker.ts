// Runs in a worker thread: builds the main index for a fold, off the thread that answers questions.
import { parentPort, workerData } from 'node:worker_threads';
import { buildSearchIndex, serializeSearchIndex } from './search-index.js';

const { sections, boosts } = workerData;
parentPort?.postMessage(JSON.stringify(serializeSearchIndex(buildSearchIndex(sections, boosts))));
