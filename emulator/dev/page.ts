/** The dev console page: one self-contained HTML file (zh-CN) over the JSON API in ./index.ts. */
export const DEV_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>邻里 · 开发者控制台</title>
<style>
body{font:14px/1.6 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC",sans-serif;margin:0;color:#222;background:#f6f7f9}
header{background:#07c160;color:#fff;padding:.8em 1.2em}header h1{margin:0;font-size:1.3em}header span{opacity:.85}
main{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:1em;padding:1em}
section{background:#fff;border-radius:8px;padding:1em;box-shadow:0 1px 2px rgba(0,0,0,.08);overflow:auto;max-height:32em}
h2{font-size:1.05em;margin:0 0 .6em}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:.3em .4em;text-align:left;vertical-align:top}
th{color:#666;font-weight:500}button{background:#07c160;color:#fff;border:0;border-radius:4px;padding:.3em .8em;cursor:pointer;margin:.1em}
button.secondary{background:#eef;color:#333}input,select{padding:.25em .4em;border:1px solid #ccc;border-radius:4px;margin:.1em}
pre{background:#f4f4f4;padding:.5em;border-radius:4px;white-space:pre-wrap;word-break:break-all;margin:.3em 0;font-size:12px}
.muted{color:#888}.err{color:#c00}.ok{color:#07a050}
</style></head>
<body>
<header><h1>邻里 · 开发者控制台</h1><span>本地云：订阅消息、定时任务、时钟、数据集合、云函数日志。仅用于本机开发。</span></header>
<p id="tokenBar" style="display:none;background:#fff4e5;margin:0;padding:.8em 1.2em">本页需要本地云令牌：请打开 <code>npm start</code> 打印的控制台网址（末尾带 <code>#token=…</code>），或粘贴数据目录里 <code>dev-token</code> 文件的内容：
<input id="tokenIn" size="40"> <button id="tokenBtn">使用</button></p>
<main>
<section><h2>演示身份</h2><table id="ids"><tr><th>OPENID</th><th>角色</th><th>姓名</th><th>说明</th></tr></table></section>

<section><h2>时钟</h2>
<p>当前本地云时间：<b id="now">…</b>（偏移 <span id="offset">0</span> 毫秒）</p>
<button data-shift="3600000">+1 小时</button><button data-shift="86400000">+1 天</button><button data-shift="604800000">+7 天</button>
<button class="secondary" id="resetClock">恢复真实时间</button>
<p><input id="setNow" placeholder="2026-01-01T09:00:00+08:00" size="28"><button id="setNowBtn">设为此时间</button></p>
<p class="muted">移动时钟后，到期的定时任务会自动触发（每个任务只触发一次）。</p></section>

<section><h2>订阅消息</h2>
<p>用户：<select id="msgUser"></select> <label><input type="checkbox" id="msgAll"> 包括被拒绝的（43101）</label> <button id="msgLoad">刷新</button></p>
<p>授权模板：<input id="grantTpl" value="demandUpdate" size="18"> 次数 <input id="grantCount" value="1" size="3"> <button id="grantBtn">添加授权</button> <span id="grantOut" class="muted"></span></p>
<table id="msgs"></table></section>

<section><h2>定时任务</h2><table id="timers"></table><h2 style="margin-top:1em">最近触发</h2><table id="fires"></table></section>

<section><h2>数据集合</h2>
<p><select id="coll"></select> 最多 <input id="collLimit" value="20" size="4"> 条（最新在前） <button id="collLoad">查看</button> <span id="collTotal" class="muted"></span></p>
<div id="docs"></div></section>

<section><h2>云函数</h2><table id="fns"></table>
<h2 style="margin-top:1em">日志</h2>
<p>函数 <select id="logFn"><option value="">全部</option></select> 请求 ID <input id="logRid" size="22"> <button id="logLoad">查看</button></p>
<div id="logs"></div></section>
</main>
<script>
const $ = (id) => document.getElementById(id)
const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c])
// The token arrives in the URL's fragment, which never reaches a server or a Referer; kept for this tab only.
const tokenMatch = /(?:^#|&)token=([^&]+)/.exec(location.hash)
if (tokenMatch) { sessionStorage.setItem('linliDevToken', decodeURIComponent(tokenMatch[1])); history.replaceState(null, '', location.pathname) }
const token = () => sessionStorage.getItem('linliDevToken') || ''
async function api(path, body) {
  const headers = { 'x-linli-dev-token': token() }
  const res = await fetch('/_dev/api/' + path, body === undefined ? { headers } : { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) })
  if (res.status === 403) $('tokenBar').style.display = 'block'
  const json = await res.json()
  if (!res.ok) throw new Error(json.error || res.status)
  return json
}
const row = (cells, tag = 'td') => '<tr>' + cells.map((c) => '<' + tag + '>' + c + '</' + tag + '>').join('') + '</tr>'
const fmt = (d) => d ? new Date(d).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : ''

async function loadIdentities() {
  const ids = await api('identities')
  $('ids').innerHTML = row(['OPENID', '角色', '姓名', '说明'], 'th') + ids.map((i) => row([esc(i.openid), esc(i.role), esc(i.name), esc(i.description)])).join('')
  $('msgUser').innerHTML = ids.map((i) => '<option value="' + esc(i.openid) + '">' + esc(i.name) + '（' + esc(i.openid) + '）</option>').join('')
}
async function loadClock() {
  const c = await api('clock')
  $('now').textContent = fmt(c.now)
  $('offset').textContent = c.offsetMs
}
async function shiftClock(ms) {
  const c = await api('clock')
  await api('clock', { offsetMs: c.offsetMs + ms })
  await Promise.all([loadClock(), loadTimers()])
}
async function loadMessages() {
  const user = $('msgUser').value
  const list = await api('messages?touser=' + encodeURIComponent(user) + ($('msgAll').checked ? '&all=1' : ''))
  $('msgs').innerHTML = row(['时间', '模板', '状态', '内容', '页面'], 'th') + (list.length ? list.map((m) => row([
    esc(fmt(m.sentAt)), esc(m.templateId), m.status === 'sent' ? '<span class="ok">已发送</span>' : '<span class="err">被拒绝 43101</span>',
    Object.entries(m.data || {}).map(([k, v]) => esc(k) + '：' + esc(v.value)).join('<br>'), esc(m.page)])).join('') : row(['<span class="muted">没有消息</span>', '', '', '', '']))
}
async function grant() {
  try {
    const r = await api('grants', { openid: $('msgUser').value, templateIds: $('grantTpl').value.split(/[,，\\s]+/).filter(Boolean), count: Number($('grantCount').value) })
    $('grantOut').textContent = r.grants.map((g) => g.templateId + ' 剩余 ' + g.remaining).join('，')
  } catch (e) { $('grantOut').textContent = '失败：' + e.message }
}
async function loadTimers() {
  const t = await api('timers')
  $('timers').innerHTML = row(['函数', '触发器', 'cron', '下次触发', ''], 'th') + t.timers.map((x) => row([esc(x.fn), esc(x.trigger), '<code>' + esc(x.cron) + '</code>', esc(fmt(x.next)),
    '<button data-fire="' + esc(x.fn) + '" data-trigger="' + esc(x.trigger) + '">立即触发</button>'])).join('')
  $('fires').innerHTML = row(['时间', '函数/触发器', '方式', '结果'], 'th') + t.history.slice(0, 20).map((f) => row([esc(fmt(f.time)), esc(f.fn + '/' + f.trigger), f.scheduled ? '按计划' : '手动',
    f.ok ? '<span class="ok">成功</span> <span class="muted">' + esc(f.requestId) + '</span>' : '<span class="err">' + esc(f.error) + '</span>'])).join('')
}
async function fire(fn, trigger) {
  try { const r = await api('timers/' + encodeURIComponent(fn) + '/fire', { trigger }); alert(fn + '/' + trigger + '：' + JSON.stringify(r.result ?? r.error).slice(0, 500)) }
  catch (e) { alert('触发失败：' + e.message) }
  loadTimers()
}
async function loadCollections() {
  const r = await api('collections')
  $('coll').innerHTML = r.collections.map((c) => '<option>' + esc(c) + '</option>').join('')
}
async function loadDocs() {
  const r = await api('collections/' + encodeURIComponent($('coll').value) + '?limit=' + Number($('collLimit').value || 20))
  $('collTotal').textContent = '共 ' + r.total + ' 条'
  $('docs').innerHTML = r.items.length ? r.items.map((d) => '<pre>' + esc(JSON.stringify(d, null, 2)) + '</pre>').join('') : '<p class="muted">空</p>'
}
async function loadFunctions() {
  const fns = await api('functions')
  $('fns').innerHTML = row(['函数', '实例', '忙', '排队', '调用', '冷启动', '失败', '超时', '时限'], 'th') + fns.map((f) => row([esc(f.name), f.instances, f.busy, f.queued, f.invocations, f.coldStarts, f.failures, f.timeouts, f.timeoutMs / 1000 + ' 秒'])).join('')
  const cur = $('logFn').value
  $('logFn').innerHTML = '<option value="">全部</option>' + fns.map((f) => '<option' + (f.name === cur ? ' selected' : '') + '>' + esc(f.name) + '</option>').join('')
}
async function loadLogs() {
  const q = new URLSearchParams({ limit: '200' })
  if ($('logFn').value) q.set('fn', $('logFn').value)
  if ($('logRid').value.trim()) q.set('requestId', $('logRid').value.trim())
  const logs = await api('logs?' + q)
  $('logs').innerHTML = logs.length ? '<pre>' + logs.reverse().map((l) => esc(l.ts.slice(11, 19) + ' ' + l.fn + ' ' + l.requestId + ' ' + (l.level === 'error' ? '[错误] ' : '') + l.text)).join('\\n') + '</pre>' : '<p class="muted">没有日志</p>'
}
document.addEventListener('click', (e) => {
  const b = e.target.closest('button')
  if (!b) return
  if (b.dataset.shift) shiftClock(Number(b.dataset.shift))
  if (b.dataset.fire) fire(b.dataset.fire, b.dataset.trigger)
})
$('resetClock').onclick = async () => { await api('clock', { offsetMs: 0 }); loadClock(); loadTimers() }
$('setNowBtn').onclick = async () => { try { await api('clock', { now: $('setNow').value }); loadClock(); loadTimers() } catch (e) { alert(e.message) } }
$('msgLoad').onclick = loadMessages; $('msgUser').onchange = loadMessages; $('msgAll').onchange = loadMessages
$('grantBtn').onclick = grant; $('collLoad').onclick = loadDocs; $('logLoad').onclick = loadLogs
$('tokenBtn').onclick = () => { sessionStorage.setItem('linliDevToken', $('tokenIn').value.trim()); location.reload() }
const safe = (f) => f().catch((e) => console.error(e))
safe(async () => { await loadIdentities(); await loadMessages() })
safe(loadClock); safe(loadTimers); safe(loadCollections); safe(loadFunctions); safe(loadLogs)
setInterval(() => { safe(loadClock); safe(loadFunctions) }, 5000)
</script>
</body></html>`
