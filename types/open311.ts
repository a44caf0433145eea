/**
 * Open311 GeoReport v2 (开放市民诉求接口): partners (a 12345 hotline bridge, a district dashboard, another app)
 * read public demands and file new ones through the `open311` function, served over CloudBase's HTTP access
 * service. Officers issue and revoke the partners' keys (合作方密钥) for their sub-district; this is that
 * contract, the stored key and call-log documents, and the Open311 field lists the function answers with.
 */
import { z } from 'zod'
import { action } from './contract'
import { ClientRequestId, DateLike, Id, IsoDateTime } from './common'
import { DEMAND_TAXONOMY, type DemandCategory, type DemandStatus } from './demands'

// ---- the wire format (wiki.open311.org/GeoReport_v2) ----------------------------------------------

/** Fields of each service in services.json / .xml, in the spec's order. */
export const SERVICE_FIELDS = [
  'service_code',
  'service_name',
  'description',
  'metadata',
  'type',
  'keywords',
  'group',
] as const
/** Fields of a service request in requests.json / .xml (GET), in the spec's order. */
export const REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
  'zipcode',
  'lat',
  'long',
  'media_url',
] as const
/** Fields of the answer to a POST: the id when created at once (never a token here), the notice, the account. */
export const POST_RESPONSE_FIELDS = ['service_request_id', 'service_notice', 'account_id'] as const
/** Fields of each attribute in a service definition. */
export const ATTRIBUTE_FIELDS = [
  'variable',
  'code',
  'datatype',
  'required',
  'datatype_description',
  'order',
  'description',
  'values',
] as const

export type Open311Status = 'open' | 'closed'
export type RequestField = (typeof REQUEST_FIELDS)[number]

/** A service definition attribute (services/{code}.json). */
export interface ServiceAttribute {
  readonly variable: boolean
  readonly code: string
  readonly datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist'
  readonly required: boolean
  readonly datatype_description: string
  readonly order: number
  readonly description: string
  readonly values?: readonly { readonly key: string; readonly name: string }[]
}

/**
 * Categories that ask partners for more than the description (services/{code}.json). An urgent safety
 * hazard is called back within two hours, so the hotline must say whether someone is in danger now.
 */
export const SERVICE_ATTRIBUTES: Partial<Record<DemandCategory, readonly ServiceAttribute[]>> = {
  safety: [
    {
      variable: true,
      code: 'danger_now',
      datatype: 'singlevaluelist',
      required: true,
      datatype_description: 'yes or no',
      order: 1,
      description: 'Is anyone in danger right now? (现在是否有人身危险)',
      values: [
        { key: 'yes', name: 'Yes (是)' },
        { key: 'no', name: 'No (否)' },
      ],
    },
  ],
  noise: [
    {
      variable: true,
      code: 'time_of_day',
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: 'day or night',
      order: 1,
      description: 'When does the noise happen? (噪声出现的时间)',
      values: [
        { key: 'day', name: 'Daytime (白天)' },
        { key: 'night', name: 'Night, 22:00–06:00 (夜间)' },
      ],
    },
  ],
}

/** English names partners' systems show next to the Chinese label. */
export const SERVICE_ENGLISH: Record<DemandCategory, { name: string; group: string; keywords: string }> = {
  sanitation: { name: 'Sanitation', group: 'Environment', keywords: 'rubbish,litter,cleaning,垃圾,卫生' },
  property: { name: 'Property management', group: 'Housing', keywords: 'property,management,物业' },
  noise: { name: 'Noise', group: 'Environment', keywords: 'noise,噪声,噪音,扰民' },
  facilities: { name: 'Public facilities', group: 'Infrastructure', keywords: 'lift,light,bench,设施,路灯' },
  neighbors: { name: 'Neighbor disputes', group: 'Community', keywords: 'dispute,neighbor,纠纷,邻里' },
  policy: { name: 'Policy questions', group: 'Community', keywords: 'policy,question,政策,咨询' },
  elderly: { name: 'Elderly care', group: 'Care', keywords: 'elderly,care,养老,老人' },
  safety: { name: 'Safety hazard (urgent)', group: 'Safety', keywords: 'hazard,danger,urgent,安全,隐患' },
  other: { name: 'Other', group: 'Community', keywords: 'other,其他' },
}

export const SERVICE_CODES = DEMAND_TAXONOMY.map((c) => c.code)

/** Demand statuses as Open311 sees them: everything still being worked on is `open`. */
export const OPEN311_STATUS: Record<DemandStatus, Open311Status> = {
  pending: 'open',
  in_progress: 'open',
  meeting: 'open',
  escalated: 'open',
  resolved: 'closed',
  rejected: 'closed',
  closed: 'closed',
}

/** POSTs one partner key may make per hour (the hotline files a few dozen a day at most). */
export const POSTS_PER_KEY_PER_HOUR = 60
/** The largest page of requests.json; the default is smaller. */
export const MAX_PAGE_SIZE = 200
export const DEFAULT_PAGE_SIZE = 50

/**
 * The fields of a POST to requests.json (form-encoded), checked before anything is written. Messages are
 * English: they go back to partners' developers in the spec's error array.
 */
export const PostRequestFields = z.object({
  api_key: z.string({ message: 'api_key is required' }).min(1, 'api_key is required').max(128),
  service_code: z.enum(SERVICE_CODES as [DemandCategory, ...DemandCategory[]], {
    message: 'service_code is not a known service (see services.json)',
  }),
  description: z
    .string({ message: 'description is required' })
    .trim()
    .min(2, 'description must be at least 2 characters')
    .max(1000, 'description must be at most 1000 characters'),
  address_id: z.string().trim().max(64).optional(),
  address_string: z.string().trim().max(200).optional(),
  lat: z.string().optional(),
  long: z.string().optional(),
  /** The partner's own case number: the same one twice files one demand. */
  token: z.string().trim().max(64).optional(),
  first_name: z.string().trim().max(40).optional(),
  last_name: z.string().trim().max(40).optional(),
  phone: z.string().trim().max(40).optional(),
  email: z.string().trim().max(120).optional(),
  device_id: z.string().trim().max(120).optional(),
  account_id: z.string().trim().max(120).optional(),
  media_url: z.string().trim().max(500).optional(),
  jurisdiction_id: z.string().trim().max(120).optional(),
})
export type PostRequestFields = z.infer<typeof PostRequestFields>

// ---- stored documents ----------------------------------------------------------------------------

/** A partner's key (合作方密钥). Only its SHA-256 is stored; the key itself is shown once, when issued. */
export const PartnerKeyDoc = z
  .object({
    _id: z.string(),
    /** Who the partner is, as the officer named them (e.g. 区12345热线). */
    name: z.string(),
    subdistrictId: Id,
    keyHash: z.string(),
    /** The first characters of the key, so an officer can tell keys apart. */
    keyPrefix: z.string(),
    createdAt: DateLike,
    createdBy: z.string(),
    createdByName: z.string(),
    revokedAt: DateLike.optional(),
    revokedBy: z.string().optional(),
    lastUsedAt: DateLike.optional(),
    calls: z.number().int().default(0),
  })
  .loose()
export type PartnerKeyDoc = z.infer<typeof PartnerKeyDoc>

/** One call a partner made with its key (调用记录). */
export const PartnerCallDoc = z
  .object({
    _id: z.string(),
    keyId: z.string(),
    subdistrictId: Id,
    at: DateLike,
    method: z.string(),
    path: z.string(),
    /** The HTTP status answered. */
    status: z.number().int(),
    serviceRequestId: z.string().optional(),
    error: z.string().optional(),
  })
  .loose()
export type PartnerCallDoc = z.infer<typeof PartnerCallDoc>

// ---- the officers' contract ----------------------------------------------------------------------

export const PartnerView = z.object({
  id: z.string(),
  name: z.string(),
  keyPrefix: z.string(),
  createdAt: IsoDateTime,
  createdByName: z.string(),
  revoked: z.boolean(),
  revokedAt: IsoDateTime.optional(),
  lastUsedAt: IsoDateTime.optional(),
  calls: z.number().int(),
})
export type PartnerView = z.infer<typeof PartnerView>

export const PartnerCallView = z.object({
  at: IsoDateTime,
  method: z.string(),
  path: z.string(),
  status: z.number().int(),
  serviceRequestId: z.string().optional(),
  error: z.string().optional(),
})
export type PartnerCallView = z.infer<typeof PartnerCallView>

export const open311Contract = {
  /** 合作方列表: the sub-district's partner keys, newest first. */
  partners: action(z.object({}), z.object({ items: z.array(PartnerView) })),
  /** 发放密钥: a new key for a named partner; the key is in the answer once and never again. */
  issueKey: action(
    z.object({
      name: z
        .string({ message: '请填写合作方名称' })
        .trim()
        .min(2, '合作方名称至少2个字')
        .max(40, '合作方名称不能超过40个字'),
      clientRequestId: ClientRequestId,
    }),
    z.object({ partner: PartnerView, key: z.string().nullable() }),
  ),
  /** 撤销密钥: the key stops working at once; its call log stays. */
  revokeKey: action(z.object({ id: Id }), z.object({ partner: PartnerView })),
  /** 调用记录: a partner's most recent calls. */
  partnerCalls: action(z.object({ id: Id }), z.object({ items: z.array(PartnerCallView) })),
} as const
