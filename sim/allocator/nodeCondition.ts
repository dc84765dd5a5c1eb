/**
 * The node condition `SufficientIP` as the daemon keeps it (`NodeCondition` in
 * `pkg/eni/manager.go`): set to False (reason `InsufficientIP`) when allocation is refused for
 * lack of vSwitch addresses, held at least `ipExhaustiveConditionPeriod` (10 min) unless an
 * address is released, then True again.
 */
import type { Clock, TimerId } from '../contracts/clock.js';
import { US_PER_SECOND } from '../contracts/clock.js';

/** `ipExhaustiveConditionPeriod`. */
export const IP_EXHAUSTIVE_CONDITION_PERIOD_US = 600 * US_PER_SECOND;

/** The condition's reasons, as Terway writes them. */
export type SufficientIpReason = 'SufficientIP' | 'InsufficientIP';

/** The `SufficientIP` condition of one node. */
export class SufficientIpCondition {
  readonly #clock: Clock;
  #status = true;
  #exhaustive = false;
  #timer: TimerId | null = null;
  #lastTransitionUs = 0;
  #transitions = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** True when the condition is `SufficientIP=True`. */
  get status(): boolean {
    return this.#status;
  }

  /** The reason that goes with the status. */
  get reason(): SufficientIpReason {
    return this.#status ? 'SufficientIP' : 'InsufficientIP';
  }

  /** When the status last changed, in µs. */
  get lastTransitionUs(): number {
    return this.#lastTransitionUs;
  }

  /** How many times the status changed. */
  get transitions(): number {
    return this.#transitions;
  }

  /** `SetIPExhaustive`: False now, True again after the period unless set again first. */
  setExhaustive(): void {
    if (this.#exhaustive) return;
    this.#exhaustive = true;
    this.#set(false);
    this.#arm(IP_EXHAUSTIVE_CONDITION_PERIOD_US);
  }

  /** `UnsetIPExhaustive`: an address came back, so True at once. */
  unsetExhaustive(): void {
    if (!this.#exhaustive) return;
    this.#arm(0);
  }

  #arm(delayUs: number): void {
    if (this.#timer !== null) this.#clock.cancelTimer(this.#timer);
    this.#timer = this.#clock.setTimer(delayUs, () => {
      this.#timer = null;
      if (!this.#exhaustive) return;
      this.#exhaustive = false;
      this.#set(true);
    });
  }

  #set(status: boolean): void {
    if (status === this.#status) return;
    this.#status = status;
    this.#lastTransitionUs = this.#clock.nowUs();
    this.#transitions++;
  }
}
