import { describe, expect, it } from 'vitest';

import { US_PER_SECOND } from '../../../sim/contracts/clock.js';
import { LIFECYCLE, schedulerBackoffUs } from '../../../sim/run/index.js';
import { SchedulingQueue } from '../../../sim/run/schedulingQueue.js';
import { PodPhase, SimPod, type PodOwner } from '../../../sim/run/simPod.js';
import type { AdmittedTemplate } from '../../../sim/run/podFactory.js';
import { makePod } from '../../../models/pod.js';

const s = (seconds: number): number => seconds * US_PER_SECOND;

describe('Lifecycle constants: the upstream defaults', () => {
  it('kube-scheduler backs off 1 s, doubling, at most 10 s (podInitial/MaxBackoffSeconds)', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 40].map((n) => schedulerBackoffUs(n, LIFECYCLE))).toEqual([
      0,
      s(1),
      s(2),
      s(4),
      s(8),
      s(10),
      s(10),
      s(10),
    ]);
  });

  it('pins the facts: binding QPS 50/100, CNI timeout 120 s, kubelet requeue 10 s × [1, 1.5)', () => {
    expect(LIFECYCLE.bindingQps).toBe(50);
    expect(LIFECYCLE.bindingBurst).toBe(100);
    expect(LIFECYCLE.cniTimeoutUs).toBe(s(120));
    expect(LIFECYCLE.sandboxRetryUs).toBe(s(10));
    expect(LIFECYCLE.sandboxRetryJitter).toBe(0.5);
    expect(LIFECYCLE.unschedulableFlushPeriodUs).toBe(s(30));
    expect(LIFECYCLE.unschedulableMaxDurationUs).toBe(s(300));
  });
});

const owner: PodOwner = {
  onPodRunning: () => undefined,
  onPodTerminating: () => undefined,
  onPodGone: () => undefined,
};

function pod(name: string): SimPod {
  const spec = makePod({ name });
  return new SimPod({
    name,
    uid: `uid-${name}`,
    owner,
    template: { pod: spec } as unknown as AdmittedTemplate,
    spec,
    revision: 1,
    ordinal: -1,
    runsToCompletion: false,
    createdUs: 0,
  });
}

describe('Scheduling queue (kube-scheduler activeQ, backoffQ, unschedulablePods)', () => {
  it('activeQ is first in, first out, and skips deleted pods', () => {
    const queue = new SchedulingQueue(LIFECYCLE);
    const [a, b, c] = [pod('a'), pod('b'), pod('c')];
    queue.add(a);
    queue.add(b);
    queue.add(c);
    b.deleteRequested = true;
    expect([queue.pop(), queue.pop(), queue.pop()]).toEqual([a, c, undefined]);
  });

  it('a cluster event moves unschedulable pods to backoffQ until their backoff passes', () => {
    const queue = new SchedulingQueue(LIFECYCLE);
    const a = pod('a');
    a.scheduleAttempts = 3; // backoff 4 s
    a.lastAttemptUs = s(100);
    queue.markUnschedulable(a, s(100));
    expect(queue.moveAll(s(101))).toBe(1);
    expect(queue.unschedulable.size).toBe(0);
    expect(queue.releaseBackoff(s(101))).toBe(s(104));
    expect(queue.pop()).toBeUndefined();
    expect(queue.releaseBackoff(s(104))).toBeNull();
    expect(queue.pop()).toBe(a);
  });

  it('the periodic flush moves only pods unschedulable for more than 5 minutes', () => {
    const queue = new SchedulingQueue(LIFECYCLE);
    const [old, recent] = [pod('old'), pod('recent')];
    for (const [entry, atUs] of [
      [old, s(0)],
      [recent, s(200)],
    ] as const) {
      entry.scheduleAttempts = 1;
      entry.lastAttemptUs = atUs;
      queue.markUnschedulable(entry, atUs);
    }
    expect(queue.flushLeftover(s(300))).toBe(0);
    expect(queue.flushLeftover(s(301))).toBe(1);
    expect([...queue.unschedulable]).toEqual([recent]);
    expect(queue.pop()).toBe(old);
    expect(old.phase).toBe(PodPhase.pending);
  });
});
