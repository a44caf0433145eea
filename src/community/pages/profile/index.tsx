import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { call } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { useSubmit } from '@/shared/hooks/useSubmit'
import { PageShell, QueryView, PageHero } from '@/shared/ui'
import '../../community.scss'

function ProfileForm({ name: name0, phone: phone0 }: { name?: string; phone?: string }) {
  const [name, setName] = useState(name0 ?? '')
  const [phone, setPhone] = useState(phone0 ?? '')
  const [saving, update] = useSubmit(async () => {
    await call('community', 'updateProfile', { name: name.trim(), phone: phone.trim() })
    void Taro.showToast({ title: '已保存', icon: 'success' })
    void Taro.navigateBack()
  })
  async function save() {
    if (!name.trim()) return void Taro.showToast({ title: '请填写姓名', icon: 'none' })
    await update()
  }
  return (
    <View>
      <View className="cm-field">
        <Text className="cm-field__label" id="name-label">
          姓名
        </Text>
        <Input
          className="cm-input"
          id="profile-name"
          value={name}
          maxlength={20}
          onInput={(e) => setName(e.detail.value)}
          {...({ 'aria-labelledby': 'name-label' } as object)}
        />
      </View>
      <View className="cm-field">
        <Text className="cm-field__label" id="phone-label">
          手机号（可不填）
        </Text>
        <Input
          className="cm-input"
          id="profile-phone"
          type="number"
          value={phone}
          maxlength={11}
          onInput={(e) => setPhone(e.detail.value)}
          {...({ 'aria-labelledby': 'phone-label' } as object)}
        />
        <Text className="cm-hint">
          工作人员平时只看到中间打星号的号码，例如
          138****1234；楼长要给您打电话时才能点开完整号码，每次点开都会留下记录。
        </Text>
      </View>
      <Button
        id="profile-save"
        type="primary"
        size="large"
        block
        loading={saving}
        onClick={() => void save()}
      >
        保存
      </Button>
    </View>
  )
}

/** 我的资料: name and (optional) phone. */
export default function Profile() {
  const query = useQuery(() => call('community', 'me', {}))
  return (
    <PageShell className="profile">
      <PageHero title="我的资料" />
      <QueryView query={query}>
        {(me) => <ProfileForm name={me.profile.name} phone={me.profile.phone} />}
      </QueryView>
    </PageShell>
  )
}
