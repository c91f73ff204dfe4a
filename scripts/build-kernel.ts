/** `npm run build:kernel`: recompiles the kernel (wasm/) into its embedding module. */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { KERNEL_MODULE, compileKernel, kernelModuleText } from '../src/shell/kernel/compile-kernel.js';

const text = kernelModuleText(await compileKernel());
const before = existsSync(KERNEL_MODULE) ? readFileSync(KERNEL_MODULE, 'utf8') : '';
writeFileSync(KERNEL_MODULE, text);
console.log(before === text ? 'kernel is up to date' : `kernel rebuilt (${KERNEL_MODULE})`);
