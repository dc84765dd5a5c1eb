import { describe, expect, it } from 'vitest';

import {
  compareTerwayVersions,
  defaultTerwayVersion,
  hasFeature,
  isNewerThanKnown,
  NEWEST_KNOWN_TERWAY,
  parseTerwayVersion,
  TerwayFeatures,
} from '../../../models/index.js';
import { version } from './fixtures.js';

describe('terwayVersion: parsing', () => {
  it('parses the three spellings', () => {
    expect(version('v1.11.0')).toMatchObject({ major: 1, minor: 11, patch: 0, text: '1.11.0' });
    expect(version('1.14.3')).toMatchObject({ major: 1, minor: 14, patch: 3, text: '1.14.3' });
    expect(version('v1.0.10.333-gfd2b7b8-aliyun')).toEqual({
      major: 1,
      minor: 0,
      patch: 10,
      build: 333,
      text: '1.0.10.333',
    });
  });

  it('refuses anything else, naming the text', () => {
    for (const text of ['', 'abc', '1.2', 'v1', '1.x.0', 'v1.2.3.4.5', '1.2.3 beta', 'vv1.2.3']) {
      const parsed = parseTerwayVersion(text);
      expect(parsed.ok, text).toBe(false);
      if (!parsed.ok) expect(parsed.message).toContain(JSON.stringify(text));
    }
  });

  it('defaults to the newest known release, 1.17.5', () => {
    expect(NEWEST_KNOWN_TERWAY).toBe('1.17.5');
    expect(defaultTerwayVersion().text).toBe('1.17.5');
    expect(isNewerThanKnown(version('1.17.5'))).toBe(false);
    expect(isNewerThanKnown(version('1.18.0'))).toBe(true);
  });

  it('orders image builds between releases', () => {
    const build = version('v1.0.10.333-gfd2b7b8-aliyun');
    expect(compareTerwayVersions(build, version('1.0.10'))).toBeGreaterThan(0);
    expect(compareTerwayVersions(build, version('1.1.0'))).toBeLessThan(0);
    expect(compareTerwayVersions(version('v1.9.6'), version('1.10.0'))).toBeLessThan(0);
  });
});

describe('terwayVersion: feature table (terway.md §2)', () => {
  const since: [keyof typeof TerwayFeatures, string][] = [
    ['dualStack', '1.1.0'],
    ['trunk', '1.1.0'],
    ['podNetworking', '1.1.0'],
    ['dualStackParity', '1.3.0'],
    ['erdma', '1.7.0'],
    ['lingjunLeni', '1.8.0'],
    ['exclusiveEniPoolEcs', '1.11.0'],
    ['centralizedIpam', '1.13.4'],
    ['exclusiveEniPoolLingjun', '1.14.3'],
    ['lingjunEcsLink', '1.15.1'],
    ['idleIpReclaim', '1.16.0'],
    ['ipWarmUp', '1.16.4'],
    ['ipPrefix', '1.17.1'],
  ];

  it.each(since)('%s arrives in %s', (feature, first) => {
    expect(TerwayFeatures[feature].since).toBe(first);
    const at = version(first);
    expect(hasFeature(at, feature)).toBe(true);
    const before = { ...at, patch: at.patch - 1 };
    const earlier = at.patch > 0 ? before : { ...at, minor: at.minor - 1, patch: 99 };
    expect(hasFeature(earlier, feature)).toBe(false);
  });

  it('a v1.0.10.x image build has shared ENI but no dual-stack', () => {
    const build = version('v1.0.10.333-gfd2b7b8-aliyun');
    expect(hasFeature(build, 'sharedEni')).toBe(true);
    expect(hasFeature(build, 'dualStack')).toBe(false);
  });
});
