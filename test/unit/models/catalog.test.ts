import { existsSync, readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import {
  defaultCatalog,
  lookupInstanceType,
  mergeCatalogs,
  parseCatalog,
  suggestInstanceTypes,
  type CatalogParseResult,
  type InstanceType,
} from '../../../models/index.js';
import { catalogType } from './fixtures.js';

function typesOf(result: CatalogParseResult): readonly InstanceType[] {
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.types;
}

function firstIssue(value: unknown): { path: string; message: string } | undefined {
  const result = parseCatalog(value, { source: 'test.json' });
  return result.ok ? undefined : result.issues[0];
}

describe('catalog: the shipped default', () => {
  const types = [...defaultCatalog().types.values()];

  it('holds the 1,125 ECS types, unknown figures left null', () => {
    expect(types).toHaveLength(1125);
    expect(types.every((type) => type.platform === 'ecs')).toBe(true);
    expect(types.filter((type) => type.eniTotalQuantity !== null)).toHaveLength(19);
    expect(types.filter((type) => type.trunkSupported !== null)).toHaveLength(19);
    expect(types.filter((type) => type.ipv6PerEni === null)).toHaveLength(160);
  });

  it('is the shared data file, verbatim', () => {
    const shared = new URL('../../../../shared/data/instance-types.json', import.meta.url);
    const shipped = new URL('../../../models/data/instance-types.json', import.meta.url);
    if (!existsSync(shared)) return; // only beside a checkout with ../shared
    expect(readFileSync(shipped, 'utf8')).toBe(readFileSync(shared, 'utf8'));
  });

  it('normalises the fields the formulas read', () => {
    expect(catalogType('ecs.c7.4xlarge')).toMatchObject({
      cpuCores: 16,
      memoryGiB: 32,
      eniQuantity: 8,
      ipv4PerEni: 30,
      ipv6PerEni: 30,
      eniTotalQuantity: null,
      trunkSupported: null,
      eriQuantity: null,
    });
    expect(catalogType('ecs.g7.xlarge')).toMatchObject({
      eniQuantity: 4,
      ipv4PerEni: 15,
      eniTotalQuantity: 20,
      trunkSupported: true,
      eriQuantity: 0,
    });
  });
});

describe('catalog: user files', () => {
  const ecs = { InstanceTypeId: 'ecs.mine.large', EniQuantity: 3, EniPrivateIpAddressQuantity: 10 };

  it('reads a DescribeInstanceTypes response and a plain array alike', () => {
    const response = { RequestId: 'r', InstanceTypes: { InstanceType: [ecs] } };
    expect(typesOf(parseCatalog(response, { source: 'a.json' }))).toEqual(
      typesOf(parseCatalog([ecs], { source: 'a.json' })),
    );
    expect(typesOf(parseCatalog([ecs], { source: 'a.json' }))[0]).toMatchObject({
      id: 'ecs.mine.large',
      platform: 'ecs',
      eniQuantity: 3,
      ipv4PerEni: 10,
      ipv6PerEni: null,
      cpuCores: null,
      source: 'a.json',
    });
  });

  it('reads Lingjun GetNodeInfoForPod entries, with LniSipQuota as an alias', () => {
    const [leni, alias] = typesOf(
      parseCatalog(
        [
          { InstanceTypeId: 'efg2.a', LeniQuota: 12, LeniSipQuota: 10, HdeniQuota: 0 },
          { InstanceTypeId: 'efg2.b', LeniQuota: 1, LniSipQuota: 20, HdeniQuota: 16 },
        ],
        { source: 'l.json' },
      ),
    );
    expect(leni).toMatchObject({
      platform: 'lingjun',
      lingjunApi: 'leni',
      eniQuantity: 12,
      ipv4PerEni: 10,
      ipv6PerEni: 0,
      highDensityQuantity: 0,
    });
    expect(alias).toMatchObject({ eniQuantity: 1, ipv4PerEni: 20, highDensityQuantity: 16 });
  });

  it('reads Lingjun DescribeNodeType entries', () => {
    const [type] = typesOf(
      parseCatalog(
        [
          {
            InstanceTypeId: 'efg2.C48eNH3ebn',
            NodeType: 'ebs-enhanced',
            EniQuantity: 12,
            EniPrivateIpAddressQuantity: 10,
            EniIpv6AddressQuantity: 10,
            EniHighDenseQuantity: 0,
            CpuCoreCount: 48,
            MemorySize: 384,
          },
        ],
        { source: 'n.json' },
      ),
    );
    expect(type).toMatchObject({
      platform: 'lingjun',
      lingjunApi: 'ecs-link',
      eniQuantity: 12,
      ipv4PerEni: 10,
      ipv6PerEni: 0,
      highDensityQuantity: 0,
      cpuCores: 48,
      memoryGiB: 384,
    });
  });

  it.each([
    [
      'missing EniQuantity',
      { EniQuantity: undefined },
      '[0].EniQuantity',
      'is required but missing',
    ],
    ['negative', { EniQuantity: -2 }, '[0].EniQuantity', 'must be a whole number ≥ 1, got -2'],
    ['fractional', { EniQuantity: 2.5 }, '[0].EniQuantity', 'must be a whole number ≥ 1, got 2.5'],
    ['non-numeric', { EniQuantity: '8' }, '[0].EniQuantity', 'must be a whole number ≥ 1, got "8"'],
    [
      'huge',
      { EniPrivateIpAddressQuantity: 1e9 },
      '[0].EniPrivateIpAddressQuantity',
      'must be at most 1024 (no real instance has more), got 1000000000',
    ],
    [
      'negative IPv6',
      { EniIpv6AddressQuantity: -1 },
      '[0].EniIpv6AddressQuantity',
      'must be a whole number ≥ 0, got -1',
    ],
    [
      'bad trunk flag',
      { EniTrunkSupported: 'yes' },
      '[0].EniTrunkSupported',
      'must be true or false, got "yes"',
    ],
    ['zero memory', { MemorySize: 0 }, '[0].MemorySize', 'must be a number > 0, got 0'],
    ['no id', { InstanceTypeId: undefined }, '[0].InstanceTypeId', 'is required but missing'],
  ])('reports %s at its JSON path', (_, change, path, message) => {
    const entry = { ...ecs, ...change };
    expect(firstIssue({ InstanceTypes: { InstanceType: [entry] } })).toEqual({
      path: `$.InstanceTypes.InstanceType${path}`,
      message,
    });
  });

  it('reports the entry index, bad top-level shapes and duplicates', () => {
    expect(firstIssue([ecs, ecs, { ...ecs, InstanceTypeId: 'x', LeniQuota: -1 }])).toEqual({
      path: '$[1].InstanceTypeId',
      message: 'duplicates "ecs.mine.large" already given at $[0]',
    });
    expect(firstIssue({ InstanceTypes: { InstanceType: { a: 1 } } })?.path).toBe(
      '$.InstanceTypes.InstanceType',
    );
    expect(firstIssue({ Foo: 1 })?.message).toContain('DescribeInstanceTypes response');
    expect(firstIssue([3])).toEqual({ path: '$[0]', message: 'must be an object, got 3' });
    expect(firstIssue([{ InstanceTypeId: 'efg2.x', LeniQuota: 4 }])).toEqual({
      path: '$[0].LeniSipQuota',
      message: 'is required but missing',
    });
  });

  it('reports every problem, up to 50', () => {
    const bad = Array.from({ length: 80 }, (_, i) => ({
      ...ecs,
      InstanceTypeId: `t${i}`,
      EniQuantity: 0,
    }));
    const result = parseCatalog(bad, { source: 'x' });
    expect(result.ok ? 0 : result.issues.length).toBe(50);
  });
});

describe('catalog: merge and lookup', () => {
  it("the user's type wins over the default with the same id", () => {
    const [mine] = typesOf(
      parseCatalog(
        [{ InstanceTypeId: 'ecs.c7.4xlarge', EniQuantity: 4, EniPrivateIpAddressQuantity: 10 }],
        {
          source: 'mine.json',
        },
      ),
    );
    const merged = mergeCatalogs(defaultCatalog(), mine === undefined ? [] : [mine]);
    expect(merged.types.get('ecs.c7.4xlarge')).toMatchObject({
      eniQuantity: 4,
      source: 'mine.json',
    });
    expect(merged.types.size).toBe(1125);
    expect(defaultCatalog().types.get('ecs.c7.4xlarge')?.eniQuantity).toBe(8);
  });

  it('suggests the nearest names for an unknown type', () => {
    const found = lookupInstanceType(defaultCatalog(), 'ecs.c7.4xlarg');
    expect(found.ok).toBe(false);
    if (found.ok) return;
    expect(found.suggestions[0]).toBe('ecs.c7.4xlarge');
    expect(found.suggestions).toHaveLength(3);
    expect(suggestInstanceTypes(defaultCatalog(), 'c7.4xlarge')[0]).toBe('ecs.c7.4xlarge');
    expect(suggestInstanceTypes(defaultCatalog(), 'ECS.G7.XLARGE')[0]).toBe('ecs.g7.xlarge');
    expect(suggestInstanceTypes(defaultCatalog(), 'completely-unrelated-name-zzzz')).toEqual([]);
  });
});
