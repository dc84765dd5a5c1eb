/**
 * What every step of loading shares: where findings go, and how a path written in the scenario
 * is resolved (relative to the scenario file) and shown (as the user would type it).
 */
import { isAbsolute, join, normalize, resolve } from 'node:path';

import type { FindingList } from './findings.js';

/** The shared state of one load. */
export interface LoadContext {
  readonly findings: FindingList;
  /** The scenario file's directory, absolute. */
  readonly baseDir: string;
  /** The same directory as the user named it (relative stays relative). */
  readonly displayDir: string;
}

/** A path from the scenario, absolute for reading and as the user would name it for messages. */
export function resolveReference(
  context: LoadContext,
  reference: string,
): { readonly absolute: string; readonly display: string } {
  if (isAbsolute(reference)) return { absolute: reference, display: reference };
  return {
    absolute: resolve(context.baseDir, reference),
    display: normalize(join(context.displayDir, reference)),
  };
}
