/**
 * The organisation registry (data/organizations.csv) and the mainline policy: validation,
 * lineage parsing, the client's id/name gotcha, and cross-checks against the ATOM project's
 * reference tables (read from ../shared/reference, never copied; skipped when absent).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ValidationError } from '../../src/model/index.js';
import { parseCsv } from '../../src/observatory/csv.js';
import { parentsFromExpand, parentsFromTags } from '../../src/observatory/lineage.js';
import { classifyModel, MAINLINE_POLICY } from '../../src/observatory/mainline-policy.js';
import { toModelRecord } from '../../src/observatory/model-record.js';
import { loadModelFacts, parseModelFacts } from '../../src/observatory/model-facts.js';
import { familyOf } from '../../src/observatory/families.js';
import { CREATED_AT_UNKNOWN_SENTINEL } from '../../src/observatory/hub-api.js';
import { loadRegistry, parseRegistry, REGISTRY_BLOCS } from '../../src/observatory/registry.js';

const ROOT = resolve(import.meta.dirname, '../..');
const registry = loadRegistry(join(ROOT, 'data/organizations.csv'));
const ATOM = join(ROOT, '../shared/reference/atom-tracked-models');
const HAVE_ATOM = ['organization_regions.csv', 'model_policy.yml', 'models.csv', 'extra_models.csv', 'model_parameters.csv', 'release_date_corrections.csv'].every((f) => existsSync(join(ATOM, f)));
if (!HAVE_ATOM) console.warn(`registry/policy cross-checks skipped: the ATOM reference folder ${ATOM} is absent`);

/**
 * Namespaces where this registry's bloc differs from ATOM's region on purpose, with the reason.
 */
const ACCEPTED_DIFFERENCES: Record<string, string> = {
  ai21labs: 'AI21 Labs is headquartered in Tel Aviv, Israel: RoW here; ATOM classes it us',
};

describe('organisation registry', () => {
  it('has at least 40 organisations, every row sourced, renamed namespaces as separate rows', () => {
    expect(registry.entries.length).toBeGreaterThanOrEqual(40);
    for (const e of registry.entries) {
      expect(REGISTRY_BLOCS).toContain(e.bloc);
      expect(e.source_or_note.length).toBeGreaterThan(20);
    }
    const thudm = registry.byNamespace.get('THUDM');
    const zai = registry.byNamespace.get('zai-org');
    expect(thudm && zai && thudm.organisation === zai.organisation).toBe(true);
    expect(registry.byNamespace.get('CohereForAI')?.organisation).toBe(registry.byNamespace.get('CohereLabs')?.organisation);
    for (const b of ['US', 'CN', 'EU', 'RoW']) expect(registry.entries.filter((e) => e.bloc === b).length).toBeGreaterThanOrEqual(4);
  });

  it('rejects bad files with messages that name the line, the column, the expectation and the value', () => {
    const bad = 'namespace,organisation,bloc,source_or_note\nQwen,Alibaba,China,https://example.org source\nQwen,Alibaba,CN,\n';
    let err: unknown;
    try {
      parseRegistry(bad, 'orgs.csv');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    const msg = (err as Error).message;
    expect(msg).toContain('orgs.csv');
    expect(msg).toContain('line 2.bloc');
    expect(msg).toContain('"China"');
    expect(msg).toContain('line 3.source_or_note');
    expect(() => parseRegistry('ns,org\nQwen,Alibaba\n', 'x.csv')).toThrow(/header/);
    expect(() => parseRegistry('namespace,organisation,bloc,source_or_note\nQwen,A,CN,a real source here\nQwen,A,CN,a real source here\n', 'x.csv')).toThrow(/listed once/);
  });

  it.skipIf(!HAVE_ATOM)('agrees with ATOM\'s organization_regions.csv wherever both list a namespace', () => {
    const rows = parseCsv(readFileSync(join(ATOM, 'organization_regions.csv'), 'utf8'));
    const header = rows[0];
    const iOrg = header.indexOf('hf_org');
    const iRegion = header.indexOf('region');
    const map: Record<string, string> = { us: 'US', china: 'CN', eu: 'EU', other: 'RoW', unknown: 'unknown' };
    const atom = new Map(rows.slice(1).map((r) => [r[iOrg], map[r[iRegion]] ?? `?${r[iRegion]}`]));
    const shared = registry.entries.filter((e) => atom.has(e.namespace));
    // Most of the registry is in ATOM's table (the rest are publishers it does not track).
    expect(shared.length / registry.entries.length).toBeGreaterThan(0.8);
    const diffs = shared.filter((e) => atom.get(e.namespace) !== e.bloc).map((e) => `${e.namespace}: ours ${e.bloc}, ATOM ${atom.get(e.namespace)}`);
    expect(diffs.filter((d) => !(d.split(':')[0] in ACCEPTED_DIFFERENCES))).toEqual([]);
    for (const ns of Object.keys(ACCEPTED_DIFFERENCES)) expect(registry.byNamespace.has(ns)).toBe(true);
  });
});

describe('registry coverage of ATOM\'s tracked organisations', () => {
  it.skipIf(!HAVE_ATOM)('lists every organisation of ATOM\'s models.csv and extra_models.csv (57 as of the 2026-08-17 snapshot)', () => {
    const orgs = new Set<string>();
    for (const f of ['models.csv', 'extra_models.csv']) {
      const rows = parseCsv(readFileSync(join(ATOM, f), 'utf8'));
      const iOrg = rows[0].indexOf('org');
      for (const r of rows.slice(1)) if (r[iOrg]) orgs.add(r[iOrg]);
    }
    expect(orgs.size).toBeGreaterThanOrEqual(57);
    expect([...orgs].filter((o) => !registry.byNamespace.has(o)).sort()).toEqual([]);
  });
});

describe('curated model facts (data/model-facts.csv)', () => {
  const facts = loadModelFacts(join(ROOT, 'data/model-facts.csv'));
  it('are sourced and validated, with errors naming the line and the column', () => {
    expect(facts.length).toBeGreaterThanOrEqual(8);
    for (const f of facts) expect(f.source).toMatch(/https:\/\/huggingface\.co\//);
    expect(() => parseModelFacts('model_id,total_params_b,release_date,source\nx/y,-3,2025-02-30,short\n', 'facts.csv')).toThrow(/line 2\.total_params_b[\s\S]*line 2\.release_date[\s\S]*line 2\.source/);
  });
  it.skipIf(!HAVE_ATOM)('agree with ATOM\'s reviewed sizes (within 2 %) and release dates wherever both list a model', () => {
    const params = parseCsv(readFileSync(join(ATOM, 'model_parameters.csv'), 'utf8'));
    const iId = params[0].indexOf('model_id');
    const iTot = params[0].indexOf('total_params_b');
    const atomSize = new Map(params.slice(1).map((r) => [r[iId], Number(r[iTot])]));
    const dates = parseCsv(readFileSync(join(ATOM, 'release_date_corrections.csv'), 'utf8')).filter((r) => !r[0].startsWith('#'));
    const jId = dates[0].indexOf('model_id');
    const jDay = dates[0].indexOf('actual_release_date');
    const atomDay = new Map(dates.slice(1).map((r) => [r[jId], r[jDay]]));
    let compared = 0;
    for (const f of facts) {
      const size = atomSize.get(f.id);
      if (size !== undefined && f.parameters !== null) {
        compared++;
        expect(Math.abs(f.parameters / 1e9 - size) / size, f.id).toBeLessThanOrEqual(0.02);
      }
      const day = atomDay.get(f.id);
      if (day !== undefined && f.releaseDate !== null) {
        compared++;
        expect(f.releaseDate, f.id).toBe(day);
      }
    }
    expect(compared).toBeGreaterThanOrEqual(5);
  });
});

describe('model families', () => {
  it('roll models up by family, most specific first, "other" for the rest', () => {
    expect(familyOf('Qwen/Qwen3-8B')).toBe('Qwen');
    expect(familyOf('meta-llama/Llama-3.1-8B-Instruct')).toBe('Llama');
    expect(familyOf('nvidia/Llama-3.1-Nemotron-70B-Instruct-HF')).toBe('Nemotron');
    expect(familyOf('google/gemma-3-27b-it')).toBe('Gemma');
    expect(familyOf('google/t5-v1_1-xl')).toBe('other');
    expect(familyOf('mistral-community/Mistral-7B-v0.2')).toBe('Mistral');
    expect(familyOf('deepseek-ai/DeepSeek-R1-Distill-Llama-8B')).toBe('DeepSeek');
    expect(familyOf('zai-org/GLM-4.5')).toBe('GLM');
    expect(familyOf('someone/tune')).toBe('other');
  });
});

describe('mainline policy', () => {
  const base = { organisation: 'Alibaba Cloud (Qwen team)', pipelineTag: 'text-generation', libraryName: 'transformers', tags: [] as string[], parents: [] as { organisation: string | null; relation: string }[] };
  it('keeps first-party text and vision-language models, including own finetunes and official FP8', () => {
    expect(classifyModel({ ...base, id: 'Qwen/Qwen2.5-7B' }).mainline).toBe(true);
    expect(classifyModel({ ...base, id: 'Qwen/Qwen2.5-VL-7B-Instruct', pipelineTag: 'image-text-to-text' }).mainline).toBe(true);
    expect(classifyModel({ ...base, id: 'Qwen/Qwen2.5-7B-Instruct', parents: [{ organisation: base.organisation, relation: 'finetune' }] })).toEqual({ mainline: true, exclusion: null, derivative: false });
    expect(classifyModel({ ...base, id: 'Qwen/Qwen3-8B-FP8', parents: [{ organisation: base.organisation, relation: 'quantized' }] }).mainline).toBe(true);
  });
  it('excludes converted formats, auxiliary models, adapters, other tasks, untracked namespaces; flags derivatives', () => {
    for (const id of ['Qwen/Qwen2.5-7B-Instruct-GGUF', 'Qwen/Qwen2.5-7B-Instruct-AWQ', 'Qwen/Qwen2.5-7B-Instruct-GPTQ-Int4', 'Qwen/Qwen3-4B-MLX-4bit', 'Qwen/x-onnx', 'Qwen/x-openvino', 'Qwen/x-bnb-4bit'])
      expect(classifyModel({ ...base, id }).exclusion, id).toBe('format');
    expect(classifyModel({ ...base, id: 'Qwen/Plain', tags: ['gguf'] }).exclusion).toBe('format');
    expect(classifyModel({ ...base, id: 'Qwen/Plain', libraryName: 'mlx' }).exclusion).toBe('format');
    for (const id of ['meta-llama/Llama-Guard-3-8B', 'Qwen/Qwen3-Embedding-8B', 'internlm/internlm2-7b-reward', 'x/some-classifier', 'x/ShieldGemma'])
      expect(classifyModel({ ...base, id }).exclusion, id).toBe('auxiliary');
    expect(classifyModel({ ...base, id: 'Qwen/x-lora' }).exclusion).toBe('adapter');
    expect(classifyModel({ ...base, id: 'Qwen/Qwen2-Audio', pipelineTag: 'automatic-speech-recognition' }).exclusion).toBe('task');
    expect(classifyModel({ ...base, id: 'Qwen/none', pipelineTag: null }).exclusion).toBe('task');
    // As ATOM: a finetune or merge of another organisation's base is its publisher's mainline
    // model (nvidia's Llama-Nemotron, DeepSeek's R1-Distill), and still a derivative of the base.
    const fromOther = classifyModel({ ...base, id: 'nvidia/Llama-3.1-Nemotron-70B-Instruct', organisation: 'NVIDIA', parents: [{ organisation: 'Meta Platforms', relation: 'finetune' }] });
    expect(fromOther).toEqual({ mainline: true, exclusion: null, derivative: true });
    expect(classifyModel({ ...base, id: 'deepseek-ai/DeepSeek-R1-Distill-Qwen-7B', organisation: 'DeepSeek', parents: [{ organisation: base.organisation, relation: 'finetune' }] }).mainline).toBe(true);
    // A quantized re-upload of another organisation's model is not the publisher's own model.
    const quant = classifyModel({ ...base, id: 'nvidia/Llama-3.1-8B-Instruct-FP8', organisation: 'NVIDIA', parents: [{ organisation: 'Meta Platforms', relation: 'quantized' }] });
    expect(quant).toEqual({ mainline: false, exclusion: 'derivative', derivative: true });
    const user = classifyModel({ ...base, id: 'someone/tune', organisation: null, parents: [{ organisation: null, relation: 'finetune' }] });
    expect(user).toEqual({ mainline: false, exclusion: 'untracked', derivative: true });
  });

  it.skipIf(!HAVE_ATOM)('matches ATOM\'s model_policy.yml: same tasks, its format list covered, its tracked models kept unless its own patterns reject them', () => {
    const policy = parseYaml(readFileSync(join(ATOM, 'model_policy.yml'), 'utf8')) as { global: { primary_allowed_pipeline_tags: string[]; reject_name_patterns: string[]; reject_format_patterns: string[] } };
    expect([...MAINLINE_POLICY.allowedPipelineTags].sort()).toEqual([...policy.global.primary_allowed_pipeline_tags].sort());
    const toRe = (p: string) => new RegExp(p.replace(/^\(\?i\)/, ''), p.startsWith('(?i)') ? 'i' : '');
    for (const p of policy.global.reject_format_patterns) {
      const words = p.replace(/^\(\?i\)\(/, '').replace(/\)$/, '').split('|');
      for (const w of words) expect(MAINLINE_POLICY.formatNamePattern.test(`x-${w}`), w).toBe(true);
    }
    const atomReject = policy.global.reject_name_patterns.map(toRe);
    const rows = parseCsv(readFileSync(join(ATOM, 'models.csv'), 'utf8')).slice(1);
    let n = 0;
    const unexplained: string[] = [];
    let rejected = 0;
    for (const [org, , id] of rows) {
      const e = registry.byNamespace.get(org);
      if (!e || !id) continue;
      n++;
      const c = classifyModel({ id, organisation: e.organisation, pipelineTag: 'text-generation', libraryName: null, tags: [], parents: [] });
      if (c.mainline) continue;
      rejected++;
      const name = id.slice(id.indexOf('/') + 1);
      if (!atomReject.some((re) => re.test(name))) unexplained.push(id);
    }
    expect(n).toBeGreaterThan(500);
    expect(rejected / n).toBeLessThan(0.05);
    expect(unexplained).toEqual([]);
  });
});

describe('lineage and records', () => {
  it('reads base models from tags and from the baseModels expand field', () => {
    expect(parentsFromTags(['base_model:Qwen/Qwen2.5-7B', 'base_model:quantized:Qwen/Qwen2.5-7B', 'license:mit'])).toEqual([{ id: 'Qwen/Qwen2.5-7B', relation: 'quantized' }]);
    expect(parentsFromTags(['base_model:meta-llama/Llama-3.1-8B'])).toEqual([{ id: 'meta-llama/Llama-3.1-8B', relation: 'finetune' }]);
    expect(parentsFromTags(['base_model:merge:a/x', 'base_model:merge:b/y'])).toEqual([{ id: 'a/x', relation: 'merge' }, { id: 'b/y', relation: 'merge' }]);
    expect(parentsFromExpand({ relation: 'adapter', models: [{ id: 'a/b' }] })).toEqual([{ id: 'a/b', relation: 'adapter' }]);
    expect(parentsFromExpand(undefined)).toBeNull();
    // Both documented shapes of baseModels: objects with a relation, or a plain list of ids.
    expect(parentsFromExpand(['a/b', 'c/d'])).toEqual([{ id: 'a/b', relation: 'finetune' }, { id: 'c/d', relation: 'finetune' }]);
    expect(parentsFromExpand([{ id: 'a/b' }])).toEqual([{ id: 'a/b', relation: 'finetune' }]);
    expect(parentsFromExpand([{ relation: 'quantized', models: ['a/b'] }])).toEqual([{ id: 'a/b', relation: 'quantized' }]);
    expect(parentsFromExpand([])).toEqual([]);
  });

  it('takes the repository id from `name` for client entries (their `id` is the internal id)', () => {
    const client = toModelRecord({ id: '65f1a2b3c4', name: 'Qwen/Qwen2.5-7B', task: 'text-generation', downloads: 10, likes: 1, tags: ['license:apache-2.0'] }, 'client', registry)!;
    expect(client.id).toBe('Qwen/Qwen2.5-7B');
    expect(client.bloc).toBe('CN');
    expect(client.license).toBe('apache-2.0');
    expect(client.mainline).toBe(true);
    const rest = toModelRecord({ _id: '65f1', id: 'someone/tune', pipeline_tag: 'text-generation', safetensors: { total: 7.6e9 }, baseModels: { relation: 'finetune', models: [{ id: 'Qwen/Qwen2.5-7B' }] }, createdAt: '2025-01-02T03:04:05.000Z' }, 'rest', registry)!;
    expect(rest).toMatchObject({ id: 'someone/tune', organisation: null, derivative: true, relation: 'finetune', parameters: 7.6e9, createdAt: '2025-01-02' });
    expect(toModelRecord({ id: 'not a repo id' }, 'rest', registry)).toBeNull();
    // The "created before March 2022" sentinel is an unknown date, not a release date.
    const old = toModelRecord({ id: 'google/t5-small', createdAt: CREATED_AT_UNKNOWN_SENTINEL }, 'rest', registry)!;
    expect(old).toMatchObject({ createdAt: null, createdBefore: '2022-03-02' });
    expect(toModelRecord({ name: 'google/t5-small', createdAt: new Date(CREATED_AT_UNKNOWN_SENTINEL) }, 'client', registry)).toMatchObject({ createdAt: null, createdBefore: '2022-03-02' });
    expect(toModelRecord({ id: 'google/x', createdAt: '2022-03-02T23:29:05.000Z' }, 'rest', registry)).toMatchObject({ createdAt: '2022-03-02', createdBefore: null });
    expect(toModelRecord({ id: '65f1a2b3c4' }, 'client', registry)).toBeNull();
  });
});
