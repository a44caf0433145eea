import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { call, errorText, newRequestId } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { useSubmit } from '@/shared/hooks/useSubmit'
import { PageHero, PageShell, QueryView, Section, focusable } from '@/shared/ui'
import { FORM_LABEL } from '../../../bookings/routes'
import '../learning.scss'

type Quiz = Awaited<ReturnType<typeof startQuiz>>
type Result = Awaited<ReturnType<typeof submit>>
const startQuiz = (itemId: string) => call('bookings', 'quiz', { itemId })
const submit = (quiz: Quiz, answers: number[]) =>
  call('bookings', 'submitQuiz', {
    itemId: quiz.itemId,
    version: quiz.version,
    seed: quiz.seed,
    answers,
    clientRequestId: newRequestId(),
  })

/**
 * 学习和测验: the item's current work tip is the lesson; then a short quiz made from it. Passing certifies
 * the clerk for this version of the tip.
 */
export default function Lesson() {
  const id = useRouter().params.id ?? ''
  const query = useQuery(() => call('bookings', 'item', { id }))
  const [quiz, setQuiz] = useState<Quiz | null>(null)
  const [answers, setAnswers] = useState<(number | undefined)[]>([])
  const [result, setResult] = useState<Result | null>(null)
  const [problem, setProblem] = useState('')

  const [starting, begin] = useSubmit(async () => {
    setResult(null)
    setProblem('')
    const q = await startQuiz(id)
    setQuiz(q)
    setAnswers(q.questions.map(() => undefined))
  })
  const [sending, hand] = useSubmit(
    async () => {
      if (!quiz) return
      if (answers.some((a) => a === undefined)) {
        setProblem('还有题没答，请每题都选一个')
        return
      }
      setResult(await submit(quiz, answers as number[]))
      setQuiz(null)
      void Taro.pageScrollTo({ scrollTop: 0, duration: 0 })
    },
    (e) => setProblem(errorText(e)),
  )

  return (
    <PageShell className="learning-lesson">
      <QueryView query={query}>
        {(item) => (
          <View>
            <PageHero title={item.name} />
            {result && (
              <View
                id="lr-result"
                className={`card ${result.passed ? 'lr-result--pass' : 'lr-result--fail'}`}
              >
                <Text className="card__title">
                  {result.passed ? '通过了！可以办理这个事项' : '这次没通过，再看看小贴士'}
                </Text>
                <Text className="card__meta">
                  答对 {result.correct} 题，共 {result.total} 题（答对 {result.passMark} 题算通过）
                </Text>
                {result.review
                  .filter((r) => !r.ok)
                  .map((r) => (
                    <Text key={r.prompt} className="card__body">
                      {r.prompt} 正确答案：{r.right}
                    </Text>
                  ))}
              </View>
            )}
            {!quiz && (
              <View>
                <Section title="这个事项是办什么的">
                  <Text className="card__body">{item.summary}</Text>
                </Section>
                <Section title={`要带的材料（${item.materials.length}样）`}>
                  {item.materials.map((m) => (
                    <View key={m.name} className="card">
                      <Text className="card__title">{m.name}</Text>
                      <Text className="card__meta">
                        {FORM_LABEL[m.form]} · {m.count}份{m.notes ? ` · ${m.notes}` : ''}
                      </Text>
                    </View>
                  ))}
                </Section>
                {item.eligibility.length > 0 && (
                  <Section title="办理条件">
                    {item.eligibility.map((e) => (
                      <Text key={e} className="card__body">
                        · {e}
                      </Text>
                    ))}
                  </Section>
                )}
                <Section title="收费、时限和网上办理">
                  <Text className="card__body">收费：{item.fees}</Text>
                  <Text className="card__body">时限：{item.processingTime}</Text>
                  <Text className="card__body">
                    {item.online ? '也可以在网上办' : '只能到窗口办'} ·{' '}
                    {item.cityWide ? '全市通办' : '不是全市通办'}
                  </Text>
                </Section>
                {item.lessons.length > 0 && (
                  <Section title="窗口经验（居民常缺的材料）">
                    {item.lessons.map((l) => (
                      <Text key={l.at} className="card__body">
                        {l.text}
                      </Text>
                    ))}
                  </Section>
                )}
                <Button
                  type="primary"
                  block
                  className="lr-start"
                  loading={starting}
                  onClick={() => void begin()}
                >
                  {result ? '再考一次' : '看完了，开始测验'}
                </Button>
              </View>
            )}
            {quiz && (
              <View>
                <Text className="card__meta">
                  共 {quiz.questions.length} 题，答对 {quiz.passMark} 题算通过
                </Text>
                {quiz.questions.map((q, qi) => (
                  <View key={q.prompt} className="lr-question" id={`lr-q-${qi}`}>
                    <Text className="card__title">
                      {qi + 1}. {q.prompt}
                    </Text>
                    {q.options.map((o, oi) => (
                      <View
                        key={o}
                        role="radio"
                        aria-checked={answers[qi] === oi}
                        {...focusable}
                        className={`lr-option${answers[qi] === oi ? ' lr-option--on' : ''}`}
                        onClick={() => setAnswers((a) => a.map((x, i) => (i === qi ? oi : x)))}
                      >
                        {o}
                      </View>
                    ))}
                  </View>
                ))}
                {problem && <View className="lr-banner">{problem}</View>}
                <Button
                  type="primary"
                  block
                  className="lr-submit"
                  loading={sending}
                  onClick={() => void hand()}
                >
                  交卷
                </Button>
              </View>
            )}
          </View>
        )}
      </QueryView>
    </PageShell>
  )
}
