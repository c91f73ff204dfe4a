/**
 * The model's WebAssembly kernel (wasm/, AssemblyScript with 128-bit SIMD): the hot loops of a
 * meanfield month, transcribed from the TypeScript so that both give the same bits (tested).
 * This file compiles the embedded bytes once and makes instances; each instance has its own
 * memory, which its owner lays out once ({@link MemoryLayout}) and never grows again.
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

/** A new instance with its own memory, or null where the kernel is unavailable. */
export function newKernelInstance(): KernelExports | null {
  const module = loadModule();
  // the kernel's exponential falls back to the host's Math.exp outside (−708, 709), as tableExp does
  return module ? (new WebAssembly.Instance(module, { env: { exp: Math.exp } }).exports as unknown as KernelExports) : null;
}

/**
 * Instances released by finished runs (per thread). Making an instance (and its memory) costs
 * about as much as 3% of a meanfield run, so runs reuse them.
 */
const pool: KernelExports[] = [];

/** An instance from the pool, or a new one (null where the kernel is unavailable). */
export function acquireKernelInstance(): KernelExports | null {
  return pool.pop() ?? newKernelInstance();
}

/** Returns an instance to the pool; its owner must not use its views any more. */
export function releaseKernelInstance(k: KernelExports): void {
  if (pool.length < 4) pool.push(k);
}

/**
 * Lays arrays out in an instance's memory from byte 64, each 16-byte aligned; {@link finish}
 * grows the memory once, after which views made on it stay valid until the instance is
 * released.
 */
export class MemoryLayout {
  private top = 64;
  constructor(private readonly k: KernelExports) {}

  /** Reserves `bytes` and returns their address. */
  take(bytes: number): number {
    const at = this.top;
    this.top += Math.ceil(bytes / 16) * 16;
    return at;
  }

  /**
   * Grows the memory to hold everything taken and zeroes it (an instance from the pool holds
   * an earlier run's values); returns its buffer.
   */
  finish(): ArrayBuffer {
    const mem = this.k.memory;
    const need = Math.ceil(this.top / 65536) - mem.buffer.byteLength / 65536;
    if (need > 0) mem.grow(need);
    new Uint8Array(mem.buffer, 0, this.top).fill(0);
    return mem.buffer;
  }
}

/**
 * One run's use of an instance: the engine and the solver take the space they need
 * ({@link take}), then {@link finish} lays the memory out once and both make their views of
 * it; so the solver's state and the engine's arrays share one memory, and the kernel's passes
 * read both. {@link release} returns the instance to the pool when the run is over.
 */
export class KernelSession {
  private readonly layout: MemoryLayout;
  private buf: ArrayBuffer | null = null;

  private constructor(readonly exports: KernelExports) {
    this.layout = new MemoryLayout(exports);
  }

  /** A session on an instance from the pool, or null where the kernel is unavailable. */
  static open(): KernelSession | null {
    const k = acquireKernelInstance();
    return k ? new KernelSession(k) : null;
  }

  /** Reserves `bytes` (before {@link finish}) and returns their address. */
  take(bytes: number): number {
    if (this.buf) throw new Error('kernel session: memory already laid out');
    return this.layout.take(bytes);
  }

  /** Grows and zeroes the memory for everything taken (once). */
  finish(): void {
    this.buf ??= this.layout.finish();
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
    releaseKernelInstance(this.exports);
  }
}
