/**
 * One Hub model as the observatory stores it, built from a `/api/models` item (REST) or a
 * `@huggingface/hub` listModels entry (whose repository id is in `name`; its `id` is the
 * Hub's internal id). Items that lack a repository id are rejected, never guessed.
 */
import { classifyModel, type Exclusion } from './mainline-policy.js';
import { parentsFromExpand, parentsFromTags, type ParentRef } from './lineage.js';
import { CREATED_AT_UNKNOWN_BEFORE, CREATED_AT_UNKNOWN_SENTINEL } from './hub-api.js';
import type { Registry } from './registry.js';

/** A normalised model with its snapshot values. */
export interface ModelRecord {
  id: string;
  namespace: string;
  organisation: string | null;
  bloc: string | null;
  /** YYYY-MM-DD, or null when the Hub gave none or gave its "before March 2022" sentinel. */
  createdAt: string | null;
  /** When the Hub's createdAt was the sentinel: the day the model was created on or before. */
  createdBefore: string | null;
  parameters: number | null;
  license: string | null;
  pipelineTag: string | null;
  libraryName: string | null;
  mainline: boolean;
  exclusion: Exclusion;
  derivative: boolean;
  /** Relation to the first declared base (null without bases). */
  relation: string | null;
  childrenCount: number | null;
  downloads: number;
  downloadsAllTime: number | null;
  likes: number;
  parents: ParentRef[];
}

const REPO_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9._-]+$/;

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.round(v) : null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}

function isoDay(v: unknown): string | null {
  if (v instanceof Date) return Number.isFinite(v.getTime()) ? v.toISOString().slice(0, 10) : null;
  if (typeof v !== 'string') return null;
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(v);
  return m ? m[1] : null;
}

/** True for the Hub's "created before we stored creation dates" value (a string or a Date). */
export function isSentinel(v: unknown): boolean {
  if (v instanceof Date) return v.getTime() === Date.parse(CREATED_AT_UNKNOWN_SENTINEL);
  return typeof v === 'string' && Date.parse(v) === Date.parse(CREATED_AT_UNKNOWN_SENTINEL);
}

/** The repository id of a raw item: REST items carry it in `id` (or `modelId`), client entries in `name`. */
export function repoIdOf(item: Record<string, unknown>, source: 'rest' | 'client'): string | null {
  const v = source === 'client' ? item.name : (item.id ?? item.modelId);
  return typeof v === 'string' && REPO_ID.test(v) ? v : null;
}

/**
 * Normalises a raw Hub item; returns null when it has no valid repository id.
 * @param source 'rest' for /api/models items, 'client' for @huggingface/hub listModels entries
 */
export function toModelRecord(item: Record<string, unknown>, source: 'rest' | 'client', registry: Registry): ModelRecord | null {
  const id = repoIdOf(item, source);
  if (!id) return null;
  const namespace = id.slice(0, id.indexOf('/'));
  const org = registry.byNamespace.get(namespace) ?? null;
  const tags = Array.isArray(item.tags) ? (item.tags.filter((t) => typeof t === 'string') as string[]) : [];
  const parents = (parentsFromExpand(item.baseModels) ?? parentsFromTags(tags)).filter((p) => p.id !== id);
  const pipelineTag = str(source === 'client' ? item.task : item.pipeline_tag);
  const libraryName = str(item.library_name);
  const licenseTag = tags.find((t) => t.startsWith('license:'));
  const cardLicense = (item.cardData as { license?: unknown } | undefined)?.license;
  const safetensors = item.safetensors as { total?: unknown } | undefined;
  const cls = classifyModel({
    id,
    organisation: org?.organisation ?? null,
    pipelineTag,
    libraryName,
    tags,
    parents: parents.map((p) => ({ relation: p.relation, organisation: registry.byNamespace.get(p.id.slice(0, p.id.indexOf('/')))?.organisation ?? null })),
  });
  return {
    id,
    namespace,
    organisation: org?.organisation ?? null,
    bloc: org?.bloc ?? null,
    createdAt: isSentinel(item.createdAt) ? null : isoDay(item.createdAt),
    createdBefore: isSentinel(item.createdAt) ? CREATED_AT_UNKNOWN_BEFORE : null,
    parameters: num(safetensors?.total),
    license: licenseTag ? licenseTag.slice(8) : str(cardLicense),
    pipelineTag,
    libraryName,
    mainline: cls.mainline,
    exclusion: cls.exclusion,
    derivative: cls.derivative,
    relation: parents[0]?.relation ?? null,
    childrenCount: num(item.childrenModelCount),
    downloads: num(item.downloads) ?? 0,
    downloadsAllTime: num(item.downloadsAllTime),
    likes: num(item.likes) ?? 0,
    parents,
  };
}
