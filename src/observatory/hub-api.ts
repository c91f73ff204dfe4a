/**
 * What the observatory assumes about the live Hugging Face Hub API, one constant per fact.
 *
 * Each constant says whether it is VERIFIED (from the Hub's public client libraries, their tests
 * or the Hub's documentation) or an ASSUMPTION that could not be checked from here (the test
 * machines have no network). When the live Hub turns out to differ, change the constant here:
 * nothing else in the code repeats these values. docs/observatory.md §1 lists them too.
 */

/**
 * VERIFIED. Fields `GET /api/models` accepts in `expand`: huggingface.js `MODEL_EXPANDABLE_KEYS`
 * (@huggingface/hub 2.17) plus the listing-side keys of huggingface_hub's `list_models`.
 * `baseModels`, `childrenModelCount` and `usedStorage` are NOT accepted by the listing: the Hub
 * answers 400 (huggingface_hub PR #3182 removed them from `list_models`; its test
 * `test_list_models_expand_unexpected_value` asserts the 400 for an unknown value). Only
 * `GET /api/models/{id}` accepts them.
 */
export const LISTING_EXPANDABLE = [
  'author', 'cardData', 'config', 'createdAt', 'disabled', 'downloads', 'downloadsAllTime', 'evalResults', 'gated', 'gguf', 'gitalyUid',
  'inference', 'inferenceProviderMapping', 'lastModified', 'library_name', 'likes', 'mask_token', 'model-index', 'pipeline_tag', 'private',
  'resourceGroup', 'safetensors', 'sha', 'siblings', 'spaces', 'tags', 'transformersInfo', 'trendingScore', 'widgetData', 'xetEnabled',
] as const;

/** VERIFIED. Extra `expand` fields accepted only by `GET /api/models/{id}` (huggingface_hub `model_info`). */
export const MODEL_INFO_ONLY_EXPAND = ['baseModels', 'childrenModelCount', 'usedStorage'] as const;

/**
 * Fields the derivative listing requests. Lineage comes from the `base_model:<relation>:<id>`
 * tags (VERIFIED: the Hub writes them for every declared base model), not from `baseModels`.
 */
export const LISTING_EXPAND = ['createdAt', 'downloads', 'downloadsAllTime', 'likes', 'pipeline_tag', 'library_name', 'tags', 'safetensors'] as const;

/**
 * ASSUMPTION. Largest page the listing serves with these `expand` fields. The Hub documents
 * 1000 as the listing's maximum `limit`; whether heavy `expand` fields lower it is not
 * verified. Pagination follows the `Link` header whatever the page size, so a smaller page
 * only costs more requests (see docs/observatory.md, "Expected wall time").
 */
export const LISTING_PAGE_SIZE = 1000;

/**
 * ASSUMPTION. The listing accepts `sort=createdAt&direction=-1` together with cursor
 * pagination, newest first (huggingface_hub's `list_models(sort="created_at")` sends it;
 * that the cursor keeps the order across 2 500 pages is not verified).
 */
export const LISTING_SORT = { sort: 'createdAt', direction: '-1' } as const;

/**
 * VERIFIED (huggingface_hub `ModelInfo.created_at` docstring: "the lowest value is
 * 2022-03-02T23:29:04.000Z, corresponding to the date when we began to store creation dates").
 * Every repository created before then reports this `createdAt`: it means "unknown, before
 * March 2022", not a release date.
 */
export const CREATED_AT_UNKNOWN_SENTINEL = '2022-03-02T23:29:04.000Z';
/** The day of the sentinel: a model with this createdAt was created on or before it. */
export const CREATED_AT_UNKNOWN_BEFORE = '2022-03-02';

/**
 * VERIFIED (Hub documentation, "Rate limits", 5-minute fixed windows for the API group).
 * Requests allowed per window by token tier. Used for the documented wall-time estimates
 * and by `planConcurrency` below.
 */
export const RATE_LIMIT_WINDOW_SECONDS = 300;
export const RATE_LIMIT_REQUESTS_PER_WINDOW = { anonymous: 500, free: 1000, pro: 2500 } as const;

/**
 * ASSUMPTION. Requests the observatory keeps in flight at once. The Hub's published limits are
 * per 5-minute window, not per connection, so a few parallel requests stay within them as long
 * as the window budget holds (the client pauses when `RateLimit` reports r=0). 3 is the middle
 * of the 2–4 the observatory allows. The cursor listing is sequential by construction (each
 * page's URL comes from the previous page), so parallelism applies to the organisation phase
 * and to prefetching the next listing page while the current one is stored.
 */
export const DEFAULT_IN_FLIGHT = 3;
export const MAX_IN_FLIGHT = 4;

/** VERIFIED (huggingface.js `whoAmI`). Endpoint that validates a token; 401 when it is invalid. */
export const WHOAMI_PATH = '/api/whoami-v2';

/** Transient HTTP statuses that are retried with backoff (408 Request Timeout, 429, 5xx). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
