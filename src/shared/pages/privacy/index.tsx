import { Text, View } from '@tarojs/components'
import { PageShell, Section, PageHero } from '../../ui'

const SECTIONS: { title: string; lines: string[] }[] = [
  {
    title: '我们用到哪些信息',
    lines: [
      '您的姓名和手机号：方便居委会联系您。',
      '您家的住址（小区、楼栋、房间）和家庭成员情况：居委会上门走访、提供帮助时要用。',
      '您提的诉求、预约的办事时间和您的评价：用来跟进处理、提醒您按时办事。',
      '微信给每位用户的编号：用来认出是您本人，我们看不到您的微信密码和聊天内容。',
    ],
  },
  {
    title: '为什么要用这些信息',
    lines: [
      '为了把您的事情交给对的人处理，并按时给您答复。',
      '为了让块长知道哪些家庭需要多关心，比如独居老人。',
      '我们不会把您的信息用于广告，也不会卖给任何人。',
    ],
  },
  {
    title: '谁能看到',
    lines: [
      '您所在社区居委会的工作人员和负责您家的块长。',
      '社区事务受理服务中心的窗口工作人员：只看到您预约办理的事项。',
      '街道办工作人员：只看到全街道的汇总数字，看不到某一户的家庭档案。',
      '工作人员每次查看家庭档案都会被记录下来。',
    ],
  },
  {
    title: '怎样查看、更正、导出或删除',
    lines: [
      '查看和更正：在“我的”里打开“我的家庭档案”，有错可以直接提出更正。',
      '导出：在“我的”里可以把自己的信息导出保存。',
      '删除：请联系您所在的居委会，工作人员核实身份后会为您删除。',
      '您也可以随时在微信“设置—隐私”里撤回授权。',
    ],
  },
]

export default function Privacy() {
  return (
    <PageShell requireSignIn={false} privacyPrompt={false}>
      <PageHero title="邻里隐私保护说明" subtitle="我们只收集为您办事所需要的信息，并且只给需要的人看。" />
      {SECTIONS.map((section) => (
        <Section key={section.title} title={section.title}>
          <View className="card">
            {section.lines.map((line) => (
              <View key={line} className="privacy-line">
                <Text>{line}</Text>
              </View>
            ))}
          </View>
        </Section>
      ))}
    </PageShell>
  )
}
