/**
 * Model families for the roll-ups (`family_*` metrics): Qwen, Llama, DeepSeek, Gemma, Mistral, …
 * A mainline model belongs to the family its repository id matches; a derivative to the family
 * of its root (first tracked ancestor). The first matching row wins; no match is "other".
 * Metadata as data: the table is the definition.
 */

/** One family: its name and the repository ids it covers (`namespace/name`). */
export interface ModelFamily {
  family: string;
  pattern: RegExp;
}

/** The families, most specific first. */
export const MODEL_FAMILIES: readonly ModelFamily[] = [
  { family: 'Nemotron', pattern: /^nvidia\/.*nemotron/i },
  { family: 'Qwen', pattern: /^Qwen\// },
  { family: 'Llama', pattern: /^meta-llama\// },
  { family: 'DeepSeek', pattern: /^deepseek-ai\// },
  { family: 'Gemma', pattern: /^google\/(code|shield|pali|med|recurrent|t5)?gemma/i },
  { family: 'Mistral', pattern: /^(mistralai|mistral-community)\// },
  { family: 'Phi', pattern: /^microsoft\/phi/i },
  { family: 'GLM', pattern: /^(THUDM|zai-org)\// },
  { family: 'Kimi', pattern: /^moonshotai\// },
  { family: 'MiniMax', pattern: /^MiniMaxAI\// },
  { family: 'gpt-oss', pattern: /^openai\/gpt-oss/i },
  { family: 'OLMo', pattern: /^allenai\/(olmo|tulu|molmo)/i },
  { family: 'Granite', pattern: /^ibm-granite\/granite/i },
  { family: 'SmolLM', pattern: /^HuggingFaceTB\/smol/i },
  { family: 'Falcon', pattern: /^tiiuae\// },
  { family: 'EXAONE', pattern: /^LGAI-EXAONE\// },
  { family: 'Command', pattern: /^(CohereForAI|CohereLabs)\// },
  { family: 'InternLM', pattern: /^(internlm|OpenGVLab)\// },
  { family: 'Yi', pattern: /^01-ai\// },
  { family: 'MiniCPM', pattern: /^openbmb\/minicpm/i },
];

/** Group of models no family matches. */
export const OTHER_FAMILY = 'other';

/** The family of a repository id ("other" when none matches). */
export function familyOf(id: string): string {
  for (const f of MODEL_FAMILIES) if (f.pattern.test(id)) return f.family;
  return OTHER_FAMILY;
}
