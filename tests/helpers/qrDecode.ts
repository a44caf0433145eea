/**
 * Reads the text of a QR code in a PNG, as a phone's scanner would, so a poster test checks what a phone
 * would open rather than trusting the encoder.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- neither package ships types */
const QrReader = require('qrcode-reader') as new () => {
  callback: (err: unknown, value?: { result: string }) => void
  decode(img: { width: number; height: number; data: Uint8Array }): void
}
const { PNG } = require('pngjs') as {
  PNG: { sync: { read(b: Buffer): { width: number; height: number; data: Uint8Array } } }
}
/* eslint-enable @typescript-eslint/no-require-imports */

export function decodeQr(pngBytes: Buffer): Promise<string> {
  const img = PNG.sync.read(pngBytes)
  return new Promise((resolve, reject) => {
    const qr = new QrReader()
    qr.callback = (err, value) =>
      err || !value ? reject(err ?? new Error('no code')) : resolve(value.result)
    qr.decode({ width: img.width, height: img.height, data: img.data })
  })
}
