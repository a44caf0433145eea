import { callUntyped } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'

/**
 * The sub-district summary. Placeholder until the reports feature types `reports.summary` and replaces
 * this hook: it shows whichever labelled figures the action returns.
 */
export interface Figure {
  key: string
  label: string
  value: number | string
}

export function useOfficeSummary() {
  return useQuery(async () => {
    const r = await callUntyped<{ figures?: Figure[]; [k: string]: unknown }>('reports', 'summary', {})
    if (Array.isArray(r.figures)) return r.figures
    return Object.entries(r)
      .filter(([, v]) => typeof v === 'number')
      .map(([key, value]) => ({ key, label: key, value: value as number }))
  })
}
