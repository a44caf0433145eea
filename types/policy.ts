/**
 * The one authorization table: function × action × role → scope. Every action of every cloud function
 * goes through it (cloudfunctions/shared/router.ts), and the matrix test is generated from it.
 *
 * Denial rules, the same in every function:
 * - the caller has no role listed for the action → FORBIDDEN, no data;
 * - the role is listed but the object lies outside the scope → NOT_FOUND (its existence is not revealed).
 * A role missing from an entry is denied. Timer-only work is not an action and cannot be called.
 */
import type { AppContract, ContractFn } from './api'
import type { Role, Scope } from './roles'

export type Grant = Partial<Record<Role, Scope>>
/** A grant for every action of a contract and for nothing else: a missing or stray entry fails `tsc`. */
export type PolicyFor<C> = { readonly [A in keyof C]: Grant }
type PolicyTable = {
  readonly [F in FunctionName]: F extends ContractFn ? PolicyFor<AppContract[F]> : PolicyFor<object>
}
export const FUNCTION_NAMES = [
  'community',
  'demands',
  'bookings',
  'visits',
  'reports',
  'outbox',
  'open311',
] as const
export type FunctionName = (typeof FUNCTION_NAMES)[number]

const residentOnly: Grant = { resident: 'own' }
const anyone: Grant = {
  resident: 'any',
  blockHead: 'any',
  committeeAdmin: 'any',
  windowClerk: 'any',
  officer: 'any',
}
const committeeStaff: Grant = { blockHead: 'blocks', committeeAdmin: 'committee' }
/**
 * The sub-district desk (街道督办台): committee staff as above, and officers on the cases that reached the
 * sub-district — escalated, or overdue past `DESK_OVERDUE_HOURS` (cloudfunctions/demands/rules/scope.ts).
 */
const withDesk: Grant = { ...committeeStaff, officer: 'subdistrict' }

export const POLICY = {
  community: {
    me: residentOnly,
    committees: anyone,
    follow: residentOnly,
    unfollow: residentOnly,
    updateProfile: residentOnly,
    bindHousehold: residentOnly,
    notices: residentOnly,
    notice: residentOnly,
    subscribe: residentOnly,
    alerts: anyone,
    // Open to anyone signed in; the action reads the caller's records with the invitation (one request).
    redeem: { resident: 'any' },
    publishNotice: { committeeAdmin: 'committee' },
    invite: { committeeAdmin: 'committee', officer: 'subdistrict' },
    roster: { committeeAdmin: 'committee', officer: 'subdistrict' },
    units: { committeeAdmin: 'committee', officer: 'subdistrict' },
    assignBlocks: { committeeAdmin: 'committee' },
    pendingBindings: committeeStaff,
    confirmBinding: committeeStaff,
    deactivate: { committeeAdmin: 'committee', officer: 'subdistrict' },
    // The admin knows who covers what in the committee; cases never leave it.
    handover: { committeeAdmin: 'committee' },
    // Nobody has a role before the first officer exists: the setup secret is the guard, not a role.
    bootstrap: { resident: 'any' },
    // 组织架构 and imports: the sub-district sets up its own committees, blocks and centers.
    org: { officer: 'subdistrict' },
    committeeOrg: { officer: 'subdistrict' },
    saveCommittee: { officer: 'subdistrict' },
    saveBlock: { officer: 'subdistrict' },
    saveBuilding: { officer: 'subdistrict' },
    saveCenter: { officer: 'subdistrict' },
    qrCode: { officer: 'subdistrict' },
    // Imports: officers any kind; committee admins their committee's staff list (the block heads they invite).
    importTemplate: { officer: 'subdistrict', committeeAdmin: 'committee' },
    startImport: { officer: 'subdistrict', committeeAdmin: 'committee' },
    confirmImport: { officer: 'subdistrict', committeeAdmin: 'committee' },
    importStatus: { officer: 'subdistrict', committeeAdmin: 'committee' },
    // The background worker: the import's owner (its chain calls it with the owner's identity).
    continueImport: { officer: 'subdistrict', committeeAdmin: 'committee' },
  },
  demands: {
    submit: residentOnly,
    attachPhoto: residentOnly,
    photoSlot: residentOnly,
    mine: residentOnly,
    get: { resident: 'own', ...withDesk },
    rate: residentOnly,
    reopen: residentOnly,
    inbox: withDesk,
    reply: withDesk,
    toMeeting: committeeStaff,
    escalate: committeeStaff,
    transfer: withDesk,
    resolve: withDesk,
    reject: committeeStaff,
    markMicroMatter: committeeStaff,
    linkDuplicate: committeeStaff,
    // Public cases of the committees a resident follows: the scope is checked against those, masked.
    similar: residentOnly,
    join: residentOnly,
    split: committeeStaff,
    finishSubItem: committeeStaff,
    sendBack: { officer: 'subdistrict' },
    departmentAnswer: withDesk,
    transferTargets: withDesk,
    intake: committeeStaff,
  },
  bookings: {
    items: anyone,
    item: anyone,
    slots: anyone,
    book: residentOnly,
    cancel: residentOnly,
    reschedule: residentOnly,
    mine: residentOnly,
    ticket: residentOnly,
    rateService: residentOnly,
    daySheet: { windowClerk: 'center' },
    checkIn: { windowClerk: 'center' },
    serve: { windowClerk: 'center' },
    noShow: { windowClerk: 'center' },
    walkIn: { windowClerk: 'center' },
    saveItem: { windowClerk: 'center' },
    itemHistory: { windowClerk: 'center' },
    openSlots: { windowClerk: 'center' },
    closeDay: { windowClerk: 'center' },
    learningPath: { windowClerk: 'center' },
    quiz: { windowClerk: 'center' },
    submitQuiz: { windowClerk: 'center' },
    // The center head is the clerk who leads the windows; colleagues see the same table, which only says who
    // has passed which item, so no head role or flag is needed.
    coverage: { windowClerk: 'center' },
    followUp: { windowClerk: 'center' },
    plan: { windowClerk: 'center' },
    planPreview: { windowClerk: 'center' },
    savePlan: { windowClerk: 'center' },
  },
  visits: {
    myHousehold: residentOnly,
    correctHousehold: residentOnly,
    pending: residentOnly,
    respond: residentOnly,
    exportMyData: residentOnly,
    households: committeeStaff,
    household: committeeStaff,
    revealPhone: committeeStaff,
    saveHousehold: committeeStaff,
    catalogue: committeeStaff,
    record: committeeStaff,
    sendOnline: committeeStaff,
    talents: committeeStaff,
    // Cadence is the committee's rule for all its block heads, so only the admin sets it.
    setCadence: { committeeAdmin: 'committee' },
  },
  reports: {
    summary: { committeeAdmin: 'committee', officer: 'subdistrict' },
    cases: { committeeAdmin: 'committee', officer: 'subdistrict' },
    digest: { committeeAdmin: 'committee', officer: 'subdistrict' },
    sentiment: { committeeAdmin: 'committee', officer: 'subdistrict' },
    performance: { committeeAdmin: 'committee', officer: 'subdistrict' },
    export: { committeeAdmin: 'committee', officer: 'subdistrict' },
    exportStatus: { committeeAdmin: 'committee', officer: 'subdistrict' },
  },
  outbox: {},
  // Partner keys belong to a sub-district: only its officers issue, revoke and audit them.
  open311: {
    partners: { officer: 'subdistrict' },
    issueKey: { officer: 'subdistrict' },
    revokeKey: { officer: 'subdistrict' },
    partnerCalls: { officer: 'subdistrict' },
  },
} as const satisfies PolicyTable

export function grantFor(fn: FunctionName, action: string): Grant | undefined {
  const table = POLICY[fn] as Record<string, Grant>
  // Own properties only: `constructor` or `__proto__` are not actions.
  return Object.prototype.hasOwnProperty.call(table, action) ? table[action] : undefined
}

/** The widest scope the caller's roles give for an action, or undefined when none is allowed. */
export function resolveScope(grant: Grant, roles: readonly Role[]): { role: Role; scope: Scope } | undefined {
  // Staff roles first: a block head who is also a resident acts as block head on staff actions.
  const order: Role[] = ['officer', 'committeeAdmin', 'windowClerk', 'blockHead', 'resident']
  for (const role of order) {
    const scope = grant[role]
    if (scope && roles.includes(role)) return { role, scope }
  }
  return undefined
}
