/**
 * The model's WebAssembly kernel (wasm/, AssemblyScript with 128-bit SIMD): the hot loops of a
 * meanfield month, transcribed from the TypeScript so that both give the same bits (tested).
 * This file compiles the embedded bytes once and makes instances; each instance has its own
 * memory, made at the size its first run lays out ({@link MemoryLayout}) and never grown.
 *
 * Where WebAssembly or its SIMD is missing, {@link newKernelInstance} returns null and the
 * TypeScript paths run. Pure: it decodes the bytes it carries, no I/O.
 */
import { KERNEL_BASE64 } from './kernel-wasm.js';

/** What an instance exports (addresses are byte offsets into its memory). */
export interface KernelExports {
  memory: WebAssembly.Memory;
  configureStep(...args: number[]): void;
  step(rho: number, k1: number, nOpts: number): number;
  configureFactors(...args: number[]): void;
  riskFactors(riskWeight: number, homeBias: number): void;
  factors(nOpts: number, netEff: number, capSens: number, custom: number, priceSens: number, supportW: number): void;
  configureTotals(...args: number[]): void;
  optionTotals(): void;
  configureSegments(...args: number[]): void;
  configureRemap(...args: number[]): void;
  remapShares(oldN: number, newN: number): void;
  segmentTotals(fbInd: number): void;
  setPow2Table(address: number): void;
  logForTest(x: number, y: number, lane: number): number;
  log1pForTest(x: number): number;
  expForTest(x: number, y: number, lane: number): number;
}

/** The compiled module (undefined: not tried yet; null: not supported here). */
let kernelModule: WebAssembly.Module | null | undefined;

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function loadModule(): WebAssembly.Module | null {
  if (kernelModule === undefined) {
    kernelModule = null;
    try {
      if (typeof WebAssembly === 'object' && typeof atob === 'function') {
        const bytes = decodeBase64(KERNEL_BASE64);
        if (WebAssembly.validate(bytes)) kernelModule = new WebAssembly.Module(bytes);
      }
    } catch {
      kernelModule = null;
    }
  }
  return kernelModule;
}

/** Whether this runtime runs the kernel (WebAssembly with SIMD). */
export function kernelAvailable(): boolean {
  return loadModule() !== null;
}

/** Bytes in a WebAssembly memory page. */
const PAGE = 65536;

/**
 * A new instance with its own memory of at least `bytes` (one page at least), or null where the
 * kernel is unavailable. The memory is made at its final size and never grown: growing a
 * memory detaches its old buffer, and the first detached buffer in a JavaScript engine turns
 * off V8's "no buffer was ever detached" protector for good, after which every typed-array
 * access in the thread carries a detach check (measured in Node 20: the model's TypeScript
 * loops 4–14% slower for the rest of the process).
 */
export function newKernelInstance(bytes = PAGE): KernelExports | null {
  const module = loadModule();
  if (!module) return null;
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / PAGE)) });
  // the kernel's exponential falls back to the host's Math.exp outside (−708, 709), as tableExp does
  const exports = new WebAssembly.Instance(module, { env: { memory, exp: Math.exp } }).exports as unknown as Omit<KernelExports, 'memory'>;
  return { ...exports, memory };
}

/**
 * Instances released by finished runs (per thread). Making an instance (and its memory) costs
 * about as much as 3% of a meanfield run, so runs reuse them.
 */
const pool: KernelExports[] = [];

/** An instance from the pool whose memory holds `bytes`, or a new one (null where the kernel is unavailable). */
export function acquireKernelInstance(bytes: number): KernelExports | null {
  const i = pool.findIndex((k) => k.memory.buffer.byteLength >= bytes);
  if (i >= 0) return pool.splice(i, 1)[0];
  return newKernelInstance(bytes);
}

/** Returns an instance to the pool; its owner must not use its views any more. */
export function releaseKernelInstance(k: KernelExports): void {
  if (pool.length < 4) pool.push(k);
}

/** Lays arrays out in a kernel memory from byte 64, each 16-byte aligned. */
export class MemoryLayout {
  private top = 64;

  /** Reserves `bytes` and returns their address. */
  take(bytes: number): number {
    const at = this.top;
    this.top += Math.ceil(bytes / 16) * 16;
    return at;
  }

  /** Bytes the layout spans (from address 0). */
  get size(): number {
    return this.top;
  }
}

/**
 * One run's use of an instance: the engine and the solver take the space they need
 * ({@link take}), then {@link finish} takes an instance whose memory holds it all (from the
 * pool, or made at that size), zeroes it and both make their views of it; so the solver's
 * state and the engine's arrays share one memory, and the kernel's passes read both.
 * {@link release} returns the instance to the pool when the run is over.
 */
export class KernelSession {
  private readonly layout = new MemoryLayout();
  private k: KernelExports | null = null;
  /** The instance's memory buffer (fixed: the memory never grows). */
  private buf: ArrayBuffer | null = null;

  private constructor() {}

  /** A session, or null where the kernel is unavailable. */
  static open(): KernelSession | null {
    return kernelAvailable() ? new KernelSession() : null;
  }

  /** Reserves `bytes` (before {@link finish}) and returns their address. */
  take(bytes: number): number {
    if (this.k) throw new Error('kernel session: memory already laid out');
    return this.layout.take(bytes);
  }

  /**
   * Takes an instance whose memory holds everything taken and zeroes that part (an instance
   * from the pool holds an earlier run's values); once.
   */
  finish(): void {
    if (this.k) return;
    const k = acquireKernelInstance(this.layout.size);
    if (!k) throw new Error('kernel session: the WebAssembly kernel failed to instantiate');
    this.buf = k.memory.buffer;
    new Uint8Array(this.buf, 0, this.layout.size).fill(0);
    this.k = k;
  }

  /** The instance's exports, after {@link finish}. */
  get exports(): KernelExports {
    if (!this.k) throw new Error('kernel session: memory not laid out yet');
    return this.k;
  }

  /** The memory, after {@link finish}. */
  get buffer(): ArrayBuffer {
    if (!this.buf) throw new Error('kernel session: memory not laid out yet');
    return this.buf;
  }

  f64(at: number, n: number): Float64Array {
    return new Float64Array(this.buffer, at, n);
  }

  i32(at: number, n: number): Int32Array {
    return new Int32Array(this.buffer, at, n);
  }

  u8(at: number, n: number): Uint8Array {
    return new Uint8Array(this.buffer, at, n);
  }

  /** Returns the instance to the pool: views of its memory must not be used afterwards. */
  release(): void {
    if (this.k) releaseKernelInstance(this.k);
    this.k = null;
    this.buf = null;
  }
}
