/**
 * A listener told of every call that gives an ENI or an address (create, attach, assign), with
 * the ENI it concerns, so the run can say where a pod's wait for the cloud went (`sim/run/
 * cloudWaits.ts`). Calls that give nothing (describe, detach, delete, unassign) are not reported.
 */
import type { CloudApiAction, CloudErrorCode } from '../contracts/cloudApi.js';

/** The ENI a call is about: known up front (attach, assign), or once a create returns it. */
export interface CallSubject {
  /** The ENI of an attach or assign; null for a create. */
  readonly networkInterfaceId: string | null;
  /** A create's idempotency key (Terway's `ClientToken`), which its retries share; or null. */
  readonly clientToken: string | null;
}

/** What a call's observer is told when it completes. */
export type CallCompleted = (
  completedUs: number,
  code: CloudErrorCode | null,
  /** The ENI a successful create made; null otherwise. */
  createdNetworkInterfaceId: string | null,
) => void;

export interface CloudCallObserver {
  /**
   * A call of `action` was issued at `issuedUs` and left the client at `sentUs` (after waiting
   * for a token of the client's rate limiter). Returns what to call when it completes.
   */
  issued(
    action: CloudApiAction,
    subject: CallSubject,
    issuedUs: number,
    sentUs: number,
  ): CallCompleted;
}
