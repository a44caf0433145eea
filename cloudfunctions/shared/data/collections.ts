/**
 * The collection registry (集合清单): every collection of the CloudBase database, the zod schema of its
 * documents, its indexes and its permission. It is the one source of truth: the repositories in `./repo.ts`
 * parse what they read and check what they write against these schemas, and `cloudfunctions/collections.json`
 * (what the local cloud and the provisioning read) is generated from it by `npm run manifest`; a unit test
 * fails when the two disagree.
 *
 * Every collection is "functions only" (ADMINONLY): the app never reads or writes the database directly.
 */
import type { z } from 'zod'
import {
  BookingDoc,
  BookingGuardDoc,
  CertificationDoc,
  ItemVersionDoc,
  QuizAttemptDoc,
  ServiceCenterDoc,
  ServiceItemDoc,
  SlotDoc,
} from '../../../types/bookings'
import {
  AuditDoc,
  BlockDoc,
  CommitteeDoc,
  ImportJobDoc,
  InviteDoc,
  LimitDoc,
  NoticeDoc,
  ResidentDoc,
  StaffDoc,
  SubdistrictDoc,
} from '../../../types/community'
import { DemandDoc, DepartmentDoc, UploadDoc } from '../../../types/demands'
import { MessageDoc, SubscriptionDoc } from '../../../types/messages'
import { PartnerCallDoc, PartnerKeyDoc } from '../../../types/open311'
import { DigestDoc, ExportJobDoc, StatsDoc } from '../../../types/reports'
import {
  CorrectionDoc,
  HouseholdDoc,
  HouseholdVersionDoc,
  OnlineVisitDoc,
  TalentDoc,
  VisitDoc,
  VisitSettingsDoc,
} from '../../../types/visits'

/** A stored document's schema: an object with a string `_id`. */
export type DocSchema = z.ZodObject<{ _id: z.ZodType<string> } & z.ZodRawShape>

export interface IndexSpec {
  readonly name: string
  readonly keys: readonly { readonly field: string; readonly direction: 1 | -1 }[]
  readonly unique?: boolean
  /** With `unique`: documents missing every indexed field are not checked (MongoDB's sparse). */
  readonly sparse?: boolean
}

export interface CollectionSpec<S extends DocSchema = DocSchema> {
  readonly schema: S
  readonly indexes: readonly IndexSpec[]
}

/** An index over fields in order; a leading `-` sorts that field descending. */
function index(
  name: string,
  fields: readonly string[],
  opts: { unique?: boolean; sparse?: boolean } = {},
): IndexSpec {
  return {
    name,
    keys: fields.map((f) =>
      f.startsWith('-') ? { field: f.slice(1), direction: -1 } : { field: f, direction: 1 },
    ),
    ...opts,
  }
}

export const COLLECTIONS = {
  subdistricts: {
    schema: SubdistrictDoc,
    indexes: [],
  },
  committees: {
    schema: CommitteeDoc,
    indexes: [index('subdistrict', ['subdistrictId', 'name'])],
  },
  blocks: {
    schema: BlockDoc,
    indexes: [index('committee', ['committeeId', 'name']), index('head', ['blockHeadOpenid'])],
  },
  households: {
    schema: HouseholdDoc,
    indexes: [
      index('committee_block', ['committeeId', 'blockId']),
      index('block_due', ['blockId', 'nextDueAt']),
      index('committee_due', ['committeeId', 'nextDueAt']),
      index('resident', ['residentOpenids']),
      index('outbox_at', ['outboxAt']),
    ],
  },
  residents: {
    schema: ResidentDoc,
    indexes: [index('openid', ['openid'], { unique: true }), index('household', ['householdId'])],
  },
  staff: {
    schema: StaffDoc,
    indexes: [
      index('openid_committee', ['openid', 'committeeId']),
      index('committee_role', ['committeeId', 'role']),
      index('subdistrict_role', ['subdistrictId', 'role']),
    ],
  },
  invites: {
    schema: InviteDoc,
    indexes: [
      index('code', ['code'], { unique: true }),
      index('committee', ['committeeId', '-createdAt']),
      // A staff list's re-import finds each person's invitation by phone.
      index('subdistrict_phone', ['subdistrictId', 'phone']),
    ],
  },
  notices: {
    schema: NoticeDoc,
    indexes: [index('committee_published', ['committeeId', '-publishedAt'])],
  },
  demands: {
    schema: DemandDoc,
    indexes: [
      index('committee_due', ['committeeId', 'dueAt']),
      index('committee_status_due', ['committeeId', 'status', 'dueAt']),
      index('committee_block_status_due', ['committeeId', 'blockId', 'status', 'dueAt']),
      index('committee_assignee_status_due', ['committeeId', 'assigneeOpenid', 'status', 'dueAt']),
      index('committee_updated', ['committeeId', '-updatedAt']),
      index('resident_submitted', ['residentOpenid', '-submittedAt']),
      index('resident_day', ['residentOpenid', 'submittedDay']),
      index('status_next_alert', ['status', 'nextAlertAt']),
      index('status_auto_close', ['status', 'autoCloseAt']),
      index('committee_status_created', ['committeeId', 'status', '-createdAt']),
      index('committee_submitted', ['committeeId', 'submittedAt']),
      index('outbox_at', ['outboxAt']),
      // 附近已有类似问题: a committee's open public cases, newest first.
      index('committee_public_status_submitted', ['committeeId', 'visibility', 'status', '-submittedAt']),
      // 我的诉求 includes the neighbours' cases the resident joined.
      index('followers_submitted', ['followers', '-submittedAt']),
      index('subdistrict_status_due', ['subdistrictId', 'status', 'dueAt']),
    ],
  },
  departments: {
    schema: DepartmentDoc,
    indexes: [index('subdistrict_kind', ['subdistrictId', 'kind'])],
  },
  serviceCenters: {
    schema: ServiceCenterDoc,
    indexes: [index('subdistrict', ['subdistrictId'])],
  },
  serviceItems: {
    schema: ServiceItemDoc,
    indexes: [index('center_category', ['centerId', 'category'])],
  },
  slots: {
    schema: SlotDoc,
    indexes: [index('center_date', ['centerId', 'date', 'startTime'])],
  },
  bookings: {
    schema: BookingDoc,
    indexes: [
      index('slot', ['slotId']),
      index('openid_created', ['openid', '-createdAt']),
      index('center_date', ['centerId', 'date']),
      index('client_request', ['openid', 'clientRequestId']),
      index('date_status', ['date', 'status']),
      index('center_date_number', ['centerId', 'date', 'number']),
      index('settle', ['settleAt']),
    ],
  },
  bookingGuards: {
    schema: BookingGuardDoc,
    indexes: [index('openid_date', ['openid', 'date'])],
  },
  itemVersions: {
    schema: ItemVersionDoc,
    indexes: [index('item_version', ['itemId', '-version'])],
  },
  certifications: {
    schema: CertificationDoc,
    indexes: [index('center_item', ['centerId', 'itemId']), index('openid', ['openid'])],
  },
  quizAttempts: {
    schema: QuizAttemptDoc,
    indexes: [index('openid_item_at', ['openid', 'itemId', '-at'])],
  },
  visits: {
    schema: VisitDoc,
    indexes: [
      index('household_visited', ['householdId', '-visitedAt']),
      index('committee_visited', ['committeeId', 'visitedAt']),
      index('visitor', ['visitorOpenid', 'visitedAt']),
      // The relay's scan for visits still carrying what they caused (VisitOutbox).
      index('outbox_at', ['outboxAt']),
    ],
  },
  messages: {
    schema: MessageDoc,
    indexes: [
      index('status_next', ['status', 'nextAttemptAt']),
      index('touser_created', ['touser', '-createdAt']),
      index('dedupe', ['dedupeKey'], { unique: true, sparse: true }),
      index('status_lease', ['status', 'leaseUntil']),
      index('status_created', ['status', 'createdAt']),
    ],
  },
  subscriptions: {
    schema: SubscriptionDoc,
    indexes: [index('openid_template', ['openid', 'templateId'])],
  },
  talents: {
    schema: TalentDoc,
    indexes: [index('committee', ['committeeId', 'createdAt']), index('block', ['blockId', 'createdAt'])],
  },
  stats: {
    schema: StatsDoc,
    indexes: [
      index('committee_date', ['committeeId', 'date']),
      index('date', ['date']),
      index('subdistrict_date', ['subdistrictId', 'date']),
    ],
  },
  digests: {
    schema: DigestDoc,
    indexes: [index('subdistrict_kind_period', ['subdistrictId', 'kind', '-periodStart'])],
  },
  audit: {
    schema: AuditDoc,
    indexes: [index('subject_at', ['subjectId', '-at']), index('actor_at', ['actorOpenid', '-at'])],
  },
  householdVersions: {
    schema: HouseholdVersionDoc,
    indexes: [index('household_version', ['householdId', '-version'])],
  },
  onlineVisits: {
    schema: OnlineVisitDoc,
    indexes: [
      index('recipient_status', ['recipients', 'status']),
      index('household_sent', ['householdId', '-sentAt']),
      index('outbox_at', ['outboxAt']),
    ],
  },
  householdCorrections: {
    schema: CorrectionDoc,
    indexes: [
      index('block_status', ['blockId', 'status']),
      index('household_created', ['householdId', 'createdAt']),
      index('openid_created', ['openid', 'createdAt']),
      index('outbox_at', ['outboxAt']),
    ],
  },
  visitSettings: {
    schema: VisitSettingsDoc,
    indexes: [],
  },
  exports: {
    schema: ExportJobDoc,
    indexes: [
      index('state_created', ['state', 'createdAt']),
      index('openid_created', ['openid', '-createdAt']),
    ],
  },
  limits: {
    schema: LimitDoc,
    // created: the daily cleanup removes counters whose window has long ended.
    indexes: [index('kind_window', ['kind', 'window']), index('created', ['createdAt'])],
  },
  uploads: {
    schema: UploadDoc,
    // at: the daily cleanup reads the oldest first.
    indexes: [index('at', ['at'])],
  },
  partnerKeys: {
    schema: PartnerKeyDoc,
    indexes: [
      index('keyHash', ['keyHash'], { unique: true }),
      index('subdistrict_created', ['subdistrictId', '-createdAt']),
    ],
  },
  imports: {
    schema: ImportJobDoc,
    indexes: [
      index('openid_created', ['openid', '-createdAt']),
      // The outbox sweep's one read for an import whose run stopped (state + lease).
      index('state_lease', ['state', 'leaseUntil']),
    ],
  },
  partnerCalls: {
    schema: PartnerCallDoc,
    indexes: [index('key_at', ['keyId', '-at'])],
  },
} as const satisfies Record<string, CollectionSpec>

export type CollectionName = keyof typeof COLLECTIONS
export const COLLECTION_NAMES = Object.keys(COLLECTIONS) as CollectionName[]
/** A document as read back (defaults applied, dates as the SDK returns them). */
export type DocOf<N extends CollectionName> = z.output<(typeof COLLECTIONS)[N]['schema']>
/** A document as written (fields with defaults may be left out). */
export type NewDocOf<N extends CollectionName> = z.input<(typeof COLLECTIONS)[N]['schema']>

/** The manifest (`cloudfunctions/collections.json`) this registry stands for. */
export function manifest() {
  return {
    collections: COLLECTION_NAMES.map((name) => ({
      name,
      permission: 'ADMINONLY' as const,
      indexes: COLLECTIONS[name].indexes.map((ix) => ({
        name: ix.name,
        keys: ix.keys.map((k) => ({ field: k.field, direction: k.direction })),
        ...(ix.unique ? { unique: true } : {}),
        ...(ix.sparse ? { sparse: true } : {}),
      })),
    })),
  }
}
