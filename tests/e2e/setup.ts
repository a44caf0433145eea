// A browser test starts the product and Chromium; allow for that on a busy 2-core machine.
jest.setTimeout(180_000)
