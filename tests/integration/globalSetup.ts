/** Builds the cloud functions once per jest run; every integration test loads these bundles. */
export default async function globalSetup(): Promise<void> {
  process.env.TENCENTCLOUD_SECRETID ??= 'local'
  process.env.TENCENTCLOUD_SECRETKEY ??= 'local'
  process.env.SUMERU_ENV ??= 'test'
  const { buildFunctions } = await import('../../cloudfunctions/build')
  await buildFunctions({ minify: false })
}
