import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ElderSwitch, EmptyState, PageShell, QueryView, Section, Tile, PageHero } from '@/shared/ui'
import { useElderMode } from '@/shared/prefs'
import { bindingAddress, BINDING_STATUS, COMMUNITY_ROUTES, shortDate } from '../../format'
import { useFollowFromParams } from '../../useFollowFromParams'
import { useHomeData } from './useHomeData'
import '../../community.scss'

/** 首页: my committee and its notices; a committee QR code or link lands here and follows it. */
export default function Home() {
  const query = useHomeData()
  const elder = useElderMode()
  useFollowFromParams(() => void query.reload())

  const go = (url: string) => () => void Taro.navigateTo({ url })
  return (
    <PageShell className="home">
      <QueryView query={query}>
        {({ me, notices }) => (
          <View>
            <PageHero
              title={me.profile.name ? `${me.profile.name}，您好` : '您好'}
              subtitle="有事找居委会，在这里就能办。"
            />
            {/* The first screen in WeChat: offered here until it is on (then 我的 turns it off). */}
            {!elder && <ElderSwitch id="elder-mode-first" />}
            <Section title="我的居委会">
              {me.committees.length === 0 ? (
                <EmptyState
                  title="您还没有关注居委会"
                  description="关注后，就能收到社区通知，也能直接提诉求。"
                  actionText="去关注居委会"
                  onAction={go(COMMUNITY_ROUTES.committees)}
                />
              ) : (
                <>
                  {me.committees.map((c) => {
                    const binding = me.bindings.find((b) => b.committeeId === c.id)
                    return (
                      <View key={c.id} className="card" id={`committee-${c.id}`}>
                        <Text className="card__title">{c.name}</Text>
                        <Text className="card__meta">{[c.address, c.phone].filter(Boolean).join(' · ')}</Text>
                        {binding ? (
                          <Text className={`card__body cm-status--${binding.status}`}>
                            我家：{bindingAddress(binding)}（{BINDING_STATUS[binding.status]}）
                          </Text>
                        ) : null}
                      </View>
                    )
                  })}
                  {!me.bindings.some((b) => b.status !== 'declined') && (
                    <Tile
                      id="entry-bind"
                      title="绑定我家"
                      description="填上楼栋和房间号，块长确认后就能查看自家档案"
                      onClick={go(COMMUNITY_ROUTES.bind)}
                    />
                  )}
                </>
              )}
            </Section>
            {me.committees.length > 0 && (
              <Section title="社区通知">
                {notices.length === 0 ? (
                  <EmptyState
                    title="暂时没有新通知"
                    description="居委会发布通知后会显示在这里。"
                    actionText="刷新看看"
                    onAction={() => void query.reload()}
                  />
                ) : (
                  notices.map((n) => (
                    <View
                      key={n.id}
                      className="card notice-card"
                      role="button"
                      onClick={go(COMMUNITY_ROUTES.notice(n.id))}
                    >
                      <Text className="card__title">
                        {n.pinned && <Text className="cm-pinned">置顶</Text>}
                        {n.title}
                      </Text>
                      <Text className="card__meta">
                        {[n.committeeName, shortDate(n.publishedAt)].join(' · ')}
                      </Text>
                      <Text className="card__body">
                        {n.body.length > 60 ? `${n.body.slice(0, 60)}…` : n.body}
                      </Text>
                    </View>
                  ))
                )}
              </Section>
            )}
          </View>
        )}
      </QueryView>
    </PageShell>
  )
}
