// Each integration file starts a whole local cloud; allow for that on a busy 2-core machine.
jest.setTimeout(60_000)
