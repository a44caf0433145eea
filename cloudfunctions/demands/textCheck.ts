/** WeChat's content security check (内容安全): 87014 means the text is not allowed. */
import type { cloud as Cloud } from '../shared/cloud'
import { invalid } from '../shared/errors'

export async function checkText(cloud: typeof Cloud, content: string, path = 'text'): Promise<void> {
  try {
    await cloud.openapi.security.msgSecCheck({ content })
  } catch (err) {
    if ((err as { errCode?: number })?.errCode === 87014)
      throw invalid(path, '内容含有不当信息，请修改后再提交')
    throw err
  }
}
