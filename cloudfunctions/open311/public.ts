/**
 * The open311 context's public face: how a partner key is stored (its SHA-256), for the demo data that
 * seeds the hotline's key.
 */
export { keyHash } from './keys'
