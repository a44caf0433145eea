/**
 * 组织架构 rules: a block's buildings (楼) and their rooms (室), and the scenes of the QR codes that name them.
 * A block from before buildings had ids carries only the names; each gets a stable id derived from its name.
 */
import { createHash } from 'node:crypto'
import type { BlockDoc, BuildingUnit } from '../../../types/community'

export const legacyUnitId = (blockId: string, name: string): string =>
  createHash('sha256').update(`${blockId}\u0000${name}`).digest('hex').slice(0, 8)

/** Every building of a block, the legacy names included, in the block's order. */
export function unitsOf(block: Pick<BlockDoc, '_id' | 'buildings' | 'units'>): BuildingUnit[] {
  const units = (block.units ?? []).map((u) => ({ ...u, rooms: [...u.rooms] }))
  for (const name of block.buildings)
    if (!units.some((u) => u.name === name))
      units.push({ id: legacyUnitId(block._id, name), name, rooms: [] })
  return units
}

/** The names residents pick from when binding: buildings in use. */
export const activeNames = (units: readonly BuildingUnit[]): string[] =>
  units.filter((u) => !u.retired).map((u) => u.name)

/** Rooms in the order people read them: 101, 102, … 201 (numbers by value, the rest by text). */
export function sortRooms(rooms: Iterable<string>): string[] {
  return [...new Set(rooms)].sort((a, b) => {
    const na = /^\d+$/.test(a) ? Number(a) : NaN
    const nb = /^\d+$/.test(b) ? Number(b) : NaN
    if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb
    return a.localeCompare(b, 'zh-CN')
  })
}

export type UnitChange =
  | { ok: true; units: BuildingUnit[]; unit: BuildingUnit }
  | { ok: false; kind: 'notFound' | 'invalid'; path: string; message: string }

/**
 * 新建或修改楼栋: a name is unique among the block's buildings in use; retiring keeps the building (households
 * point to it by name) and frees nothing.
 */
export function saveUnit(
  units: readonly BuildingUnit[],
  input: { id?: string; name: string; rooms: readonly string[]; retired?: boolean },
  newUnitId: string,
): UnitChange {
  const name = input.name.trim()
  const current = input.id ? units.find((u) => u.id === input.id) : undefined
  if (input.id && !current) return { ok: false, kind: 'notFound', path: 'id', message: '没有找到这栋楼' }
  const twin = units.find((u) => u.name === name && u.id !== current?.id && !u.retired)
  if (twin && !(input.retired ?? current?.retired))
    return { ok: false, kind: 'invalid', path: 'name', message: `这个片区已经有“${name}”了` }
  const unit: BuildingUnit = {
    id: current?.id ?? newUnitId,
    name,
    rooms: sortRooms(input.rooms.map((r) => r.trim())),
    ...((input.retired ?? current?.retired) ? { retired: true } : {}),
  }
  const next = current ? units.map((u) => (u.id === current.id ? unit : u)) : [...units, unit]
  return { ok: true, units: next, unit }
}

/** Adds buildings and rooms an import found (never removes any): the same file twice changes nothing. */
export function mergeUnits(
  units: readonly BuildingUnit[],
  found: ReadonlyArray<{ building: string; rooms: readonly string[] }>,
  newUnitId: (name: string) => string,
): { units: BuildingUnit[]; changed: boolean } {
  const next = units.map((u) => ({ ...u, rooms: [...u.rooms] }))
  let changed = false
  for (const f of found) {
    let unit =
      next.find((u) => u.name === f.building && !u.retired) ?? next.find((u) => u.name === f.building)
    if (!unit) {
      unit = { id: newUnitId(f.building), name: f.building, rooms: [] }
      next.push(unit)
      changed = true
    }
    const rooms = sortRooms([...unit.rooms, ...f.rooms])
    if (rooms.length !== unit.rooms.length) {
      unit.rooms = rooms
      changed = true
    }
  }
  return { units: next, changed }
}

/** The scene of a building's bind code (绑定码): `b=<blockId>.<unitId>`, at most 32 characters. */
export const sceneForBuilding = (blockId: string, unitId: string): string => `b=${blockId}.${unitId}`

export function buildingFromScene(scene: string): { blockId: string; unitId: string } | undefined {
  let s = scene.trim()
  try {
    s = decodeURIComponent(s)
  } catch {
    return undefined
  }
  const m = /^b=([A-Za-z0-9_-]{1,40})\.([A-Za-z0-9]{1,12})$/.exec(s)
  return m ? { blockId: m[1], unitId: m[2] } : undefined
}
