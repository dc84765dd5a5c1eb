/**
 * The scenario's timeline events, each applied at its time: scale a workload or a pool, add a
 * pool, add existing instances to a pool, upgrade Terway. Events at the same time apply in the
 * order the file lists them (the engine keeps scheduling order among equal times).
 *
 * An upgrade changes the version new nodes' allocators run and re-checks the pools waiting for
 * admission; the allocators of nodes already running keep their state and version (a real
 * upgrade restarts the daemon, which rebuilds the same state from the cloud).
 */
import { formatDuration } from '../../scenarios/load/index.js';
import type { TimelineEvent } from '../../scenarios/load/index.js';
import type { RunContext } from './context.js';
import type { WorkloadController } from './controllers/index.js';
import type { NodePools } from './nodePools.js';

/** A timeline event as it was applied, for the results. */
export interface AppliedEvent {
  readonly atUs: number;
  readonly type: TimelineEvent['type'];
  readonly detail: string;
}

/** What the events act on. */
export interface EventTargets {
  readonly pools: NodePools;
  readonly controllers: ReadonlyMap<string, WorkloadController>;
  /** Applied events are appended here. */
  readonly applied: AppliedEvent[];
}

/** Schedules every event of the timeline. */
export function scheduleTimeline(ctx: RunContext, targets: EventTargets): void {
  for (const event of ctx.scenario.timeline.events) {
    ctx.engine.schedule(event.atUs - ctx.engine.nowUs(), () => {
      const detail = applyEvent(ctx, targets, event);
      targets.applied.push({ atUs: event.atUs, type: event.type, detail });
    });
  }
}

function applyEvent(ctx: RunContext, targets: EventTargets, event: TimelineEvent): string {
  const { pools, controllers } = targets;
  switch (event.type) {
    case 'ScaleWorkload': {
      const controller = controllers.get(event.workload);
      if (controller === undefined) throw new Error(`assertion: no workload ${event.workload}`);
      controller.scale(event.replicas);
      return `${event.workload} to ${event.replicas} replicas`;
    }
    case 'ScaleNodePool': {
      const pool = pools.pool(event.nodePool);
      if (pool === undefined) throw new Error(`assertion: no pool ${event.nodePool}`);
      pools.scaleTo(pool, event.count);
      return `${event.nodePool} to ${event.count} nodes`;
    }
    case 'AddNodePool': {
      const pool = pools.addPool(event.nodePool, false);
      return pool.admittedAtUs === null
        ? `${event.nodePool.name} added, not admitted: ${pool.refusal ?? 'refused'}`
        : `${event.nodePool.name} added with ${event.nodePool.initialCount} nodes`;
    }
    case 'AddExistingNodes': {
      const pool = pools.pool(event.nodePool);
      if (pool === undefined) throw new Error(`assertion: no pool ${event.nodePool}`);
      pools.addExisting(pool, event.instanceType, event.count, event.attachedEnis);
      return `${event.count} × ${event.instanceType.id} with ${event.attachedEnis} attached ENIs to ${event.nodePool}`;
    }
    case 'UpgradeTerway': {
      const from = ctx.terwayVersion.text;
      ctx.terwayVersion = event.version;
      pools.refreshAdmission();
      return `Terway ${from} → ${event.version.text} at ${formatDuration(event.atUs)}`;
    }
  }
}
