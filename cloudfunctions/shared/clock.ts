/**
 * The functions' clock. Domain code never calls Date.now(): handlers take `now` from here and pass it on.
 * Locally the function host hands an offset (`LINLI_CLOCK_OFFSET_MS`) so tests can move time forward;
 * in production the variable is absent and the offset is zero.
 */
export function now(): Date {
  const offset = Number(process.env.LINLI_CLOCK_OFFSET_MS ?? 0)
  return new Date(Date.now() + (Number.isFinite(offset) ? offset : 0))
}
