import { cadenceProblems } from './rules'

const ok = { A: '90', B: '60', C: '14', weeklyTarget: '' }

it('gives the value to send when every box is right', () => {
  expect(cadenceProblems(ok, false)).toEqual({ problems: {}, value: { A: 90, B: 60, C: 14 } })
  expect(cadenceProblems({ ...ok, weeklyTarget: '20' }, true).value).toEqual({
    A: 90,
    B: 60,
    C: 14,
    weeklyTarget: 20,
  })
})

it('names each wrong box in plain words', () => {
  expect(cadenceProblems({ ...ok, A: '', C: '120' }, false).problems).toEqual({
    A: '请填写天数',
    C: '最多90天',
  })
  expect(cadenceProblems({ ...ok, B: '3' }, false).problems).toEqual({ B: '至少7天' })
  expect(cadenceProblems(ok, true).problems).toEqual({ weeklyTarget: '请填写每周走访户数' })
  expect(cadenceProblems({ ...ok, weeklyTarget: '900' }, true).problems).toEqual({
    weeklyTarget: '每周目标要在1到500户之间',
  })
})
