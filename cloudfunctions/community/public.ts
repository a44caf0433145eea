/**
 * The community context's public face: the only module of cloudfunctions/community/ that code outside it
 * (other contexts, emulator/seed, bench) may import. Other functions learn who is calling from
 * `shared/caller` and read residents, staff and committees through the data layer (`shared/data`); what
 * they need of community's own work is here.
 */
/** The outbox sweep resumes an Excel import whose run stopped and whose owner is not there to restart it. */
export { resumeStalledImport } from './importRun'
