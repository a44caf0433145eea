/** Just enough `multipart/form-data` parsing for the `wx.openApi` POST (form-data package, chunked). */
export interface FormPart {
  readonly name: string
  readonly filename?: string
  readonly contentType?: string
  readonly data: Buffer
}

export function boundaryOf(contentType: string): string | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType)
  return m ? (m[1] ?? m[2]).trim() : undefined
}

export function parseMultipart(body: Buffer, boundary: string): FormPart[] {
  const delimiter = Buffer.from(`--${boundary}`)
  const parts: FormPart[] = []
  let pos = body.indexOf(delimiter)
  while (pos >= 0) {
    const start = pos + delimiter.length
    if (body.subarray(start, start + 2).toString() === '--') break
    const next = body.indexOf(delimiter, start)
    if (next < 0) break
    // Each part: CRLF, headers, CRLF CRLF, data, CRLF, next delimiter.
    const chunk = body.subarray(start + 2, next - 2)
    const headerEnd = chunk.indexOf('\r\n\r\n')
    if (headerEnd >= 0) {
      const headers = chunk.subarray(0, headerEnd).toString('utf8')
      const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? ''
      const name = /\bname="([^"]*)"/i.exec(disposition)?.[1]
      const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1]
      const contentType = /content-type:\s*([^\r\n]*)/i.exec(headers)?.[1]?.trim()
      if (name !== undefined)
        parts.push({ name, filename, contentType, data: Buffer.from(chunk.subarray(headerEnd + 4)) })
    }
    pos = next
  }
  return parts
}
