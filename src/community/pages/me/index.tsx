import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ROLE_LABEL } from '../../../../types/roles'
import { isOfficer, isStaff, rolesFrom } from '@/shared/roles'
import { ROUTES } from '@/shared/routes'
import { goToSignIn, IS_H5, useLocalIdentity } from '@/shared/session'
import { ElderSwitch, Heading, ErrorState, LoadingSkeleton, PageShell, Section, Tile } from '@/shared/ui'
import { bindingAddress, BINDING_STATUS, COMMUNITY_ROUTES } from '../../format'
import { useMe, usePendingWork } from './useMe'
import './index.scss'

/**
 * 我的: 长辈模式 and, for staff and officers, the way into 工作台 / 街道 (with what is waiting) first;
 * then profile, household and the rest.
 */
export default function Me() {
  const query = useMe()
  const identity = useLocalIdentity()
  const me = query.state.status === 'ready' ? query.state.data : undefined
  const roles = rolesFrom(me, identity?.role)
  const name = me?.profile.name ?? identity?.name
  const go = (url: string) => () => void Taro.navigateTo({ url })
  const pending = usePendingWork(roles)

  return (
    <PageShell className="me">
      <View className="me-profile card">
        <View className="me-profile__avatar" aria-hidden="true">
          <Text>{(name ?? '邻').slice(0, 1)}</Text>
        </View>
        <View className="me-profile__body">
          <Heading level={1} className="me-profile__name">
            {name ?? '邻里用户'}
          </Heading>
          <Text className="me-profile__roles">{roles.map((r) => ROLE_LABEL[r]).join('、')}</Text>
        </View>
      </View>

      <ElderSwitch />

      {(isStaff(roles) || isOfficer(roles)) && (
        <Section title="工作">
          {isStaff(roles) && (
            <Tile
              id="entry-workbench"
              title="工作台"
              description={pending === undefined ? '处理诉求、走访、预约等工作' : `有${pending}件待处理`}
              badge={pending || undefined}
              onClick={go(ROUTES.workbench)}
            />
          )}
          {isOfficer(roles) && (
            <Tile
              id="entry-office"
              title="街道工作台"
              description="全街道的汇总、摘要和分析"
              onClick={go(ROUTES.office)}
            />
          )}
        </Section>
      )}

      <Section title="我的家">
        {query.state.status === 'loading' && <LoadingSkeleton rows={1} />}
        {query.state.status === 'error' && (
          <ErrorState error={query.state.error} onRetry={() => void query.reload()} />
        )}
        {me && (
          <View className="card">
            <Text className="card__title">
              {me.committees?.length ? me.committees.map((c) => c.name).join('、') : '还没有关注居委会'}
            </Text>
            <Text className="card__meta">
              {me.bindings.length
                ? me.bindings.map((b) => `${bindingAddress(b)}（${BINDING_STATUS[b.status]}）`).join('、')
                : '还没有绑定家庭住址'}
            </Text>
          </View>
        )}
        <Tile
          id="entry-committees"
          title="关注居委会"
          description="搜索或扫码关注您家所在的居委会"
          onClick={go(COMMUNITY_ROUTES.committees)}
        />
        <Tile
          id="entry-bind"
          title="绑定我家"
          description="填上楼栋和房间号，块长确认"
          onClick={go(COMMUNITY_ROUTES.bind)}
        />
        <Tile
          id="entry-profile"
          title="我的资料"
          description="姓名和手机号"
          onClick={go(COMMUNITY_ROUTES.profile)}
        />
        <Tile
          id="entry-my-household"
          title="我家的档案"
          description="居委会记录的我家信息，可申请更正"
          onClick={go('/visits/pages/household/index')}
        />
        <Tile
          id="entry-online-visits"
          title="块长的问候"
          description="线上走访，回复一下家里的情况"
          onClick={go('/visits/pages/pending/index')}
        />
      </Section>

      {!isStaff(roles) && !isOfficer(roles) && (
        <Section title="工作人员">
          <Tile
            id="entry-redeem"
            title="我是工作人员"
            description="用邀请码开通工作台"
            onClick={go(COMMUNITY_ROUTES.redeem)}
          />
        </Section>
      )}

      <Section title="其他">
        <Tile title="隐私保护说明" description="我们用哪些信息、谁能看到" onClick={go(ROUTES.privacy)} />
        {IS_H5 && (
          <Tile
            id="switch-identity"
            title="切换身份"
            description={identity ? `当前：${identity.name}（本地演示）` : '本地演示'}
            onClick={() => goToSignIn(true)}
          />
        )}
      </Section>
    </PageShell>
  )
}
