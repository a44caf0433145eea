// Placeholder so the server compiles; the storage service replaces this file.
import type { Clock } from '../clock'
import type { AdminService, HttpService } from '../contracts'

export interface LocalStorage {
  readonly admin: AdminService
  readonly http: HttpService
  close(): Promise<void>
}

export async function openStorage(_opts: {
  dataDir: string
  clock: Clock
  envId: string
  baseUrl: () => string
}): Promise<LocalStorage> {
  return { admin: { handle: async () => undefined }, http: { serve: async () => false }, close: async () => undefined }
}
