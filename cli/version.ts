import { readFileSync } from 'node:fs';

/** The package's version, read from package.json beside the compiled or source tree. */
export function packageVersion(): string {
  for (const candidate of ['../../package.json', '../../../package.json']) {
    try {
      const text = readFileSync(new URL(candidate, import.meta.url), 'utf8');
      const parsed = JSON.parse(text) as { name?: unknown; version?: unknown };
      if (parsed.name === 'enisim' && typeof parsed.version === 'string') return parsed.version;
    } catch {
      // Not at this depth: the source tree and dist/ differ by one level.
    }
  }
  return '0.0.0';
}
