/** Promise wrapper around the model Web Worker. */
import type { WorkerRequest, WorkerResponse } from './protocol.js';

type Body<K extends WorkerRequest['kind']> = Omit<Extract<WorkerRequest, { kind: K }>, 'id'>;

/** A client for one worker; requests are answered in order. */
export class ModelClient {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: WorkerResponse) => void; reject: (e: Error) => void }>();

  constructor(private readonly worker: Worker) {
    worker.onmessage = (ev: MessageEvent<WorkerResponse>) => {
      const w = this.waiting.get(ev.data.id);
      if (!w) return;
      this.waiting.delete(ev.data.id);
      if (ev.data.ok) w.resolve(ev.data);
      else w.reject(new Error(ev.data.error));
    };
    worker.onerror = (ev) => {
      const err = new Error(`model worker failed: ${ev.message || 'unknown error'}`);
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
  }

  /** Sends a request; resolves with the worker's reply (rejects with its error message). */
  request<K extends WorkerRequest['kind']>(body: Body<K>): Promise<Extract<WorkerResponse, { ok: true }>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (r: WorkerResponse) => void, reject });
      this.worker.postMessage({ ...body, id });
    });
  }

  terminate(): void {
    this.worker.terminate();
  }
}

/** Starts a model worker (bundled by Vite). */
export function startModelWorker(): ModelClient {
  return new ModelClient(new Worker(new URL('./model-worker.ts', import.meta.url), { type: 'module', name: 'momentum-model' }));
}
