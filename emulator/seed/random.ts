/** Deterministic randomness for demo data: the same seed gives the same sub-district every time. */
export interface Rng {
  next(): number
  int(min: number, max: number): number
  pick<T>(items: readonly T[]): T
  chance(p: number): boolean
}

export function createRng(seed = 20261123): Rng {
  let a = seed >>> 0
  const next = () => {
    // mulberry32
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
  }
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'
const GIVEN_OLD = [
  '秀英',
  '桂兰',
  '凤英',
  '玉兰',
  '淑珍',
  '建国',
  '国强',
  '志明',
  '德胜',
  '福生',
  '秀珍',
  '金凤',
  '振华',
  '保国',
  '树林',
]
const GIVEN_MID = [
  '丽华',
  '海燕',
  '建军',
  '红梅',
  '卫东',
  '晓东',
  '春燕',
  '志刚',
  '文静',
  '雪梅',
  '永强',
  '立新',
  '爱华',
  '明辉',
]
const GIVEN_YOUNG = [
  '子涵',
  '浩然',
  '欣怡',
  '宇航',
  '梓萱',
  '一诺',
  '思远',
  '雨桐',
  '嘉怡',
  '俊杰',
  '佳琪',
  '天宇',
  '若汐',
  '博文',
]

export function personName(rng: Rng, birthYear: number): string {
  const surname = SURNAMES[rng.int(0, SURNAMES.length - 1)]
  const pool = birthYear < 1960 ? GIVEN_OLD : birthYear < 1990 ? GIVEN_MID : GIVEN_YOUNG
  return surname + rng.pick(pool)
}

export function mobile(rng: Rng): string {
  return `1${rng.pick(['3', '5', '7', '8', '9'])}${String(rng.int(0, 999999999)).padStart(9, '0')}`
}
