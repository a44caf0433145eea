// Draws the tab-bar icons and the empty/error pictures as PNGs with node built-ins only, so the app
// ships no third-party artwork and loads nothing from a CDN. Run: node tools/make-icons.mjs
import { deflateSync } from 'node:zlib'
import { writeFileSync, mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'assets')

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
const crc32 = (buf) => {
  let c = 0xffffffff
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
const chunk = (type, data) => {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}
function encodePng(w, h, rgba) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(w, 0)
  ihdr.writeUInt32BE(h, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 6 // RGBA
  const raw = Buffer.alloc((w * 4 + 1) * h)
  for (let y = 0; y < h; y++) {
    raw[y * (w * 4 + 1)] = 0 // filter: none
    rgba.copy(raw, y * (w * 4 + 1) + 1, y * w * 4, (y + 1) * w * 4)
  }
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  return Buffer.concat([
    sig,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** Rasterizes `inside(x, y)` (coordinates 0..1) with 4×4 supersampling for smooth edges. */
function draw(size, color, inside) {
  const buf = Buffer.alloc(size * size * 4)
  const [r, g, b] = color
  for (let py = 0; py < size; py++)
    for (let px = 0; px < size; px++) {
      let hit = 0
      for (let sy = 0; sy < 4; sy++)
        for (let sx = 0; sx < 4; sx++)
          if (inside((px + (sx + 0.5) / 4) / size, (py + (sy + 0.5) / 4) / size)) hit++
      const i = (py * size + px) * 4
      buf[i] = r
      buf[i + 1] = g
      buf[i + 2] = b
      buf[i + 3] = Math.round((hit / 16) * 255)
    }
  return encodePng(size, size, buf)
}

const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r
const ring = (cx, cy, r, w) => (x, y) => {
  const d = Math.hypot(x - cx, y - cy)
  return d <= r && d >= r - w
}
const roundRect = (x0, y0, x1, y1, rad) => (x, y) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false
  const cx = Math.min(Math.max(x, x0 + rad), x1 - rad)
  const cy = Math.min(Math.max(y, y0 + rad), y1 - rad)
  return (x - cx) ** 2 + (y - cy) ** 2 <= rad * rad
}
const outline = (outer, inner) => (x, y) => outer(x, y) && !inner(x, y)
const union =
  (...fs) =>
  (x, y) =>
    fs.some((f) => f(x, y))
const minus = (a, b) => (x, y) => a(x, y) && !b(x, y)
const triangle = (ax, ay, bx, by, cx, cy) => (x, y) => {
  const s = (px, py, qx, qy, rx, ry) => (px - rx) * (qy - ry) - (qx - rx) * (py - ry)
  const d1 = s(x, y, ax, ay, bx, by)
  const d2 = s(x, y, bx, by, cx, cy)
  const d3 = s(x, y, cx, cy, ax, ay)
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0))
}

// 首页: a house — roof and walls with a door.
const home = union(
  minus(triangle(0.5, 0.12, 0.1, 0.48, 0.9, 0.48), triangle(0.5, 0.24, 0.25, 0.46, 0.75, 0.46)),
  minus(rect(0.2, 0.44, 0.8, 0.86), union(rect(0.28, 0.44, 0.72, 0.78), rect(0.42, 0.6, 0.58, 0.9))),
  rect(0.42, 0.6, 0.44, 0.86),
  rect(0.56, 0.6, 0.58, 0.86),
  rect(0.2, 0.78, 0.42, 0.86),
  rect(0.58, 0.78, 0.8, 0.86),
)
// 诉求: a speech bubble with three dots.
const bubble = union(
  outline(roundRect(0.12, 0.16, 0.88, 0.7, 0.12), roundRect(0.2, 0.24, 0.8, 0.62, 0.06)),
  triangle(0.28, 0.68, 0.46, 0.68, 0.26, 0.86),
  circle(0.34, 0.43, 0.05),
  circle(0.5, 0.43, 0.05),
  circle(0.66, 0.43, 0.05),
)
// 办事: a calendar page.
const calendar = union(
  outline(roundRect(0.14, 0.2, 0.86, 0.86, 0.08), roundRect(0.22, 0.4, 0.78, 0.78, 0.02)),
  rect(0.3, 0.12, 0.38, 0.28),
  rect(0.62, 0.12, 0.7, 0.28),
  rect(0.3, 0.48, 0.42, 0.58),
  rect(0.58, 0.48, 0.7, 0.58),
  rect(0.3, 0.64, 0.42, 0.72),
)
// 我的: a person — head and shoulders.
const person = union(
  ring(0.5, 0.32, 0.18, 0.08),
  minus(
    (x, y) => y >= 0.58 && y <= 0.88 && (x - 0.5) ** 2 / 0.36 ** 2 + (y - 0.9) ** 2 / 0.34 ** 2 <= 1,
    (x, y) => y <= 0.8 && (x - 0.5) ** 2 / 0.28 ** 2 + (y - 0.92) ** 2 / 0.26 ** 2 <= 1,
  ),
)

const GRAY = [0x5c, 0x63, 0x6e]
const GREEN = [0x0b, 0x6e, 0x4f]
mkdirSync(join(root, 'tab'), { recursive: true })
for (const [name, shape] of Object.entries({ home, demands: bubble, bookings: calendar, me: person })) {
  writeFileSync(join(root, 'tab', `${name}.png`), draw(81, GRAY, shape))
  writeFileSync(join(root, 'tab', `${name}-active.png`), draw(81, GREEN, shape))
}

// Empty state: an open tray; error state: a circle with an exclamation mark.
const tray = union(
  outline(roundRect(0.14, 0.46, 0.86, 0.82, 0.06), roundRect(0.2, 0.52, 0.8, 0.76, 0.03)),
  rect(0.36, 0.52, 0.64, 0.6),
  rect(0.3, 0.2, 0.7, 0.26),
  rect(0.34, 0.3, 0.66, 0.36),
)
const alert = union(
  ring(0.5, 0.5, 0.38, 0.07),
  roundRect(0.46, 0.26, 0.54, 0.58, 0.03),
  circle(0.5, 0.7, 0.05),
)
writeFileSync(join(root, 'empty.png'), draw(160, [0x8a, 0xb5, 0xa6], tray))
writeFileSync(join(root, 'error.png'), draw(160, [0xd0, 0x8c, 0x5b], alert))
console.log('icons written to', root)
