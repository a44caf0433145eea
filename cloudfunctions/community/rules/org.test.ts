import {
  activeNames,
  buildingFromScene,
  legacyUnitId,
  mergeUnits,
  saveUnit,
  sceneForBuilding,
  sortRooms,
  unitsOf,
} from './org'

const block = { _id: 'c-chunhui-b1', buildings: ['1号楼', '2号楼'], units: undefined }

test('a block from before building ids gets stable ids for its names', () => {
  const units = unitsOf(block)
  expect(units.map((u) => u.name)).toEqual(['1号楼', '2号楼'])
  expect(units[0].id).toBe(legacyUnitId('c-chunhui-b1', '1号楼'))
  expect(unitsOf(block)[0].id).toBe(units[0].id)
})

test('rooms sort as people read them', () => {
  expect(sortRooms(['1001', '201', '101', '102', '101', '地下室'])).toEqual([
    '101',
    '102',
    '201',
    '1001',
    '地下室',
  ])
})

test('a building name is unique among those in use; a retired one keeps its place', () => {
  const units = unitsOf(block)
  expect(saveUnit(units, { name: '1号楼', rooms: [] }, 'n1')).toMatchObject({ ok: false, path: 'name' })
  const retired = saveUnit(units, { id: units[0].id, name: '1号楼', rooms: ['101'], retired: true }, 'n1')
  expect(retired.ok && activeNames(retired.units)).toEqual(['2号楼'])
  if (!retired.ok) return
  const again = saveUnit(retired.units, { name: '1号楼', rooms: ['101'] }, 'n2')
  expect(again.ok && again.units.map((u) => [u.id, u.retired === true])).toEqual([
    [units[0].id, true],
    [units[1].id, false],
    ['n2', false],
  ])
  expect(saveUnit(units, { id: 'gone', name: 'x', rooms: [] }, 'n3')).toMatchObject({ kind: 'notFound' })
})

test('an import adds buildings and rooms, never removes; the same twice changes nothing', () => {
  const first = mergeUnits(unitsOf(block), [{ building: '3号楼', rooms: ['102', '101'] }], () => 'u3')
  expect(first.changed).toBe(true)
  expect(first.units.at(-1)).toEqual({ id: 'u3', name: '3号楼', rooms: ['101', '102'] })
  expect(mergeUnits(first.units, [{ building: '3号楼', rooms: ['101'] }], () => 'u4').changed).toBe(false)
})

test('a building scene fits 32 characters and reads back', () => {
  const scene = sceneForBuilding('0123456789abcdef', 'a1b2c3d4')
  expect(scene.length).toBeLessThanOrEqual(32)
  expect(buildingFromScene(encodeURIComponent(scene))).toEqual({
    blockId: '0123456789abcdef',
    unitId: 'a1b2c3d4',
  })
  expect(buildingFromScene('c=abc')).toBeUndefined()
})
