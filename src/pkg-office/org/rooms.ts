/**
 * Rooms as an officer types them: `101-104、201、202` (ranges of numbers and single rooms, separated by 、 , ，
 * spaces or new lines) → `['101','102','103','104','201','202']`. A range of more than 200 rooms is refused
 * as a slip of the finger.
 */
export function parseRooms(text: string): { rooms: string[] } | { error: string } {
  const rooms: string[] = []
  for (const part of text.split(/[、,，;；\s]+/).filter(Boolean)) {
    const range = /^(\d+)[-~～—](\d+)$/.exec(part)
    if (range) {
      const [a, b] = [Number(range[1]), Number(range[2])]
      if (b < a) return { error: `“${part}”前面的数要比后面的小` }
      if (b - a >= 200) return { error: `“${part}”一次最多200个房间` }
      for (let n = a; n <= b; n++) rooms.push(String(n).padStart(range[1].length, '0'))
    } else {
      if (part.length > 10) return { error: `房间号“${part}”太长（最多10个字）` }
      rooms.push(part)
    }
  }
  return { rooms: [...new Set(rooms)] }
}

/** The reverse, short: consecutive numbers become ranges. */
export function roomsText(rooms: readonly string[]): string {
  const out: string[] = []
  let i = 0
  while (i < rooms.length) {
    let j = i
    while (
      j + 1 < rooms.length &&
      /^\d+$/.test(rooms[j]) &&
      /^\d+$/.test(rooms[j + 1]) &&
      Number(rooms[j + 1]) === Number(rooms[j]) + 1
    )
      j++
    out.push(j > i ? `${rooms[i]}-${rooms[j]}` : rooms[i])
    i = j + 1
  }
  return out.join('、')
}

export const ORG_ROUTES = {
  home: '/pkg-office/org/index',
  committee: (id: string) => `/pkg-office/org/committee/index?id=${encodeURIComponent(id)}`,
  import: (committeeId: string) =>
    `/pkg-office/org/import/index?committeeId=${encodeURIComponent(committeeId)}`,
  followPoster: (committeeId: string) =>
    `/pkg-office/org/poster/index?kind=follow&committeeId=${encodeURIComponent(committeeId)}`,
  bindPoster: (blockId: string, buildingId: string) =>
    `/pkg-office/org/poster/index?kind=bind&blockId=${encodeURIComponent(blockId)}&buildingId=${encodeURIComponent(buildingId)}`,
}
