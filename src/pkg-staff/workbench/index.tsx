import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { TemplateKey } from '../../../types/messages'
import { ROLE_LABEL, type Role } from '../../../types/roles'
import { EmptyState, PageShell, QueryView, Section, Tile, PageHero } from '@/shared/ui'
import { AlertsCard } from '@/shared/AlertsCard'
import { ROUTES } from '@/shared/routes'
import { useWorkbench } from './useWorkbench'

function open(url: string) {
  Taro.navigateTo({ url }).catch(() => {
    void Taro.showToast({ title: '这个功能还在准备中', icon: 'none' })
  })
}

/** The alerts a role's work needs: cases and visits for committee staff, digests for the secretary too. */
function alertKeys(roles: readonly Role[]): TemplateKey[] {
  if (roles.includes('committeeAdmin')) return ['demandAlert', 'visitDue', 'digest']
  if (roles.includes('blockHead')) return ['demandAlert', 'visitDue']
  return []
}

/** 工作台: the staff member's entries, by role, with what is waiting. */
export default function Workbench() {
  const query = useWorkbench()
  return (
    <PageShell className="workbench">
      <QueryView query={query} skeletonRows={4}>
        {(data) => (
          <View>
            <PageHero
              title="工作台"
              subtitle={[
                data.name,
                data.roles
                  .filter((r) => r !== 'resident')
                  .map((r) => ROLE_LABEL[r])
                  .join('、'),
              ]
                .filter(Boolean)
                .join(' · ')}
            />
            {data.tiles.length === 0 ? (
              <EmptyState
                title="您还没有工作权限"
                description="请向居委会书记或街道工作人员要一个邀请码。"
                actionText="回到我的"
                onAction={() => void Taro.switchTab({ url: ROUTES.me })}
              />
            ) : (
              <Section title="今天要做的">
                {data.tiles.map((tile) => (
                  <Tile
                    key={tile.key}
                    id={`tile-${tile.key}`}
                    title={tile.title}
                    description={tile.description}
                    badge={tile.badge}
                    onClick={() => open(tile.url)}
                  />
                ))}
              </Section>
            )}
            {alertKeys(data.roles).length > 0 && (
              <AlertsCard
                keys={alertKeys(data.roles)}
                showUnreachable={data.roles.includes('committeeAdmin')}
              />
            )}
          </View>
        )}
      </QueryView>
    </PageShell>
  )
}
