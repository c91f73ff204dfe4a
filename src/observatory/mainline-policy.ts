/**
 * The mainline-model policy, as the anchor studies (ATOM Report, "Economies of Open
 * Intelligence") use it: which first-party repositories count as a publisher's own models.
 * Metadata as data: the lists below are the policy; {@link classifyModel} only applies them.
 */

/** The policy. */
export const MAINLINE_POLICY = {
  /** Tasks of mainline models. */
  allowedPipelineTags: ['text-generation', 'image-text-to-text'],
  /** Re-uploads and converted formats, matched in the repository name. */
  formatNamePattern: /(gguf|mlx|onnx|openvino|gptq|awq|bnb|bitsandbytes|exl2)/i,
  /** Re-uploads and converted formats, matched against tags and the library name. */
  formatTags: ['gguf', 'mlx', 'onnx', 'openvino', 'gptq', 'awq', 'bitsandbytes', 'exl2'],
  /** Guard, classifier, embedding and reward models, matched in the repository name. */
  auxiliaryNamePattern: /(guard|shield|safeguard|safety|classifier|detector|reranker|reward|embedding|embed)/i,
  /** Adapters and tokenizer-only repositories, matched in the repository name. */
  partialNamePattern: /(adapter|lora|tokenizer)/i,
  /**
   * Relations to another organisation's base that keep a model mainline: new weights the
   * organisation trained (nvidia's Llama-Nemotron, DeepSeek's R1-Distill), as ATOM lists them.
   * A quantized re-upload or an adapter of another organisation's model is a derivative.
   */
  crossOrganisationMainlineRelations: ['finetune', 'merge'],
} as const;

/**
 * Tasks of language models, the roots that derivative metrics count: ATOM's primary tasks
 * (text-generation, image-text-to-text) and its conditional any-to-any. Derivatives of speech,
 * image-generation or embedding models are counted apart, as other modalities.
 */
export const LANGUAGE_MODEL_TASKS = ['text-generation', 'image-text-to-text', 'any-to-any'] as const;

/** Why a model is not mainline (null when it is). */
export type Exclusion = 'untracked' | 'task' | 'format' | 'auxiliary' | 'adapter' | 'derivative' | null;

/** What the policy looks at. */
export interface PolicyInput {
  /** Repository id `namespace/name`. */
  id: string;
  /** Organisation of the namespace in the registry, or null when untracked. */
  organisation: string | null;
  pipelineTag: string | null;
  libraryName: string | null;
  tags: readonly string[];
  /** Declared bases with their organisation (null when the base's namespace is untracked). */
  parents: readonly { organisation: string | null; relation: string }[];
}

/**
 * Classifies a model: mainline (exclusion null) when its organisation is tracked, its task is
 * text generation or image-text-to-text, it is not a converted format, not a guard/classifier/
 * embedding/reward model, not an adapter, and each base (if any) is its own organisation's or,
 * as in ATOM, another organisation's that it finetuned or merged (new weights it published).
 * `derivative` is true when some base belongs to another organisation (or the model's own
 * namespace is untracked): such models also count in the derivative metrics, by relation.
 */
export function classifyModel(m: PolicyInput): { mainline: boolean; exclusion: Exclusion; derivative: boolean } {
  const derivative = m.parents.length > 0 && (m.organisation === null || m.parents.some((p) => p.organisation !== m.organisation));
  const name = m.id.slice(m.id.indexOf('/') + 1);
  let exclusion: Exclusion = null;
  if (m.organisation === null) exclusion = 'untracked';
  else if (MAINLINE_POLICY.formatNamePattern.test(name) || (m.libraryName !== null && (MAINLINE_POLICY.formatTags as readonly string[]).includes(m.libraryName.toLowerCase())) || m.tags.some((t) => (MAINLINE_POLICY.formatTags as readonly string[]).includes(t.toLowerCase())))
    exclusion = 'format';
  else if (MAINLINE_POLICY.auxiliaryNamePattern.test(name)) exclusion = 'auxiliary';
  else if (MAINLINE_POLICY.partialNamePattern.test(name) || m.parents.some((p) => p.relation === 'adapter')) exclusion = 'adapter';
  else if (m.pipelineTag === null || !(MAINLINE_POLICY.allowedPipelineTags as readonly string[]).includes(m.pipelineTag)) exclusion = 'task';
  else if (m.parents.some((p) => p.organisation !== m.organisation && !(MAINLINE_POLICY.crossOrganisationMainlineRelations as readonly string[]).includes(p.relation))) exclusion = 'derivative';
  return { mainline: exclusion === null, exclusion, derivative };
}
