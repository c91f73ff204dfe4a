/**
 * Lineage of a Hub model: its declared base models and the relation to each. The Hub writes
 * them as tags (`base_model:finetune:Qwen/Qwen2.5-7B`, plus a bare `base_model:Qwen/Qwen2.5-7B`),
 * which every listing carries, and, on `GET /api/models/{id}?expand=baseModels` only (the listing
 * rejects that field), as `baseModels` in one of two shapes: `{relation, models: [{id}]}` (or a
 * list of such objects), or a plain list of ids.
 */

/** Relations a derivative can have to its base. */
export const RELATIONS = ['finetune', 'adapter', 'quantized', 'merge'] as const;
export type Relation = (typeof RELATIONS)[number];

/** One declared base model. */
export interface ParentRef {
  id: string;
  relation: Relation;
}

const RELATION_SET = new Set<string>(RELATIONS);

/**
 * Parents from `base_model:` tags, in tag order. A bare `base_model:ID` without a relation tag
 * for the same id counts as a finetune (the Hub's default relation).
 */
export function parentsFromTags(tags: readonly string[] | undefined): ParentRef[] {
  if (!tags) return [];
  const withRel: ParentRef[] = [];
  const bare: string[] = [];
  for (const t of tags) {
    if (typeof t !== 'string' || !t.startsWith('base_model:')) continue;
    const rest = t.slice(11);
    const k = rest.indexOf(':');
    if (k > 0 && RELATION_SET.has(rest.slice(0, k))) {
      const id = rest.slice(k + 1);
      if (id.includes('/') && !withRel.some((p) => p.id === id)) withRel.push({ id, relation: rest.slice(0, k) as Relation });
    } else if (rest.includes('/') && !bare.includes(rest)) {
      bare.push(rest);
    }
  }
  for (const id of bare) if (!withRel.some((p) => p.id === id)) withRel.push({ id, relation: 'finetune' });
  return withRel;
}

/**
 * Parents from the `baseModels` field of `GET /api/models/{id}`, read in both documented shapes:
 * `{relation, models: [{id} | id]}` (or a list of such objects), or a plain list of ids
 * (`["Qwen/Qwen2.5-7B"]`, or `[{id}]`), whose relation is the Hub's default, finetune.
 * Returns null when the field is absent, so the caller falls back to the tags.
 */
export function parentsFromExpand(baseModels: unknown): ParentRef[] | null {
  if (baseModels === undefined || baseModels === null) return null;
  const groups = Array.isArray(baseModels) ? baseModels : [baseModels];
  const out: ParentRef[] = [];
  const add = (id: unknown, relation: Relation) => {
    if (typeof id === 'string' && id.includes('/') && !out.some((p) => p.id === id)) out.push({ id, relation });
  };
  for (const g of groups) {
    if (typeof g === 'string') {
      add(g, 'finetune');
      continue;
    }
    if (!g || typeof g !== 'object') continue;
    const rel = (g as { relation?: unknown }).relation;
    const relation: Relation = typeof rel === 'string' && RELATION_SET.has(rel) ? (rel as Relation) : 'finetune';
    const models = (g as { models?: unknown }).models;
    if (Array.isArray(models)) for (const m of models) add(typeof m === 'string' ? m : (m as { id?: unknown })?.id, relation);
    else add((g as { id?: unknown }).id, relation);
  }
  return out;
}
