/**
 * The labs of the default world: real major labs of 2025–2026 (issue #2).
 *
 * Facts (home bloc, release strategy and the dated switches in the baseline scenario) carry
 * their sources. Every number is an assumption with a range (docs/model.md, "Labs"), except
 * where a source is named.
 */
import type { BlocId } from './blocs.js';

/** How a lab releases models. `mixed` ships closed frontier APIs and open-weight siblings. */
export type Strategy = 'open' | 'closed' | 'mixed';
export const STRATEGIES: readonly Strategy[] = ['open', 'closed', 'mixed'];

/** Static description of a lab at the start of the simulation. */
export interface LabDef {
  id: string;
  name: string;
  bloc: BlocId;
  /** Release strategy in 2023-01 (or at entry). Later switches are baseline events. */
  strategy: Strategy;
  /** Portfolio breadth: number of model sizes it ships (more sizes reach more self-hosters). */
  breadth: number;
  /** Share of its home bloc's AI compute (assumption). */
  computeShare: number;
  /** Capability offset (research talent, capability-index points; assumption). */
  talent: number;
  /** Blended API list price of its flagship in 2023-01, $ per million tokens (3:1 input:output). */
  price0: number;
  /** Months between major releases (assumption). */
  cadence: number;
  /** Months by which its open releases lag its frontier (mixed labs; open labs use 0). */
  openDelay: number;
  /** Active parameters of its typical open release, billions (hosting cost; assumption). */
  activeParamsB: number;
  /** First month it offers a model (YYYY-MM). */
  entry: string;
  /** Licence of its open weights before the release calendar's first open release (default restricted). */
  licence?: 'permissive' | 'restricted';
  /** Source for the facts above. */
  source: string;
}

export const DEFAULT_LABS: readonly LabDef[] = [
  // ---- US ----
  { id: 'openai', name: 'OpenAI', bloc: 'US', strategy: 'closed', breadth: 2, computeShare: 0.2, talent: 0.25, price0: 37.5, cadence: 4, openDelay: 18, activeParamsB: 5, entry: '2023-01', source: 'Closed API models (GPT-4, Mar 2023; OpenAI pricing page: GPT-4 $30/$60 per Mtok). Open weights from gpt-oss (Aug 2025, Apache-2.0): a baseline strategy-switch event.' },
  { id: 'anthropic', name: 'Anthropic', bloc: 'US', strategy: 'closed', breadth: 1, computeShare: 0.1, talent: 0.5, price0: 12, cadence: 4, openDelay: 0, activeParamsB: 0, entry: '2023-03', source: 'Closed API only (Claude, first API release Mar 2023).' },
  { id: 'google', name: 'Google', bloc: 'US', strategy: 'mixed', breadth: 4, computeShare: 0.22, talent: 0.2, price0: 8, cadence: 4, openDelay: 14, activeParamsB: 12, entry: '2023-03', source: 'Closed Gemini/PaLM APIs; open-weight Gemma family since Feb 2024.' },
  { id: 'meta', name: 'Meta', bloc: 'US', strategy: 'open', breadth: 4, computeShare: 0.15, talent: 0, price0: 2, cadence: 4, openDelay: 12, activeParamsB: 17, entry: '2022-05', source: 'Open weights since OPT-175B (May 2022); Llama family (LLaMA Feb 2023, Llama 2 Jul 2023, Llama 3 Apr 2024, Llama 4 Apr 2025); closed Muse Spark (Apr 2026): a baseline strategy-switch event to mixed (open delay 12 months is an assumption).' },
  { id: 'xai', name: 'xAI', bloc: 'US', strategy: 'mixed', breadth: 1, computeShare: 0.08, talent: 0.2, price0: 10, cadence: 4, openDelay: 12, activeParamsB: 80, entry: '2023-11', source: 'Closed Grok API; older Grok weights released (Grok-1 Mar 2024, Grok 2.5 Aug 2025).' },
  { id: 'nvidia', name: 'Nvidia', bloc: 'US', strategy: 'open', breadth: 3, computeShare: 0.03, talent: -0.15, price0: 1, cadence: 4, openDelay: 0, activeParamsB: 12, entry: '2023-11', source: 'Open-weight Nemotron family (Nemotron-3 8B Nov 2023, Nemotron-4 340B Jun 2024, Llama-Nemotron 2025).' },
  { id: 'ai2', name: 'Ai2', bloc: 'US', strategy: 'open', breadth: 3, computeShare: 0.004, talent: -0.45, price0: 1, cadence: 6, openDelay: 0, activeParamsB: 7, entry: '2024-02', source: 'Fully open OLMo models (OLMo Feb 2024, OLMo 2 Nov 2024, OLMo 3 2025).' },
  { id: 'microsoft', name: 'Microsoft', bloc: 'US', strategy: 'open', breadth: 3, computeShare: 0.04, talent: -0.3, price0: 1, cadence: 4, openDelay: 0, activeParamsB: 4, entry: '2023-06', source: 'Open-weight small Phi models (phi-1 paper Jun 2023, Phi-2 Dec 2023, Phi-3 Apr 2024, Phi-4 Dec 2024; MIT licence).' },
  // ---- CN ----
  { id: 'alibaba', name: 'Alibaba (Qwen)', bloc: 'CN', strategy: 'mixed', breadth: 7, computeShare: 0.2, talent: 0.45, price0: 4, cadence: 3, openDelay: 2, activeParamsB: 10, entry: '2023-04', source: 'Open-weight Qwen family from Aug 2023 (sizes 0.5B–235B+); closed Qwen-Max API.' },
  { id: 'deepseek', name: 'DeepSeek', bloc: 'CN', strategy: 'open', breadth: 2, computeShare: 0.06, talent: 0.9, price0: 2, cadence: 3, openDelay: 0, activeParamsB: 37, entry: '2023-11', source: 'Open weights (DeepSeek LLM Nov 2023, V2 May 2024, V3 Dec 2024, R1 Jan 2025 under the MIT licence). DeepSeek API pricing page: V3 $0.27/$1.10.' },
  { id: 'moonshot', name: 'Moonshot AI', bloc: 'CN', strategy: 'closed', breadth: 1, computeShare: 0.04, talent: 0.6, price0: 6, cadence: 4, openDelay: 0, activeParamsB: 32, entry: '2023-10', source: 'Closed Kimi assistant from Oct 2023; open-weight Kimi K2 from Jul 2025 (baseline strategy-switch event).' },
  { id: 'zhipu', name: 'Zhipu AI (Z.ai)', bloc: 'CN', strategy: 'mixed', breadth: 3, computeShare: 0.05, talent: 0.3, price0: 5, cadence: 4, openDelay: 5, activeParamsB: 20, entry: '2022-08', source: 'Open GLM models (GLM-130B Aug 2022, ChatGLM-6B Mar 2023, GLM-4-9B Jun 2024, GLM-4.5 Jul 2025); closed GLM-4-Plus API. Hub namespaces THUDM then zai-org.' },
  { id: 'minimax', name: 'MiniMax', bloc: 'CN', strategy: 'closed', breadth: 1, computeShare: 0.03, talent: 0.2, price0: 5, cadence: 4, openDelay: 0, activeParamsB: 45, entry: '2023-06', source: 'Closed abab models; open-weight MiniMax-01 from Jan 2025, then M1 and M2 (baseline strategy-switch event).' },
  { id: 'tencent', name: 'Tencent', bloc: 'CN', strategy: 'closed', breadth: 3, computeShare: 0.12, talent: 0.05, price0: 5, cadence: 4, openDelay: 3, activeParamsB: 50, entry: '2023-09', source: 'Closed Hunyuan (Sep 2023); open-weight Hunyuan-Large from Nov 2024 (baseline strategy-switch event).' },
  { id: 'baidu', name: 'Baidu', bloc: 'CN', strategy: 'closed', breadth: 2, computeShare: 0.12, talent: 0.05, price0: 6, cadence: 4, openDelay: 3, activeParamsB: 47, entry: '2023-03', source: 'Closed ERNIE Bot (Mar 2023); ERNIE 4.5 open-sourced Jun 30, 2025 (baseline strategy-switch event).' },
  { id: 'bytedance', name: 'ByteDance', bloc: 'CN', strategy: 'closed', breadth: 1, computeShare: 0.15, talent: 0.2, price0: 3, cadence: 4, openDelay: 6, activeParamsB: 36, entry: '2023-08', source: 'Closed Doubao models (Aug 2023); open-weight Seed-OSS-36B Aug 2025 (baseline strategy-switch event).' },
  // ---- EU ----
  { id: 'mistral', name: 'Mistral AI', bloc: 'EU', strategy: 'mixed', breadth: 4, computeShare: 0.3, talent: -0.05, price0: 8, cadence: 4, openDelay: 3, activeParamsB: 13, entry: '2023-09', source: 'Open-weight Mistral 7B (Sep 2023, Apache-2.0) and Mixtral; closed Mistral Large API (Feb 2024).' },
  // ---- RoW ----
  { id: 'tii', name: 'TII (Falcon)', bloc: 'RoW', strategy: 'open', breadth: 3, computeShare: 0.1, talent: -0.4, price0: 1, cadence: 6, openDelay: 0, activeParamsB: 10, entry: '2023-05', source: 'Open-weight Falcon models from the Technology Innovation Institute, Abu Dhabi (Falcon-40B May 2023).' },
  { id: 'cohere', name: 'Cohere', bloc: 'RoW', strategy: 'mixed', breadth: 2, computeShare: 0.05, talent: -0.2, price0: 6, cadence: 6, openDelay: 1, activeParamsB: 35, entry: '2023-03', source: 'Canadian; closed Command API, non-commercial open weights (Command R, Mar 2024).' },
];
