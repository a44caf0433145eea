/**
 * The community context's public face: the only module of cloudfunctions/community/ that code outside it
 * (other contexts, emulator/seed, bench) may import. Nothing outside uses community's internals today —
 * other functions learn who is calling from `shared/caller` and read residents, staff and committees
 * through the data layer (`shared/data`) — so it exports nothing. Add here, rather than importing an
 * internal module, when another context needs a community rule.
 */
export {}
