/** The dev console page: one self-contained HTML file (zh-CN) over the JSON API in ./index.ts. */
export const DEV_PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>邻里 · 开发者控制台</title></head>
<body><h1>邻里 · 开发者控制台</h1><p>JSON API: <a href="/_dev/api/identities">/_dev/api/identities</a></p></body></html>`
