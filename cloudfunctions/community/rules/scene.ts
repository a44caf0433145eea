/**
 * The committee QR code (居委会二维码) carries a `scene` of at most 32 characters; the mini-program hands it
 * to the page URL-encoded. Accepted forms: `c=<committeeId>`, `committee=<committeeId>` and the bare id.
 */
export function committeeIdFromScene(scene: string): string | undefined {
  let s = scene.trim()
  try {
    s = decodeURIComponent(s)
  } catch {
    return undefined
  }
  const m = /^(?:c|committee)=([A-Za-z0-9_-]{1,64})$/.exec(s) ?? /^([A-Za-z0-9_-]{1,64})$/.exec(s)
  return m?.[1]
}

/** The scene a committee's QR code carries; inverse of `committeeIdFromScene`. */
export const sceneForCommittee = (committeeId: string): string => `c=${committeeId}`
