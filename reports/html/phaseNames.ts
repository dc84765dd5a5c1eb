/** The phases of pod start-up as a reader sees them named. */
import type { PodPhaseName } from '../../models/results/podPhases.js';

export const PHASE_LABELS: Readonly<Record<PodPhaseName, string>> = {
  schedulingQueue: 'scheduling queue',
  binding: 'binding',
  sandboxCreation: 'sandbox creation',
  failedSandboxes: 'failed sandboxes and retries',
  addressFromPool: 'address from the warm pool',
  cloudThrottled: 'cloud: throttled',
  cloudCreate: 'cloud: create ENI',
  cloudAttach: 'cloud: attach ENI',
  cloudAssign: 'cloud: assign address',
  cloudOther: 'cloud: other waits',
  datapath: 'datapath set-up',
  containerStart: 'container start',
};
