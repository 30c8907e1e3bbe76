/**
 * The Node flags the App runs with (`npm start`; on a serverless platform, `NODE_OPTIONS`).
 *
 * Every delivery allocates some 200–350 KB that die with it (Probot's per-event Octokit, the
 * payload, the state comment). With V8's default young generation (16 MB semi-spaces) a
 * scavenge lands every ~50 deliveries and is the whole of the handler's CPU tail: p99 6–7.5 ms
 * against a median under 1 ms (`npm run bench`, app-handlers, quiet machine). With 64 MB
 * semi-spaces it lands every ~200 and the p99 is ~1.5–2.2 ms; the memory is reserved only as
 * the young generation grows, at most a few hundred MB on a server that handles nothing else.
 */
export const APP_NODE_FLAGS = ["--max-semi-space-size=64"] as const;
