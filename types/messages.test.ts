import {
  misfit,
  TEMPLATES,
  templateId,
  templateIds,
  templateKeyOf,
  TemplateKey,
  valueProblem,
} from './messages'

describe('template registry', () => {
  it.each(TemplateKey.options)('the sample of %s fits its own template', (key) => {
    const data = Object.fromEntries(Object.entries(TEMPLATES[key].fields).map(([k, v]) => [k, { value: v }]))
    expect(misfit(key, data)).toBeUndefined()
  })
  it('names a stray, a missing and an over-long field', () => {
    const base = {
      thing1: { value: '居住证' },
      time2: { value: '2026-11-25 09:00' },
      thing3: { value: '带材料' },
    }
    expect(misfit('bookingReminder', { ...base, phrase2: { value: '已办结' } })?.field).toBe('phrase2')
    expect(misfit('bookingReminder', { thing1: base.thing1, thing3: base.thing3 })?.field).toBe('time2')
    expect(misfit('bookingReminder', { ...base, thing1: { value: '一'.repeat(21) } })?.field).toBe('thing1')
  })
  it('checks shapes by type', () => {
    expect(valueProblem('phrase2', '处理中')).toBeUndefined()
    expect(valueProblem('phrase2', 'ok')).toBeDefined()
    expect(valueProblem('time3', '2026-11-23 14:05')).toBeUndefined()
    expect(valueProblem('time3', '2026-11-22~2026-11-28')).toBeUndefined()
    expect(valueProblem('time3', '明天')).toBeDefined()
    expect(valueProblem('name1', '王秀英')).toBeUndefined()
    expect(valueProblem('name1', '王'.repeat(11))).toBeDefined()
  })
  it('maps ids both ways; a configured id replaces the key', () => {
    const env = { LINLI_TEMPLATE_demandAlert: 'AbC123xyz' }
    expect(templateId('demandAlert', env)).toBe('AbC123xyz')
    expect(templateKeyOf('AbC123xyz', env)).toBe('demandAlert')
    expect(templateKeyOf('demandAlert', env)).toBeUndefined()
  })
  it('stands a key in for its id on the local cloud only; deployed, an unset id is no id', () => {
    expect(templateId('digest', { LINLI_LOCAL_CLOUD: '1' })).toBe('digest')
    expect(templateId('digest', {})).toBeUndefined()
    expect(templateIds({ LINLI_TEMPLATE_digest: 'T-1' })).toEqual({ digest: 'T-1' })
  })
})
