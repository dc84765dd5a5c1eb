import { describe, expect, it } from 'vitest';
import { checkPodRequest, podKey } from '../../../sim/allocator/podRequest.js';
import type { PodRequest } from '../../../sim/allocator/podRequest.js';

const request: PodRequest = { namespace: 'default', name: 'web-0', uid: 'u1', kind: 'shared' };

describe('pod request key', () => {
  it('is namespace/name, or the key the caller passes when it matches', () => {
    expect(podKey(request)).toBe('default/web-0');
    const keyed = { ...request, key: 'default/web-0' };
    expect(podKey(keyed)).toBe('default/web-0');
    expect(() => {
      checkPodRequest(keyed);
    }).not.toThrow();
  });

  it('rejects a key that is not the request namespace/name', () => {
    expect(() => {
      checkPodRequest({ ...request, key: 'default/web-1' });
    }).toThrow(/key "default\/web-1" is not its namespace\/name "default\/web-0"/);
    for (const key of ['default-web-0', 'defaul/tweb-0', 'default/web-00', 'default/web-']) {
      expect(() => {
        checkPodRequest({ ...request, key });
      }).toThrow(RangeError);
    }
  });
});
