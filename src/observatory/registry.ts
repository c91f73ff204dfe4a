/**
 * The organisation registry (data/organizations.csv): which Hub namespaces the observatory
 * tracks, the organisation behind each, and its bloc. Renamed namespaces are separate rows
 * pointing at the same organisation, so concentration is measured over organisations.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../model/index.js';
import { parseCsv } from './csv.js';

/** Blocs of the registry: the simulator's four plus `unknown`. */
export const REGISTRY_BLOCS = ['US', 'CN', 'EU', 'RoW', 'unknown'] as const;
export type RegistryBloc = (typeof REGISTRY_BLOCS)[number];

/** The columns, in order. */
export const REGISTRY_COLUMNS = ['namespace', 'organisation', 'bloc', 'source_or_note'] as const;

const rowSchema = z.strictObject({
  namespace: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: 'expected a Hub namespace (letters, digits, ".", "_", "-")' }),
  organisation: z.string().trim().min(1, { message: 'expected an organisation name' }),
  bloc: z.enum(REGISTRY_BLOCS),
  source_or_note: z.string().trim().min(10, { message: 'expected a source or note (at least 10 characters)' }),
});

/** One registry row. */
export type OrgEntry = z.infer<typeof rowSchema>;

/** The registry, indexed by namespace (case-sensitive, as on the Hub). */
export interface Registry {
  entries: OrgEntry[];
  byNamespace: Map<string, OrgEntry>;
}

/** Parses and validates registry CSV text; throws ValidationError naming row and column. */
export function parseRegistry(text: string, source: string): Registry {
  const rows = parseCsv(text);
  const issues: ValidationIssue[] = [];
  if (rows.length === 0) throw new ValidationError(source, [{ path: 'header', expected: REGISTRY_COLUMNS.join(','), found: 'an empty file' }]);
  const header = rows[0].map((h) => h.trim());
  if (header.join(',') !== REGISTRY_COLUMNS.join(',')) {
    throw new ValidationError(source, [{ path: 'header', expected: REGISTRY_COLUMNS.join(','), found: JSON.stringify(header.join(',')) }]);
  }
  const entries: OrgEntry[] = [];
  const byNamespace = new Map<string, OrgEntry>();
  for (let r = 1; r < rows.length; r++) {
    const line = r + 1;
    const cells = rows[r];
    if (cells.length !== REGISTRY_COLUMNS.length) {
      issues.push({ path: `line ${line}`, expected: `${REGISTRY_COLUMNS.length} fields`, found: `${cells.length}` });
      continue;
    }
    const obj = Object.fromEntries(REGISTRY_COLUMNS.map((c, k) => [c, cells[k].trim()]));
    const parsed = rowSchema.safeParse(obj);
    if (!parsed.success) {
      for (const iss of parsed.error.issues) {
        const col = String(iss.path[0] ?? '');
        issues.push({ path: `line ${line}.${col}`, expected: iss.message.replace(/^Invalid option: /, ''), found: JSON.stringify((obj as Record<string, string>)[col] ?? '') });
      }
      continue;
    }
    const e = parsed.data;
    if (byNamespace.has(e.namespace)) {
      issues.push({ path: `line ${line}.namespace`, expected: 'a namespace listed once', found: JSON.stringify(e.namespace) });
      continue;
    }
    byNamespace.set(e.namespace, e);
    entries.push(e);
  }
  if (issues.length > 0) throw new ValidationError(source, issues);
  if (entries.length === 0) throw new ValidationError(source, [{ path: 'rows', expected: 'at least one organisation', found: 'none' }]);
  return { entries, byNamespace };
}

/** Reads and validates a registry file. */
export function loadRegistry(file: string): Registry {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ValidationError(file, [{ path: '(file)', expected: 'a readable CSV file', found: (e as NodeJS.ErrnoException).code ?? String(e) }]);
  }
  return parseRegistry(text, file);
}
