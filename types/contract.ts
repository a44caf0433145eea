import type { z } from 'zod'

/** One action of a cloud function: what it takes and what it gives back. */
export interface ActionSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I
  readonly output: O
}

export const action = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O): ActionSpec<I, O> => ({
  input,
  output,
})

export type Contract = Readonly<Record<string, ActionSpec>>
export type OutputOf<S extends ActionSpec> = z.output<S['output']>
