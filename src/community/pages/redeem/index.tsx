import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { ROLE_LABEL } from '../../../../types/roles'
import { call } from '@/shared/api'
import { useSubmit } from '@/shared/hooks/useSubmit'
import { ROUTES } from '@/shared/routes'
import { PageShell, PageHero } from '@/shared/ui'
import '../../community.scss'

/** 使用邀请码: the code from the committee or sub-district turns this account into a staff account. */
export default function Redeem() {
  const [code, setCode] = useState('')
  const [sending, redeem] = useSubmit(async () => {
    const { staff } = await call('community', 'redeem', { code })
    await Taro.showModal({
      title: '欢迎加入',
      content: `您现在是${staff.committeeName ?? ''}${ROLE_LABEL[staff.role]}${staff.blocks.length ? `，负责${staff.blocks.map((b) => b.name).join('、')}` : ''}。`,
      showCancel: false,
      confirmText: '去工作台',
    })
    void Taro.redirectTo({ url: ROUTES.workbench })
  })
  async function submit() {
    if (code.replace(/\s/g, '').length !== 8)
      return void Taro.showToast({ title: '邀请码是8位', icon: 'none' })
    await redeem()
  }
  return (
    <PageShell className="redeem">
      <PageHero
        title="我是工作人员"
        subtitle="请输入居委会书记或街道工作人员给您的8位邀请码。每个邀请码只能用一次。"
      />
      <View className="cm-field">
        <Text className="cm-field__label" id="code-label">
          邀请码
        </Text>
        <Input
          className="cm-input cm-code-input"
          id="redeem-code"
          value={code}
          maxlength={10}
          placeholder="例如：AB3D EF7H"
          onInput={(e) => setCode(e.detail.value.toUpperCase())}
          {...({ 'aria-labelledby': 'code-label' } as object)}
        />
      </View>
      <Button
        id="redeem-submit"
        type="primary"
        size="large"
        block
        loading={sending}
        onClick={() => void submit()}
      >
        确定
      </Button>
    </PageShell>
  )
}
