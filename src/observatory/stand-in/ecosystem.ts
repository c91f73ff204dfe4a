/**
 * A generated (synthetic) Hugging Face ecosystem for the observatory's demo, tests and
 * benchmark, with the ground truth kept beside it (kinds, parents, organisations), so tests can
 * compute expected metrics independently of the code under test. It is not data: every number
 * in it is drawn from a seeded generator.
 *
 * Struct-of-arrays: 2.5M models fit in a few hundred MB; repository ids are built on demand.
 */
import { Rng } from '../../model/index.js';
import { CREATED_AT_UNKNOWN_BEFORE, CREATED_AT_UNKNOWN_SENTINEL } from '../hub-api.js';

/** What a generated model is (the ground truth the policy must recover). */
export const KIND = {
  /** Tracked organisation, base model, text generation: mainline. */
  base: 0,
  /** Tracked organisation, instruct finetune of its own (or its renamed namespace's) base: mainline. */
  instruct: 1,
  /** Tracked organisation, its own GGUF/MLX re-upload: not mainline, not a derivative. */
  orgReupload: 2,
  /** Tracked organisation, guard / embedding / reward model: not mainline. */
  orgAuxiliary: 3,
  /** Tracked organisation, speech model: not mainline (task). */
  orgOtherTask: 4,
  /** Untracked namespace, derived from a tracked model or another derivative. */
  derivative: 5,
  /** Untracked namespace, no base: not stored. */
  noise: 6,
  /** Untracked namespace, derived from a noise model: pruned. */
  orphan: 7,
  /** Tracked organisation, finetune of another organisation's base (nvidia's Llama-Nemotron): mainline, as ATOM counts it. */
  crossOrgTune: 8,
  /** Tracked organisation, quantized re-upload of another organisation's model: a derivative, not mainline. */
  crossOrgQuant: 9,
} as const;

export const RELATION_NAMES = ['finetune', 'adapter', 'quantized', 'merge'] as const;

/** An organisation of the generated world. */
export interface EcoOrg {
  namespace: string;
  /** Index into the registry entries, or -1 for an untracked namespace. */
  registryIndex: number;
  organisation: string | null;
  bloc: string | null;
}

/** The generated ecosystem. */
export interface Ecosystem {
  n: number;
  orgs: EcoOrg[];
  /** Namespace index of each model. */
  ns: Int32Array;
  kind: Uint8Array;
  /** Days since 1970-01-01 (UTC). */
  created: Int32Array;
  /** Total parameters, or 0 when unknown (no safetensors metadata). */
  params: Float64Array;
  /** Index into PIPELINES. */
  pipeline: Uint8Array;
  /** First and second declared base (model index) or -1. */
  parent1: Int32Array;
  parent2: Int32Array;
  /** Relation index into RELATION_NAMES (for models with a base). */
  relation: Uint8Array;
  /** Base 30-day downloads and all-time downloads (variant 0). */
  dl30: Float64Array;
  dlAll: Float64Array;
  likes: Int32Array;
  /** Model indices, newest first (the listing order). */
  order: Int32Array;
  /** Per namespace: model indices, newest first. */
  byNs: Int32Array[];
  /** The day the listing is taken (YYYY-MM-DD). */
  asOf: string;
}

export const PIPELINES = ['text-generation', 'image-text-to-text', 'text-classification', 'feature-extraction', 'automatic-speech-recognition', 'text-to-image'] as const;

/** True when model i's Hub createdAt is the "unknown, before March 2022" sentinel. */
export function createdUnknown(e: Ecosystem, i: number): boolean {
  return dayToIso(e.created[i]) <= CREATED_AT_UNKNOWN_BEFORE;
}

/** Options of {@link generateEcosystem}. */
export interface EcosystemOptions {
  seed: number;
  /** Number of models. */
  size: number;
  /** Tracked organisations (namespace, organisation, bloc), e.g. the registry's entries. */
  tracked: readonly { namespace: string; organisation: string; bloc: string }[];
  /** Listing date YYYY-MM-DD (default 2026-06-15). */
  asOf?: string;
  /** Share of models in tracked namespaces (default 0.25). */
  trackedShare?: number;
  /** Share of untracked models that have no base (default 0.15). */
  noiseShare?: number;
}

const DAY0 = Date.UTC(2023, 0, 1) / 86_400_000;
/** Legacy models (created before the Hub recorded creation dates) are spread over 2020-06 … 2022-02. */
const LEGACY0 = Date.UTC(2020, 5, 1) / 86_400_000;
const LEGACY_SPAN = Date.UTC(2022, 1, 28) / 86_400_000 - LEGACY0;

/** Day number → YYYY-MM-DD. */
export function dayToIso(d: number): string {
  return new Date(d * 86_400_000).toISOString().slice(0, 10);
}

/** Generates an ecosystem; same options, same ecosystem. */
export function generateEcosystem(o: EcosystemOptions): Ecosystem {
  const rng = new Rng(o.seed, 77);
  const asOf = o.asOf ?? '2026-06-15';
  const dayEnd = Date.parse(`${asOf}T00:00:00Z`) / 86_400_000;
  const n = o.size;
  const orgs: EcoOrg[] = o.tracked.map((t, k) => ({ namespace: t.namespace, registryIndex: k, organisation: t.organisation, bloc: t.bloc }));
  const nTracked = orgs.length;
  // Untracked namespaces: community re-uploaders and individual users.
  const reuploaders = ['mlx-community', 'quant-factory', 'gguf-hub'];
  for (const r of reuploaders) orgs.push({ namespace: r, registryIndex: -1, organisation: null, bloc: null });
  const nUsers = Math.max(20, Math.floor(n / 50));
  for (let u = 0; u < nUsers; u++) orgs.push({ namespace: `user${u}`, registryIndex: -1, organisation: null, bloc: null });
  // Heavy-tailed organisation weights (Zipf), so concentration is meaningful.
  const orgW = new Float64Array(nTracked);
  let wsum = 0;
  for (let k = 0; k < nTracked; k++) {
    orgW[k] = 1 / Math.pow(k + 1, 0.9) * (0.5 + rng.next());
    wsum += orgW[k];
  }
  const pickOrg = () => {
    let u = rng.next() * wsum;
    for (let k = 0; k < nTracked; k++) if ((u -= orgW[k]) <= 0) return k;
    return nTracked - 1;
  };
  // Renamed pairs: models of one namespace may be built on bases of the other.
  const sibling = new Int32Array(nTracked).fill(-1);
  for (let a = 0; a < nTracked; a++)
    for (let b = 0; b < nTracked; b++) if (a !== b && orgs[a].organisation === orgs[b].organisation && sibling[a] < 0) sibling[a] = b;

  const ns = new Int32Array(n);
  const kind = new Uint8Array(n);
  const created = new Int32Array(n);
  const params = new Float64Array(n);
  const pipeline = new Uint8Array(n);
  const parent1 = new Int32Array(n).fill(-1);
  const parent2 = new Int32Array(n).fill(-1);
  const relation = new Uint8Array(n);
  const dl30 = new Float64Array(n);
  const dlAll = new Float64Array(n);
  const likes = new Int32Array(n);

  const sizeMeans = [0.5e9, 3e9, 7e9, 30e9, 70e9, 200e9, 600e9];
  const sizeWeights = [0.15, 0.3, 0.3, 0.12, 0.06, 0.04, 0.03];
  const pickSize = () => {
    let u = rng.next();
    let c = 0;
    for (; c < 6; c++) if ((u -= sizeWeights[c]) <= 0) break;
    return Math.round(sizeMeans[c] * (0.7 + 0.6 * rng.next()));
  };
  const span = dayEnd - DAY0;
  const nTrackedModels = Math.floor(n * (o.trackedShare ?? 0.25));
  const bases: number[] = [];
  const baseOfOrg: number[][] = Array.from({ length: nTracked }, () => []);
  /** Speech and image-generation models of tracked organisations: roots of non-language derivatives. */
  const otherTaskBases: number[] = [];
  const heavy = () => Math.floor(Math.exp(3 + 2.4 * rng.normal()));
  // Tracked organisations' models, in creation order.
  for (let i = 0; i < nTrackedModels; i++) {
    const k = pickOrg();
    ns[i] = k;
    // Later months are busier: square-root time density. A few legacy models predate the
    // Hub's creation dates (their createdAt is the sentinel).
    created[i] = rng.next() < 0.04 ? LEGACY0 + rng.int(LEGACY_SPAN) : DAY0 + Math.floor(Math.sqrt(rng.next()) * span);
    const u = rng.next();
    const own = baseOfOrg[k].length > 0 ? baseOfOrg[k] : sibling[k] >= 0 ? baseOfOrg[sibling[k]] : [];
    let kd: number;
    if (own.length === 0 || u < 0.42) kd = KIND.base;
    else if (u < 0.64) kd = KIND.instruct;
    else if (u < 0.68 && bases.length > 0) kd = KIND.crossOrgTune;
    else if (u < 0.71 && bases.length > 0) kd = KIND.crossOrgQuant;
    else if (u < 0.8) kd = KIND.orgReupload;
    else if (u < 0.9) kd = KIND.orgAuxiliary;
    else kd = KIND.orgOtherTask;
    kind[i] = kd;
    params[i] = rng.next() < 0.1 ? 0 : pickSize();
    pipeline[i] = kd === KIND.orgAuxiliary ? (i % 3 === 0 ? 0 : i % 3 === 1 ? 3 : 2) : kd === KIND.orgOtherTask ? (i % 2 === 0 ? 4 : 5) : rng.next() < 0.2 ? 1 : 0;
    if (kd === KIND.crossOrgTune || kd === KIND.crossOrgQuant) {
      // Built on a base of another organisation (never the model's own or its renamed namespace's).
      let p = bases[rng.int(bases.length)];
      for (let t = 0; t < 8 && orgs[ns[p]].organisation === orgs[k].organisation; t++) p = bases[rng.int(bases.length)];
      if (orgs[ns[p]].organisation === orgs[k].organisation) kind[i] = kd = KIND.instruct;
      parent1[i] = p;
      relation[i] = kd === KIND.crossOrgQuant ? 2 : 0;
      if (created[i] < created[p]) created[i] = created[p];
      params[i] = params[p];
      pipeline[i] = pipeline[p];
    }
    if (kd === KIND.instruct || kd === KIND.orgReupload) {
      // Instruct models of a renamed pair sometimes build on the other namespace's base.
      const pool = sibling[k] >= 0 && baseOfOrg[sibling[k]].length > 0 && rng.next() < 0.3 ? baseOfOrg[sibling[k]] : own;
      const p = pool[rng.int(pool.length)];
      parent1[i] = p;
      relation[i] = kd === KIND.instruct ? 0 : 2;
      if (created[i] < created[p]) created[i] = created[p];
      params[i] = params[p];
    }
    if (kd === KIND.base) {
      baseOfOrg[k].push(i);
      bases.push(i);
    }
    if (kd === KIND.orgOtherTask) otherTaskBases.push(i);
  }
  // Untracked namespaces: noise, derivatives (trees), orphans.
  const deriv: number[] = [];
  const noise: number[] = [];
  const noiseShare = o.noiseShare ?? 0.15;
  const trackedPool = bases.length > 0 ? bases : [0];
  for (let i = nTrackedModels; i < n; i++) {
    const u = rng.next();
    created[i] = DAY0 + Math.floor(Math.sqrt(rng.next()) * span);
    params[i] = rng.next() < 0.3 ? 0 : pickSize();
    pipeline[i] = 0;
    if (u < noiseShare || noise.length === 0) {
      kind[i] = KIND.noise;
      ns[i] = nTracked + 3 + rng.int(nUsers);
      noise.push(i);
      continue;
    }
    if (u < noiseShare + 0.03) {
      kind[i] = KIND.orphan;
      ns[i] = nTracked + 3 + rng.int(nUsers);
      parent1[i] = noise[rng.int(noise.length)];
      relation[i] = 0;
      continue;
    }
    kind[i] = KIND.derivative;
    // Parent: a tracked base (60%) or an earlier derivative (a tree), preferring popular ones.
    let p: number;
    const v = rng.next();
    if (otherTaskBases.length > 0 && v < 0.08) p = otherTaskBases[rng.int(otherTaskBases.length)];
    else if (deriv.length === 0 || v < 0.6) p = trackedPool[Math.floor(trackedPool.length * Math.pow(rng.next(), 2))];
    else p = deriv[rng.int(deriv.length)];
    parent1[i] = p;
    const r = rng.next();
    relation[i] = r < 0.5 ? 0 : r < 0.65 ? 1 : r < 0.9 ? 2 : 3;
    if (relation[i] === 3) parent2[i] = trackedPool[rng.int(trackedPool.length)];
    if (relation[i] === 2) ns[i] = nTracked + rng.int(3);
    else ns[i] = nTracked + 3 + rng.int(nUsers);
    if (created[i] < created[p]) created[i] = Math.min(dayEnd, created[p] + rng.int(30));
    params[i] = params[p];
    pipeline[i] = pipeline[p];
    deriv.push(i);
  }
  for (let i = 0; i < n; i++) {
    const base = kind[i] === KIND.base || kind[i] === KIND.instruct || kind[i] === KIND.crossOrgTune ? heavy() * 20 : heavy();
    dl30[i] = base;
    const ageMonths = Math.max(0, (dayEnd - created[i]) / 30.4375);
    dlAll[i] = base + Math.floor(base * ageMonths * (0.3 + rng.next()));
    likes[i] = Math.floor(Math.sqrt(base) * rng.next());
  }
  const order = Int32Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => created[b] - created[a] || a - b);
  const counts = new Int32Array(orgs.length);
  for (let i = 0; i < n; i++) counts[ns[i]]++;
  const byNs = Array.from(counts, (c) => new Int32Array(c));
  const fill = new Int32Array(orgs.length);
  for (const i of order) byNs[ns[i]][fill[ns[i]]++] = i;
  return { n, orgs, ns, kind, created, params, pipeline, parent1, parent2, relation, dl30, dlAll, likes, order, byNs, asOf };
}

const STEMS = ['Lm', 'Chat', 'Coder', 'Vision', 'Reason'];

/** Repository id of model i (deterministic, unique). */
export function modelId(e: Ecosystem, i: number): string {
  const ns = e.orgs[e.ns[i]].namespace;
  const stem = STEMS[i % STEMS.length];
  switch (e.kind[i]) {
    case KIND.base:
      return `${ns}/${stem}-${i}`;
    case KIND.instruct:
      return `${ns}/${stem}-${i}-Instruct`;
    case KIND.orgReupload:
      return i % 2 === 0 ? `${ns}/${stem}-${i}-GGUF` : `${ns}/${stem}-${i}-MLX-4bit`;
    case KIND.orgAuxiliary:
      return `${ns}/${['Guard', 'Embedding', 'Reward'][i % 3]}-${i}`;
    case KIND.orgOtherTask:
      return e.pipeline[i] === 5 ? `${ns}/Image-${i}` : `${ns}/Speech-${i}`;
    case KIND.crossOrgTune:
      return `${ns}/${stem}-${i}-Tuned`;
    case KIND.crossOrgQuant:
      return `${ns}/${stem}-${i}-FP8`;
    case KIND.derivative: {
      const rel = e.relation[i];
      if (rel === 2) return ns === 'mlx-community' ? `${ns}/Model-${i}-4bit` : `${ns}/Model-${i}-GGUF`;
      if (rel === 1) return `${ns}/Model-${i}-lora`;
      if (rel === 3) return `${ns}/Merge-${i}`;
      return `${ns}/Tune-${i}`;
    }
    default:
      return `${ns}/Thing-${i}`;
  }
}

/** Snapshot values of model i under `variant` (a later sync sees more downloads). */
export function downloadsOf(e: Ecosystem, i: number, variant: number): { dl30: number; dlAll: number } {
  const d = Math.floor(e.dl30[i] * (1 + 0.25 * variant));
  return { dl30: d, dlAll: e.dlAll[i] + variant * d };
}

/** Tags of model i as the Hub writes them (license, formats, base_model relations). */
export function tagsOf(e: Ecosystem, i: number): string[] {
  const tags: string[] = [];
  const k = e.kind[i];
  const isMlx = modelId(e, i).includes('MLX') || e.orgs[e.ns[i]].namespace === 'mlx-community';
  if (k === KIND.orgReupload || (k === KIND.derivative && e.relation[i] === 2)) tags.push(isMlx ? 'mlx' : 'gguf');
  if (k === KIND.crossOrgQuant) tags.push('fp8');
  if (k === KIND.derivative && e.relation[i] === 1) tags.push('peft');
  tags.push('safetensors', `license:${i % 3 === 0 ? 'apache-2.0' : i % 3 === 1 ? 'mit' : 'other'}`);
  const p1 = e.parent1[i];
  if (p1 >= 0) {
    const rel = RELATION_NAMES[e.relation[i]];
    tags.push(`base_model:${modelId(e, p1)}`, `base_model:${rel}:${modelId(e, p1)}`);
    const p2 = e.parent2[i];
    if (p2 >= 0 && p2 !== p1) tags.push(`base_model:${modelId(e, p2)}`, `base_model:${rel}:${modelId(e, p2)}`);
  }
  return tags;
}

/** The Hub-side JSON of model i with the requested expand fields. */
export function hubItem(e: Ecosystem, i: number, expand: ReadonlySet<string>, variant: number): Record<string, unknown> {
  const id = modelId(e, i);
  const item: Record<string, unknown> = { _id: `m${i.toString(16).padStart(8, '0')}`, id };
  const { dl30, dlAll } = downloadsOf(e, i, variant);
  const createdAt = createdUnknown(e, i) ? CREATED_AT_UNKNOWN_SENTINEL : `${dayToIso(e.created[i])}T12:00:00.000Z`;
  for (const f of expand) {
    switch (f) {
      case 'pipeline_tag':
        item.pipeline_tag = PIPELINES[e.pipeline[i]];
        break;
      case 'private':
        item.private = false;
        break;
      case 'gated':
        item.gated = false;
        break;
      case 'downloads':
        item.downloads = dl30;
        break;
      case 'downloadsAllTime':
        item.downloadsAllTime = dlAll;
        break;
      case 'likes':
        item.likes = e.likes[i];
        break;
      case 'lastModified':
      case 'createdAt':
        item[f] = createdAt;
        break;
      case 'library_name':
        item.library_name = e.kind[i] === KIND.orgReupload || (e.kind[i] === KIND.derivative && e.relation[i] === 2) ? (tagsOf(e, i).includes('mlx') ? 'mlx' : 'gguf') : e.relation[i] === 1 && e.kind[i] === KIND.derivative ? 'peft' : 'transformers';
        break;
      case 'tags':
        item.tags = tagsOf(e, i);
        break;
      case 'safetensors':
        if (e.params[i] > 0) item.safetensors = { parameters: { BF16: e.params[i] }, total: e.params[i] };
        break;
      case 'baseModels':
        // Only GET /api/models/{id} serves it. Both shapes seen in the wild: an object
        // {relation, models: [{id}]} (even indices) or a bare list of ids (odd indices).
        if (e.parent1[i] >= 0) {
          const ids = [modelId(e, e.parent1[i])];
          if (e.parent2[i] >= 0 && e.parent2[i] !== e.parent1[i]) ids.push(modelId(e, e.parent2[i]));
          item.baseModels = i % 2 === 0 ? { relation: RELATION_NAMES[e.relation[i]], models: ids.map((id) => ({ id })) } : ids;
        }
        break;
      case 'childrenModelCount':
        item.childrenModelCount = 0;
        break;
      default:
        break;
    }
  }
  return item;
}
