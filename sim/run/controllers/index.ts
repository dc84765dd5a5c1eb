/**
 * The workload controllers, and the choice of one for a workload: Deployments and StatefulSets
 * by kind, Jobs by kind unless their pods arrive one at a time, and single-pod arrivals.
 */
import type { WorkloadSpec } from '../../../scenarios/load/index.js';
import { ArrivalsController } from './arrivals.js';
import type { ControllerEnv, WorkloadController } from './controller.js';
import { DeploymentController } from './deployment.js';
import { JobController } from './job.js';
import { StatefulSetController } from './statefulSet.js';

export type { ControllerEnv, WorkloadController } from './controller.js';

/** The controller that runs `workload`'s rollout. */
export function controllerFor(env: ControllerEnv, workload: WorkloadSpec): WorkloadController {
  const arrivals = workload.rollout.type === 'Poisson' || workload.rollout.type === 'DailyProfile';
  switch (workload.kind) {
    case 'Deployment':
      return new DeploymentController(env, workload);
    case 'StatefulSet':
      return new StatefulSetController(env, workload);
    case 'Job':
      return arrivals ? new ArrivalsController(env, workload) : new JobController(env, workload);
    case 'Pod':
      return new ArrivalsController(env, workload);
  }
}
