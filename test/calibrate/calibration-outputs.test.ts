/** The text of calibrate's output files: CSV header and quoting, and the calibrated.ts module. */
import { describe, expect, it } from 'vitest';
import { calibratedTs, csvField, residualsCsv, RESIDUAL_HEADER } from '../../src/shell/calibration/calibration-outputs.js';
import type { CalibrationResult } from '../../src/model/calibrate/calibration.js';

const result = {
  modelVersion: '9.9.9',
  loss: 1.25,
  startLoss: 10,
  evaluations: 100,
  converged: false,
  stopReason: 'budget exhausted',
  params: [
    { name: 'priceSensitivity', start: 0.2, value: 0.61, min: 0.02, max: 1.5, atBound: false },
    { name: 'originRisk.CN', start: 1, value: 0.5, min: 0, max: 3, atBound: false },
  ],
} as unknown as CalibrationResult;

describe('calibration output files', () => {
  it('fit.csv has the documented header and quotes fields with commas', () => {
    const text = residualsCsv([{ id: 'a,b', metric: 'm', group: 'g', period: '2025-01..2025-02', observed: 1, modelled: NaN, uncertainty: 0.1, z: 10, fitted: true, scale: 1 }]);
    expect(text.split('\n')[0]).toBe('observation_id,metric,group,period,observed,modelled,uncertainty,z');
    expect(RESIDUAL_HEADER).toBe('observation_id,metric,group,period,observed,modelled,uncertainty,z');
    expect(text.split('\n')[1]).toBe('"a,b",m,g,2025-01..2025-02,1,,0.1,10');
    expect(csvField('x"y')).toBe('"x""y"');
  });
  it('calibrated.ts holds the values, the loss and the exact command, and is valid TypeScript', async () => {
    const src = calibratedTs(result, 'momentum calibrate --params priceSensitivity,originRisk.CN --budget 100 --seed 1');
    expect(src).toContain('command: "momentum calibrate --params priceSensitivity,originRisk.CN --budget 100 --seed 1"');
    expect(src).toContain('"priceSensitivity": 0.61,');
    expect(src).toContain('"originRisk.CN": 0.5,');
    expect(src).toContain('loss: 1.25,');
    const ts = await import('typescript');
    const out = ts.transpileModule(src, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext } });
    expect(out.diagnostics ?? []).toEqual([]);
    const mod = await import(`data:text/javascript,${encodeURIComponent(out.outputText)}`);
    expect(mod.CALIBRATED.values).toEqual({ priceSensitivity: 0.61, 'originRisk.CN': 0.5 });
  });
});
