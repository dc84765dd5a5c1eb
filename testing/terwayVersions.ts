/**
 * Terway versions for generated scenarios: the releases the feature table names (each feature's
 * first version) and the newest known, kept where every feature the scenario needs is there.
 */
import fc from 'fast-check';

import {
  hasFeature,
  NEWEST_KNOWN_TERWAY,
  terwayVersion as parseKnownVersion,
  TerwayFeatures,
  compareTerwayVersions,
  type TerwayFeatureName,
} from '../models/terwayVersion.js';

/** The versions enisim's feature table names, oldest first. */
export function knownTerwayVersions(): string[] {
  const texts = new Set<string>([
    ...Object.values(TerwayFeatures).map((feature) => feature.since),
    NEWEST_KNOWN_TERWAY,
  ]);
  return [...texts]
    .map((text) => parseKnownVersion(text))
    .sort(compareTerwayVersions)
    .map((version) => version.text);
}

/** A known Terway version that has every feature in `needs` (e.g. `['exclusiveEniPoolEcs']`). */
export function terwayVersion(needs: readonly TerwayFeatureName[] = []): fc.Arbitrary<string> {
  const versions = knownTerwayVersions().filter((text) =>
    needs.every((feature) => hasFeature(parseKnownVersion(text), feature)),
  );
  return fc.constantFrom(...versions);
}
