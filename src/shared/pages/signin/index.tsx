import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect } from 'react'
import { ROLE_LABEL } from '../../../../types/roles'
import { useQuery } from '../../hooks/useQuery'
import { ROUTES } from '../../routes'
import { signedInOpenid, signIn, useLocalIdentity, type LocalIdentity } from '../../session'
import { ElderSwitch, EmptyState, focusable, PageShell, QueryView, PageHero } from '../../ui'
import { fetchIdentities } from './identities'
import './index.scss'

/**
 * Local sign-in (H5 only): pick one of the demo identities; its OPENID then travels in `X-WX-OPENID`.
 * In WeChat the platform knows who the user is and this page does not exist.
 */
export default function SignIn() {
  const router = useRouter()
  const switching = router.params.switch === '1'
  const current = useLocalIdentity()
  const identities = useQuery(fetchIdentities)

  useEffect(() => {
    // Opening `/` again after signing in goes straight to 首页.
    if (!switching && signedInOpenid()) void Taro.switchTab({ url: ROUTES.home })
  }, [switching])

  const pick = (identity: LocalIdentity) => {
    signIn(identity)
    void Taro.switchTab({ url: ROUTES.home })
  }

  return (
    <PageShell requireSignIn={false} navBar={false} className="signin">
      <PageHero
        title="欢迎使用邻里"
        subtitle="这是本地演示版。请选择一个身份进入，之后可以在“我的”里切换。"
      />
      <ElderSwitch id="elder-mode-first" />
      <QueryView query={identities} skeletonRows={4}>
        {(list) =>
          list.length === 0 ? (
            <EmptyState
              title="还没有可用的身份"
              description="请先准备演示数据，再刷新本页。"
              actionText="刷新"
              onAction={() => void identities.reload()}
            />
          ) : (
            <View className="identity-list">
              {list.map((identity) => (
                <View
                  key={identity.openid}
                  id={`identity-${identity.openid}`}
                  className={`identity-card${current?.openid === identity.openid ? ' identity-card--current' : ''}`}
                  role="button"
                  {...focusable}
                  hoverClass="tile--pressed"
                  onClick={() => pick(identity)}
                >
                  <View className="identity-card__avatar" aria-hidden="true">
                    <Text>{identity.name.slice(0, 1)}</Text>
                  </View>
                  <View className="identity-card__body">
                    <View className="identity-card__line">
                      <Text className="identity-card__name">{identity.name}</Text>
                      <Text className="tag">{ROLE_LABEL[identity.role] ?? identity.role}</Text>
                    </View>
                    {identity.description && (
                      <Text className="identity-card__description">{identity.description}</Text>
                    )}
                    {current?.openid === identity.openid && (
                      <Text className="identity-card__current">当前身份</Text>
                    )}
                  </View>
                </View>
              ))}
            </View>
          )
        }
      </QueryView>
    </PageShell>
  )
}
