/**
 * How the parts of the local cloud plug into the one HTTP server (emulator/server.ts).
 * - the document database and storage answer the JSON actions `database.*` and `storage.*` of POST /admin;
 * - the function host answers `functions.invokeFunction` and serves POST /fn/<name>;
 * - the open-API sink answers the multipart `wx.openApi` calls.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

/** The JSON body wx-server-sdk posts to /admin (common fields of docs/cloudbase-wire.md §1.3 included). */
export type AdminBody = Record<string, unknown> & { action: string }

/**
 * Marks a request the local cloud makes on its own behalf (the open-API sink standing in for WeChat, the dev
 * console): it is served like any other but not counted, as CloudBase bills the environment only for what
 * its functions ask.
 */
export const UNBILLED: unique symbol = Symbol('unbilled')

/** What /admin answers: `{ data, requestId }` on success, `{ code, message, requestId }` on error. */
export type AdminReply = {
  data?: unknown
  code?: string
  message?: string
  requestId: string
  [k: string]: unknown
}

export interface AdminService {
  /** Handles one JSON action; returns undefined when the action is not this service's. */
  handle(body: AdminBody, envName: string): Promise<AdminReply | undefined>
}

/** A service with plain HTTP endpoints of its own (storage upload/download URLs, /fn, /_dev). */
export interface HttpService {
  /** Returns true when it handled the request. */
  serve(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>
}
