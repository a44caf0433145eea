// Placeholder so the server compiles; the database engine replaces this file.
import type { Clock } from '../clock'
import type { AdminService } from '../contracts'

export interface LocalDatabase {
  readonly admin: AdminService
  close(): Promise<void>
}

export async function openDatabase(_opts: { dataDir: string; clock: Clock; quiet?: boolean }): Promise<LocalDatabase> {
  return { admin: { handle: async () => undefined }, close: async () => undefined }
}
