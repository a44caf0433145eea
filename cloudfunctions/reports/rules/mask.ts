/**
 * Masking for what officers and exports see lives in one module for every context (`shared/mask.ts`);
 * reports' rules take it from there, so a case list, a digest and the xlsx cannot drift apart.
 */
export { EXCERPT_LENGTH, maskName, maskPhone, maskText } from '../../shared/mask'
