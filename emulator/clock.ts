/**
 * The local cloud's clock: real time plus an offset that tests and the dev console move forward.
 * The database's `serverDate()`, timers and the functions' `now()` all read it, so moving it moves the
 * whole product. Local only: production has no offset.
 */
export class Clock {
  private offset = 0
  get offsetMs(): number {
    return this.offset
  }
  setOffset(ms: number): void {
    if (!Number.isFinite(ms)) throw new Error('clock offset must be a finite number of milliseconds')
    this.offset = Math.trunc(ms)
  }
  now(): number {
    return Date.now() + this.offset
  }
}
