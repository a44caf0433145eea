/**
 * Reads the text of a QR code in a PNG, as a phone's scanner would. The decoder (qrcode-reader, with pngjs)
 * comes with miniprogram-ci, which reads its preview codes with it; it is not a dependency of ours, so
 * `available` says whether this install has it.
 */
type Decoder = new () => {
  callback: (err: unknown, value?: { result: string }) => void
  decode(img: { width: number; height: number; data: Uint8Array }): void
}
type PngModule = { PNG: { sync: { read(b: Buffer): { width: number; height: number; data: Uint8Array } } } }

function load(): { Reader: Decoder; png: PngModule } | undefined {
  try {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const reader = require('qrcode-reader') as Decoder | { default: Decoder }
    const png = require('pngjs') as PngModule
    /* eslint-enable @typescript-eslint/no-require-imports */
    return { Reader: 'default' in reader ? reader.default : reader, png }
  } catch {
    return undefined
  }
}

const mods = load()
export const qrDecoderAvailable = mods !== undefined

export function decodeQr(pngBytes: Buffer): Promise<string> {
  if (!mods) return Promise.reject(new Error('qrcode-reader is not installed'))
  const img = mods.png.PNG.sync.read(pngBytes)
  return new Promise((resolve, reject) => {
    const qr = new mods.Reader()
    qr.callback = (err, value) =>
      err || !value ? reject(err ?? new Error('no code')) : resolve(value.result)
    qr.decode({ width: img.width, height: img.height, data: img.data })
  })
}
