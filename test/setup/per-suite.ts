// Integration suites talk to a real broker and database: room for a busy machine (their own waits
// are condition waits with ceilings), but never hang forever.
jest.setTimeout(300_000);
