/**
 * Every database operation and command operator through the real wx-server-sdk; expected results follow
 * MongoDB / CloudBase semantics.
 */
import { sdk, sdkError, startCloudWithSdk, type CloudWithSdk } from '../sdk'

let t: CloudWithSdk
beforeAll(async () => {
  t = await startCloudWithSdk()
})
afterAll(() => t.stop())

const ids = (docs: { _id: string }[]): string[] => docs.map((d) => d._id).sort()

describe('documents', () => {
  test('add single, add array, custom and numeric _id; duplicate _id is E11000', async () => {
    const c = t.db.collection('notices')
    const one = await sdk(c.add({ data: { _id: 'n1', title: 'a' } }))
    expect(one._id).toBe('n1')
    const many = await sdk(c.add({ data: [{ title: 'b' }, { title: 'c' }] }))
    expect(many._ids).toHaveLength(2)
    expect(many._ids[0]).toMatch(/^[0-9a-f]{32}$/)
    await sdk(c.add({ data: { _id: 123 as unknown as string, title: 'num' } }))
    expect((await sdk(c.doc(123 as unknown as string).get())).data.title).toBe('num')
    const dup = await sdkError(c.add({ data: { _id: 'n1', title: 'again' } }))
    expect(dup.errCode).toBe(-502001)
    expect(dup.errMsg).toContain('E11000 duplicate key')
    expect((await sdk(c.doc('n1').get())).data.title).toBe('a')
  })

  test('doc().get() of a missing document throws; throwOnNotFound:false gives null', async () => {
    const e = await sdkError(t.db.collection('notices').doc('nope').get())
    expect(e.errMsg).toContain('document with _id nope does not exist')
    const lenient = t.cloud.database({ throwOnNotFound: false } as Parameters<typeof t.cloud.database>[0])
    expect((await sdk(lenient.collection('notices').doc('nope').get())).data).toBeNull()
  })

  test('set creates, then replaces the whole document; update merges nested objects by path', async () => {
    const c = t.db.collection('households')
    const created = await sdk(
      c.doc('h1').set({ data: { name: 'x', addr: { city: 'sh', no: 1 }, tags: ['a'] } }),
    )
    expect(created.stats).toEqual({ updated: 0, created: 1 })
    await sdk(c.doc('h1').update({ data: { addr: { no: 2 }, 'meta.k': true } }))
    expect((await sdk(c.doc('h1').get())).data).toEqual({
      _id: 'h1',
      name: 'x',
      addr: { city: 'sh', no: 2 },
      tags: ['a'],
      meta: { k: true },
    })
    const replaced = await sdk(c.doc('h1').set({ data: { name: 'y' } }))
    expect(replaced.stats.updated).toBe(1)
    expect((await sdk(c.doc('h1').get())).data).toEqual({ _id: 'h1', name: 'y' })
    expect((await sdk(c.doc('missing').update({ data: { name: 'z' } }))).stats.updated).toBe(0)
    expect((await sdk(c.doc('h1').remove())).stats.removed).toBe(1)
    expect((await sdk(c.doc('h1').remove())).stats.removed).toBe(0)
  })

  test('where().update() and where().remove() touch every match', async () => {
    const c = t.db.collection('talents')
    await sdk(c.add({ data: [1, 2, 3, 4, 5].map((n) => ({ n, group: n % 2 ? 'odd' : 'even' })) }))
    const u = await sdk(c.where({ group: 'odd' }).update({ data: { flagged: true } }))
    expect(u.stats.updated).toBe(3)
    expect((await sdk(c.where({ flagged: true }).count())).total).toBe(3)
    const r = await sdk(c.where({ group: 'even' }).remove())
    expect(r.stats.removed).toBe(2)
    expect((await sdk(c.count())).total).toBe(3)
  })
})

describe('queries', () => {
  const _ = () => t.db.command
  beforeAll(async () => {
    const docs = [
      {
        _id: 'q1',
        n: 1,
        s: 'apple',
        tags: ['a', 'b'],
        o: { x: 1, y: [1, 2] },
        d: new Date(1000),
        items: [{ v: 1 }, { v: 5 }],
      },
      {
        _id: 'q2',
        n: 2,
        s: 'Banana',
        tags: ['b'],
        o: { x: 2 },
        d: new Date(2000),
        nul: null,
        items: [{ v: 2 }],
      },
      { _id: 'q3', n: 3, s: 'cherry', tags: ['a', 'c', 'd'], o: { x: 3 }, d: new Date(3000), items: [] },
      { _id: 'q4', n: 4.5, s: 'apricot', tags: [], d: new Date(4000) },
    ]
    await sdk(t.db.collection('stats').add({ data: docs }))
  })
  const q = async (where: object): Promise<string[]> =>
    ids((await sdk(t.db.collection('stats').where(where).get())).data)

  test('comparison operators', async () => {
    expect(await q({ n: 2 })).toEqual(['q2'])
    expect(await q({ n: _().eq(3) })).toEqual(['q3'])
    expect(await q({ n: _().neq(3) })).toEqual(['q1', 'q2', 'q4'])
    expect(await q({ n: _().gt(2) })).toEqual(['q3', 'q4'])
    expect(await q({ n: _().gte(2) })).toEqual(['q2', 'q3', 'q4'])
    expect(await q({ n: _().lt(2) })).toEqual(['q1'])
    expect(await q({ n: _().lte(2) })).toEqual(['q1', 'q2'])
    expect(await q({ n: _().in([1, 3, 9]) })).toEqual(['q1', 'q3'])
    expect(await q({ n: _().nin([1, 3]) })).toEqual(['q2', 'q4'])
    expect(await q({ d: _().gte(new Date(3000)) })).toEqual(['q3', 'q4'])
  })

  test('element, array and nested-path operators', async () => {
    expect(await q({ o: _().exists(false) })).toEqual(['q4'])
    expect(await q({ nul: null })).toEqual(['q1', 'q3', 'q4', 'q2'].sort()) // null matches missing too
    expect(await q({ nul: _().exists(true) })).toEqual(['q2'])
    expect(await q({ 'o.x': 2 })).toEqual(['q2'])
    expect(await q({ o: { x: _().gt(1) } })).toEqual(['q2', 'q3'])
    expect(await q({ 'o.y': 2 })).toEqual(['q1'])
    expect(await q({ tags: 'a' })).toEqual(['q1', 'q3'])
    expect(await q({ tags: ['b'] })).toEqual(['q2'])
    expect(await q({ tags: _().all(['a', 'b']) })).toEqual(['q1'])
    expect(await q({ tags: _().size(0) })).toEqual(['q4'])
    expect(await q({ n: (_().mod as unknown as (x: number[]) => object)([2, 0]) })).toEqual(['q2'])
    expect(await q({ items: _().elemMatch({ v: _().gt(4) }) })).toEqual(['q1'])
    expect(await q({ 'items.v': 2 })).toEqual(['q2'])
  })

  test('logical operators', async () => {
    expect(await q({ n: _().not(_().gt(2)) })).toEqual(['q1', 'q2'])
    expect(await q({ n: _().gt(1).and(_().lt(4)) })).toEqual(['q2', 'q3'])
    expect(await q({ n: _().eq(1).or(_().eq(3)) })).toEqual(['q1', 'q3'])
    expect(await q({ n: _().or(_().lt(2), _().gt(4)) })).toEqual(['q1', 'q4'])
    expect(
      ids(
        (
          await sdk(
            t.db
              .collection('stats')
              .where(_().or([{ n: 1 }, { s: 'cherry' }]))
              .get(),
          )
        ).data,
      ),
    ).toEqual(['q1', 'q3'])
    expect(
      ids(
        (
          await sdk(
            t.db
              .collection('stats')
              .where(_().and([{ n: _().gt(1) }, { tags: 'a' }]))
              .get(),
          )
        ).data,
      ),
    ).toEqual(['q3'])
    expect(
      ids(
        (
          await sdk(
            t.db
              .collection('stats')
              .where(_().nor([{ n: 1 }, { n: 2 }]))
              .get(),
          )
        ).data,
      ),
    ).toEqual(['q3', 'q4'])
  })

  test('regular expressions (db.RegExp and JS RegExp)', async () => {
    expect(await q({ s: t.db.RegExp({ regexp: '^ap', options: '' }) })).toEqual(['q1', 'q4'])
    expect(await q({ s: /^b/i })).toEqual(['q2'])
    expect(await q({ s: t.db.RegExp({ regexp: 'AN', options: 'i' }) })).toEqual(['q2'])
  })

  test('orderBy, skip, limit, field', async () => {
    const c = t.db.collection('stats')
    const page = await sdk(c.where({}).orderBy('n', 'desc').skip(1).limit(2).field({ n: true }).get())
    expect(page.data).toEqual([
      { _id: 'q3', n: 3 },
      { _id: 'q2', n: 2 },
    ])
    const excl = await sdk(c.doc('q1').field({ tags: false, o: false, items: false, d: false }).get())
    expect(excl.data).toEqual({ _id: 'q1', n: 1, s: 'apple' })
    const two = await sdk(c.orderBy('o.x', 'asc').orderBy('n', 'desc').get())
    expect(two.data.map((d: { _id: string }) => d._id)).toEqual(['q4', 'q1', 'q2', 'q3'])
    expect((await sdk(c.where({ d: _().lt(new Date(2500)) }).count())).total).toBe(2)
  })

  test('get() returns 100 by default and at most 1000', async () => {
    const c = t.db.collection('digests')
    await t.localCloud.database.insertMany(
      'digests',
      Array.from({ length: 1100 }, (_x, i) => ({ i })),
    )
    expect((await sdk(c.get())).data).toHaveLength(100)
    expect((await sdk(c.limit(5000).get())).data).toHaveLength(1000)
    expect((await sdk(c.skip(1050).limit(1000).get())).data).toHaveLength(50)
    expect((await sdk(c.count())).total).toBe(1100)
  })
})

describe('update operators', () => {
  const _ = () => t.db.command
  const c = () => t.db.collection('visits')
  const upd = async (data: object): Promise<Record<string, unknown>> => {
    await sdk(c().doc('u').update({ data }))
    const { data: d } = await sdk(c().doc('u').get())
    return d
  }
  beforeEach(async () => {
    await sdk(
      c()
        .doc('u')
        .set({
          data: {
            n: 5,
            f: 1.5,
            arr: [3, 1, 2],
            tags: ['x'],
            obj: { a: 1, b: 2 },
            rn: 'r',
            list: [1, 2, 3, 4, 5],
          },
        }),
    )
  })

  test('set, inc, mul, min, max, remove, rename', async () => {
    expect((await upd({ obj: _().set({ c: 3 }) })).obj).toEqual({ c: 3 })
    expect((await upd({ n: _().inc(2) })).n).toBe(7)
    expect((await upd({ f: _().mul(2) })).f).toBe(3)
    expect((await upd({ n: _().min(1) })).n).toBe(1)
    expect((await upd({ n: _().max(10) })).n).toBe(10)
    expect(await upd({ rn: _().remove() })).not.toHaveProperty('rn')
    const r = await upd({ obj: _().rename('renamed') })
    expect(r).not.toHaveProperty('obj')
    expect(r.renamed).toEqual({ c: 3 })
    expect((await upd({ 'p.q': _().inc(1) })).p).toEqual({ q: 1 })
  })

  test('array operators: push (each/position/slice/sort), unshift, pop, shift, pull, pullAll, addToSet', async () => {
    expect((await upd({ tags: _().push(['y', 'z']) })).tags).toEqual(['x', 'y', 'z'])
    expect((await upd({ tags: _().push('w') })).tags).toEqual(['x', 'y', 'z', 'w'])
    expect((await upd({ arr: _().push({ each: [0], position: 0 }) })).arr).toEqual([0, 3, 1, 2])
    expect((await upd({ arr: _().push({ each: [9], sort: 1, slice: 3 }) })).arr).toEqual([0, 1, 2])
    expect((await upd({ arr: _().unshift([-1]) })).arr).toEqual([-1, 0, 1, 2])
    expect((await upd({ arr: _().pop() })).arr).toEqual([-1, 0, 1])
    expect((await upd({ arr: _().shift() })).arr).toEqual([0, 1])
    expect((await upd({ list: _().pull(_().gt(3)) })).list).toEqual([1, 2, 3])
    expect((await upd({ list: _().pull(2) })).list).toEqual([1, 3])
    expect((await upd({ list: _().pullAll([1, 7]) })).list).toEqual([3])
    expect((await upd({ tags: _().addToSet('x') })).tags).toEqual(['x', 'y', 'z', 'w'])
    expect((await upd({ tags: _().addToSet('v') })).tags).toEqual(['x', 'y', 'z', 'w', 'v'])
  })

  test('serverDate resolves to the emulator clock, with offset', async () => {
    t.localCloud.clock.setOffset(86_400_000)
    try {
      const before = Date.now() + 86_400_000
      const d = await upd({
        at: t.db.serverDate(),
        later: (t.db.serverDate as unknown as (o: object) => object)({ offset: 60_000 }),
      })
      const at = (d.at as Date).getTime()
      expect(d.at).toBeInstanceOf(Date)
      expect(at).toBeGreaterThanOrEqual(before)
      expect(at).toBeLessThan(before + 5000)
      expect((d.later as Date).getTime() - at).toBe(60_000)
    } finally {
      t.localCloud.clock.setOffset(0)
    }
  })

  test('a failing update leaves the document untouched', async () => {
    const e = await sdkError(
      c()
        .doc('u')
        .update({ data: { tags: _().inc(1) } }),
    )
    expect(e.errCode).toBeLessThan(0)
    expect((await sdk(c().doc('u').get())).data.tags).toEqual(['x'])
  })
})

describe('aggregate', () => {
  beforeAll(async () => {
    await sdk(
      t.db.collection('bookings').add({
        data: [
          { _id: 'b1', user: 'u1', amount: 10, status: 'paid', items: ['x', 'y'] },
          { _id: 'b2', user: 'u1', amount: 30, status: 'paid', items: ['x'] },
          { _id: 'b3', user: 'u2', amount: 5, status: 'paid', items: [] },
          { _id: 'b4', user: 'u2', amount: 50, status: 'open', items: ['z'] },
          { _id: 'b5', user: 'u3', amount: 7, status: 'paid', items: ['y'] },
        ],
      }),
    )
    await sdk(
      t.db.collection('residents').add({
        data: [
          { _id: 'u1', openid: 'o1', name: '张三' },
          { _id: 'u2', openid: 'o2', name: '李四' },
        ],
      }),
    )
  })

  test('match, group with accumulators, sort, skip, limit, project, lookup, unwind', async () => {
    const $ = t.db.command.aggregate
    const _ = t.db.command
    const res = await sdk(
      t.db
        .collection('bookings')
        .aggregate()
        .match({ status: 'paid', amount: _.gt(1) })
        .group({
          _id: '$user',
          total: $.sum('$amount'),
          n: $.sum(1),
          avg: $.avg('$amount'),
          min: $.min('$amount'),
          max: $.max('$amount'),
          first: $.first('$amount'),
          last: $.last('$amount'),
          all: $.push('$amount'),
        })
        .sort({ total: -1 })
        .skip(0)
        .limit(2)
        .project({ _id: 0, user: '$_id', total: 1, n: 1, avg: 1, min: 1, max: 1, first: 1, last: 1, all: 1 })
        .lookup({ from: 'residents', localField: 'user', foreignField: '_id', as: 'who' })
        .unwind('$who')
        .end(),
    )
    expect(res.list).toEqual(
      [
        {
          user: 'u1',
          total: 40,
          n: 2,
          avg: 20,
          min: 10,
          max: 30,
          first: 10,
          last: 30,
          all: [10, 30],
          who: { _id: 'u1', openid: 'o1', name: '张三' },
        },
        { user: 'u3', total: 7, n: 1, avg: 7, min: 7, max: 7, first: 7, last: 7, all: [7] },
      ].filter((r) => r.user === 'u1'),
    )
  })

  test('addFields, unwind of arrays, addToSet, count', async () => {
    const $ = t.db.command.aggregate
    const res = await sdk(
      t.db
        .collection('bookings')
        .aggregate()
        .addFields({ double: $.multiply(['$amount', 2]) })
        .unwind('$items')
        .group({ _id: '$items', users: $.addToSet('$user'), sumDouble: $.sum('$double') })
        .sort({ _id: 1 })
        .end(),
    )
    expect(
      res.list.map((r: { _id: string; users: string[]; sumDouble: number }) => [
        r._id,
        r.users.sort(),
        r.sumDouble,
      ]),
    ).toEqual([
      ['x', ['u1'], 80],
      ['y', ['u1', 'u3'], 34],
      ['z', ['u2'], 100],
    ])
    const cnt = await sdk(t.db.collection('bookings').aggregate().match({ status: 'paid' }).count('n').end())
    expect(cnt.list).toEqual([{ n: 4 }])
  })

  test('an unknown stage is the cloud error, passed through as TcbError', async () => {
    const e = await sdkError(
      t.db
        .collection('bookings')
        .aggregate()
        .addFields({ x: { $noSuchOp: 1 } })
        .end(),
    )
    expect(e.code).toBe('DATABASE_INVALID_OPERRATOR')
  })
})

describe('errors', () => {
  test('collection that does not exist, then createCollection', async () => {
    const e = await sdkError(t.db.collection('nowhere').add({ data: { a: 1 } }))
    expect(e.errCode).toBe(-502005)
    expect(e.errMsg).toContain('collection.add:fail -502005')
    expect((await sdkError(t.db.collection('nowhere').doc('x').get())).errCode).toBe(-502005)
    await t.db.createCollection('nowhere')
    expect((await sdk(t.db.collection('nowhere').add({ data: { a: 1 } })))._id).toBeTruthy()
    expect(t.localCloud.database.listCollections()).toContain('nowhere')
  })

  test('unknown query operator → DATABASE_INVALID_OPERRATOR', async () => {
    const e = await sdkError(
      t.db
        .collection('stats')
        .where({ n: { $bogus: 1 } })
        .get(),
    )
    expect(e.errCode).toBe(-502002)
  })

  test('unique index from the manifest is enforced with E11000; nothing half-written', async () => {
    const c = t.db.collection('residents')
    await sdk(c.add({ data: { openid: 'dup-1' } }))
    const e = await sdkError(c.add({ data: [{ openid: 'dup-2' }, { openid: 'dup-1' }] }))
    expect(e.errCode).toBe(-502001)
    expect(e.errMsg).toContain('E11000 duplicate key')
    expect((await sdk(c.where({ openid: 'dup-2' }).count())).total).toBe(0)
    const other = await sdk(c.add({ data: { openid: 'dup-3' } }))
    const e2 = await sdkError(c.doc(other._id).update({ data: { openid: 'dup-1' } }))
    expect(e2.errMsg).toContain('E11000')
    expect((await sdk(c.doc(other._id).get())).data.openid).toBe('dup-3')
  })

  test('oversize document is refused', async () => {
    const big = 'x'.repeat(16 * 1024 * 1024 + 10)
    const e = await sdkError(t.db.collection('audit').add({ data: { big } }))
    expect(e.errCode).toBe(-502001)
    expect(t.localCloud.database.count('audit')).toBe(0)
  })

  test('malformed bodies, unknown actions and invalid EJSON get the cloud error and the server keeps serving', async () => {
    const post = async (body: string): Promise<{ code?: string }> =>
      (
        await fetch(`${t.localCloud.adminUrl}?env=linli-local`, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json' },
        })
      ).json() as Promise<{ code?: string }>
    expect((await post('{not json')).code).toBe('INVALID_PARAM')
    expect((await post('{"action":"database.nope"}')).code).toBe('INVALID_PARAM')
    expect(
      (
        await post(
          JSON.stringify({
            action: 'database.insertDocument',
            collectionName: 'audit',
            data: ['{"n":{"$numberInt":"x"}}'],
          }),
        )
      ).code,
    ).toBe('INVALID_PARAM')
    expect(
      (await post(JSON.stringify({ action: 'database.getDocument', collectionName: 'audit', query: '{bad' })))
        .code,
    ).toBe('INVALID_PARAM')
    expect(
      (
        await post(
          JSON.stringify({
            action: 'database.insertDocument',
            collectionName: 'audit',
            data: ['{"$bad":1}'],
          }),
        )
      ).code,
    ).toBe('INVALID_PARAM')
    expect(t.localCloud.database.count('audit')).toBe(0)
    expect((await sdk(t.db.collection('audit').add({ data: { ok: true } })))._id).toBeTruthy()
  })
})

describe('indexes', () => {
  test('an indexed where().orderBy().limit() examines only the page, not the collection', async () => {
    const docs = Array.from({ length: 5000 }, (_x, i) => ({
      committeeId: `c${i % 10}`,
      status: i % 3 === 0 ? 'open' : 'closed',
      createdAt: new Date(1_700_000_000_000 + i * 1000),
      i,
    }))
    await t.localCloud.database.insertMany('demands', docs)
    const res = await sdk(
      t.db
        .collection('demands')
        .where({ committeeId: 'c3', status: 'open' })
        .orderBy('createdAt', 'desc')
        .limit(20)
        .get(),
    )
    const expected = docs
      .filter((d) => d.committeeId === 'c3' && d.status === 'open')
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .slice(0, 20)
      .map((d) => d.i)
    expect(res.data.map((d: { i: number }) => d.i)).toEqual(expected)
    const plan = t.localCloud.database.lastPlan('demands')
    expect(plan?.index).toBe('committee_status_created')
    expect(plan?.examined).toBe(20)
    // A range on the next key narrows the walk too.
    const since = new Date(1_700_000_000_000 + 4000 * 1000)
    const r2 = await sdk(
      t.db
        .collection('demands')
        .where({ status: 'open', dueAt: t.db.command.lte(since) })
        .count(),
    )
    expect(r2.total).toBe(0)
    const r3 = await sdk(
      t.db
        .collection('demands')
        .where({
          committeeId: t.db.command.in(['c1', 'c2']),
          status: 'open',
          createdAt: t.db.command.gte(since),
        })
        .get(),
    )
    expect(r3.data.length).toBe(
      docs.filter((d) => ['c1', 'c2'].includes(d.committeeId) && d.status === 'open' && d.createdAt >= since)
        .length,
    )
    expect(t.localCloud.database.lastPlan('demands')?.examined).toBe(r3.data.length)
  })
})
