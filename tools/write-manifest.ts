/**
 * Writes `cloudfunctions/collections.json` from the collection registry (cloudfunctions/shared/data).
 * Run after changing a collection or an index: `npm run manifest`. The unit test beside the registry fails
 * while the file and the registry disagree.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { manifest } from '../cloudfunctions/shared/data'

const path = join(__dirname, '..', 'cloudfunctions', 'collections.json')
writeFileSync(path, JSON.stringify(manifest(), null, 2) + '\n')
console.log(`wrote ${path}: ${manifest().collections.length} collections`)
