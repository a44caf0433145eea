import { Input, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { Phone } from '../../../../types/common'
import { call } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { useSubmit } from '@/shared/hooks/useSubmit'
import { FormField, PageShell, QueryView, PageHero, useFieldErrors } from '@/shared/ui'
import { toastError } from '@/shared/api'
import '../../community.scss'

function ProfileForm({ name: name0, phone: phone0 }: { name?: string; phone?: string }) {
  const [name, setName] = useState(name0 ?? '')
  const [phone, setPhone] = useState(phone0 ?? '')
  const { errors, check, clear, fromServer } = useFieldErrors(['name', 'phone'])
  const [saving, update] = useSubmit(
    async () => {
      await call('community', 'updateProfile', { name: name.trim(), phone: phone.trim() })
      void Taro.showToast({ title: '已保存', icon: 'success' })
      void Taro.navigateBack()
    },
    (e) => {
      if (!fromServer(e)) toastError(e)
    },
  )
  async function save() {
    const ok = check({
      name: !name.trim() && '请填写姓名',
      // The contract's own rule and words (types/common.ts Phone).
      phone:
        phone.trim() !== '' &&
        !Phone.safeParse(phone.trim()).success &&
        (Phone.safeParse(phone.trim()).error?.issues[0]?.message ?? '请输入11位手机号'),
    })
    if (ok) await update()
  }
  return (
    <View>
      <FormField name="name" label="姓名" required error={errors.name}>
        {(a11y) => (
          <Input
            className="cm-input"
            id="profile-name"
            value={name}
            maxlength={20}
            onInput={(e) => {
              setName(e.detail.value)
              clear('name')
            }}
            {...({ 'aria-label': a11y['aria-label'], nativeProps: a11y.nativeProps } as object)}
          />
        )}
      </FormField>
      <FormField
        name="phone"
        label="手机号（可不填）"
        hint="工作人员平时只看到中间打星号的号码，例如 138****1234；楼长要给您打电话时才能点开完整号码，每次点开都会留下记录。"
        error={errors.phone}
      >
        {(a11y) => (
          <Input
            className="cm-input"
            id="profile-phone"
            type="number"
            value={phone}
            maxlength={11}
            onInput={(e) => {
              setPhone(e.detail.value)
              clear('phone')
            }}
            {...({ 'aria-label': a11y['aria-label'], nativeProps: a11y.nativeProps } as object)}
          />
        )}
      </FormField>
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
